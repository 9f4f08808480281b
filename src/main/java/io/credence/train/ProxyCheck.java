package io.credence.train;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.when;

import io.credence.error.TrainErrors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Finds features of a training table that are likely proxies of a protected attribute: by name (a
 * word of the column name such as {@code sex}, {@code married} or {@code foreign}, see {@link
 * #NAME_WORDS}) and by association (the bias-corrected Cramér's V between a feature's fitted bins
 * and a protected column's groups).
 *
 * <p>{@link #contingency} needs the kept features and the protected columns; it collects nothing
 * and returns per (feature, protected column, bin, group) the count of rows, at most features ×
 * protected columns × bins × groups rows. Protected numbers and dates are grouped by quintiles
 * ({@link #groupSplits}, which collects only quantiles), strings and booleans by value; nulls are a
 * group and a bin of their own.
 */
public final class ProxyCheck {
  private ProxyCheck() {}

  /** Quantile groups of a numeric or date protected column, such as age. */
  static final int GROUPS = 5;

  /**
   * Words of a column name that mark a likely proxy, with the protected attribute each stands for.
   * A name is cut into words at non-letters and at lower-to-upper case changes ({@code isMarried}
   * is "is" and "married"), so {@code average} or {@code mortgage} hold no "age".
   */
  public static final Map<String, String> NAME_WORDS = nameWords();

  private static Map<String, String> nameWords() {
    Map<String, String> words = new LinkedHashMap<>();
    put(words, "sex", "sex", "gender", "male", "female", "man", "woman", "men", "women");
    put(
        words,
        "marital status",
        "marital",
        "married",
        "unmarried",
        "marriage",
        "single",
        "divorced",
        "widowed",
        "widow",
        "widower",
        "spouse",
        "husband",
        "wife");
    put(words, "age", "age", "aged", "birth", "born", "dob", "yob");
    put(
        words,
        "nationality or origin",
        "foreign",
        "foreigner",
        "nationality",
        "citizen",
        "citizenship",
        "immigrant",
        "migrant",
        "native",
        "race",
        "racial",
        "ethnic",
        "ethnicity");
    put(words, "religion", "religion", "religious");
    put(words, "disability", "disability", "disabled", "handicap");
    put(words, "pregnancy", "pregnant", "pregnancy", "maternity");
    put(words, "region", "region", "zip", "zipcode", "postcode", "postal");
    return java.util.Collections.unmodifiableMap(words);
  }

  private static void put(Map<String, String> words, String attribute, String... list) {
    Arrays.stream(list).forEach(w -> words.put(w, attribute));
  }

  /**
   * The words of a column name, lower case: {@code personal_statusSex2} is personal, status, sex.
   */
  static List<String> words(String column) {
    return Arrays.stream(column.split("[^A-Za-z]+|(?<=[a-z])(?=[A-Z])"))
        .filter(w -> !w.isEmpty())
        .map(w -> w.toLowerCase(Locale.ROOT))
        .toList();
  }

  /**
   * Why a column's name marks it as a likely proxy ("the word 'sex' (sex)"), or empty. The German
   * credit data's {@code personal_status} (sex and marital status) is named too.
   */
  public static Optional<String> byName(String column) {
    List<String> words = words(column);
    for (int i = 0; i < words.size(); i++) {
      String attribute = NAME_WORDS.get(words.get(i));
      if (attribute != null) {
        return Optional.of("its name holds the word '" + words.get(i) + "' (" + attribute + ")");
      }
      if (words.get(i).equals("personal")
          && i + 1 < words.size()
          && words.get(i + 1).equals("status")) {
        return Optional.of("its name holds 'personal status' (sex and marital status)");
      }
    }
    return Optional.empty();
  }

  /**
   * Refuses (exit 2) the flagged features, feature to why, that {@code allowed} does not name, all
   * of them in one message.
   */
  public static void requireAllowed(Map<String, String> flagged, List<String> allowed) {
    List<String> refused = flagged.keySet().stream().filter(f -> !allowed.contains(f)).toList();
    if (refused.isEmpty()) {
      return;
    }
    Map<String, String> refusedWithWhy = new LinkedHashMap<>();
    refused.forEach(f -> refusedWithWhy.put(f, flagged.get(f)));
    throw TrainErrors.likelyProxies(refusedWithWhy);
  }

  /** Whether a protected column of this type is grouped by quantiles rather than by value. */
  static boolean ordered(DataType type) {
    return type instanceof NumericType || type instanceof DateType || type instanceof TimestampType;
  }

  /** A protected column as a number: dates as days since 1970, for quantile grouping. */
  private static Column asNumber(Dataset<Row> rows, String column) {
    DataType type = rows.schema().apply(column).dataType();
    if (type instanceof NumericType) {
      return TrainingTable.column(column).cast("double");
    }
    return unix_date(TrainingTable.column(column).cast("date")).cast("double");
  }

  /** Quintile splits of each ordered protected column (empty list for the others). */
  public static List<List<Double>> groupSplits(Dataset<Row> rows, List<String> protectedColumns) {
    List<String> ordered =
        protectedColumns.stream().filter(p -> ordered(rows.schema().apply(p).dataType())).toList();
    List<List<Double>> out = new ArrayList<>();
    if (ordered.isEmpty()) {
      protectedColumns.forEach(p -> out.add(List.of()));
      return out;
    }
    // Named by position: a protected column's own name may hold a dot, which quantiles would read
    // as a struct's field.
    List<String> names = new ArrayList<>();
    List<Column> numbers = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i++) {
      names.add("_group_" + i);
      numbers.add(asNumber(rows, ordered.get(i)).as(names.get(i)));
    }
    List<List<Double>> splits =
        Binning.quantileSplits(rows.select(numbers.toArray(Column[]::new)), names, GROUPS);
    for (String p : protectedColumns) {
      int i = ordered.indexOf(p);
      out.add(i < 0 ? List.of() : splits.get(i));
    }
    return out;
  }

  /**
   * Rows {@code f} (feature index), {@code p} (protected index), {@code bin} (-1 missing), {@code
   * grp} (the group as a string, null for a null value) and {@code n}, for every pair.
   */
  public static Dataset<Row> contingency(
      Dataset<Row> rows,
      List<FeatureBins> kept,
      List<String> protectedColumns,
      List<List<Double>> splits) {
    StructType schema = rows.schema();
    Column[] groups = new Column[protectedColumns.size()];
    for (int p = 0; p < groups.length; p++) {
      String column = protectedColumns.get(p);
      groups[p] =
          ordered(schema.apply(column).dataType())
              ? Binning.binIndex(asNumber(rows, column), splits.get(p)).cast("string")
              : TrainingTable.column(column).cast("string");
      // Binning.binIndex gives -1 to a missing number; a missing string stays null.
      groups[p] =
          when(TrainingTable.column(column).isNull(), lit(null).cast("string"))
              .otherwise(groups[p]);
    }
    List<Column> slots = new ArrayList<>();
    for (int f = 0; f < kept.size(); f++) {
      Column bin = binOf(kept.get(f));
      for (int p = 0; p < groups.length; p++) {
        slots.add(struct(lit(f).as("f"), lit(p).as("p"), bin.as("bin"), groups[p].as("grp")));
      }
    }
    return rows.select(explode(array(slots.toArray(Column[]::new))).as("s"))
        .groupBy(col("s.f"), col("s.p"), col("s.bin"), col("s.grp"))
        .agg(count(lit(1)).as("n"));
  }

  /** The bin index of a row's value as the points table assigns it; -1 for a missing value. */
  private static Column binOf(FeatureBins b) {
    Column v = col(b.feature());
    if (!b.categorical()) {
      return Binning.binIndex(v, b.uppers());
    }
    int other = b.categories().size() - 1;
    Column bin = when(v.isNull(), lit(-1));
    for (int i = 0; i < other; i++) {
      bin = bin.when(v.isin(b.categories().get(i).toArray()), lit(i));
    }
    return bin.otherwise(lit(other));
  }

  /**
   * Cramér's V of a contingency table with Bergsma's bias correction, which keeps small tables of
   * independent columns near 0; empty rows and columns are dropped; 0 when fewer than two remain.
   */
  public static double cramersV(long[][] table) {
    List<long[]> rows = Arrays.stream(table).filter(r -> Arrays.stream(r).sum() > 0).toList();
    if (rows.isEmpty()) {
      return 0.0;
    }
    int width = rows.get(0).length;
    long[] colSums = new long[width];
    rows.forEach(r -> Arrays.setAll(colSums, j -> colSums[j] + r[j]));
    int[] cols = java.util.stream.IntStream.range(0, width).filter(j -> colSums[j] > 0).toArray();
    int r = rows.size();
    int k = cols.length;
    double n = Arrays.stream(colSums).sum();
    if (r < 2 || k < 2 || n < 2) {
      return 0.0;
    }
    double chi2 = 0;
    for (long[] row : rows) {
      double rowSum = Arrays.stream(row).sum();
      for (int j : cols) {
        double expected = rowSum * colSums[j] / n;
        chi2 += (row[j] - expected) * (row[j] - expected) / expected;
      }
    }
    double phi2 = Math.max(0, chi2 / n - (k - 1.0) * (r - 1.0) / (n - 1));
    double rc = r - (r - 1.0) * (r - 1.0) / (n - 1);
    double kc = k - (k - 1.0) * (k - 1.0) / (n - 1);
    double d = Math.min(kc - 1, rc - 1);
    return d <= 0 ? 0.0 : Math.sqrt(phi2 / d);
  }
}
