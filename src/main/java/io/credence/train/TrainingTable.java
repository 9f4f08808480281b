package io.credence.train;

import static io.credence.schema.Columns.PERSON_ID;
import static io.credence.schema.Columns.REASONS;
import static io.credence.schema.Columns.SCORE;
import static io.credence.schema.Columns.SCORECARD_ID;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import io.credence.error.TrainErrors;
import io.credence.schema.FeatureNames;
import io.credence.score.ScorecardApplier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.VariantType;

/**
 * The contract of a table brought to {@code train --table}: a 0/1 label column and feature columns
 * that are numeric (binned by quantiles), strings or booleans (binned by category; a boolean's
 * categories are "true" and "false"). Refuses, with what, why and how to fix it, a missing label, a
 * label that is not 0/1, a missing feature or one of another type, and every protected attribute.
 *
 * <p>By default every column but the label is a feature, except id columns: {@code id} and names
 * ending in {@code _id} (e.g. {@code person_id}), which identify rows rather than describe them.
 */
public final class TrainingTable {
  private TrainingTable() {}

  /** The flag of the hashed holdout's rows, next to the features until the split. */
  public static final String HOLDOUT_FLAG = "_holdout";

  /**
   * The columns training adds next to the features and the kept protected columns, besides each
   * feature's {@code woe_<feature>} and the scorer's {@code _slot_<n>}: the label, the holdout
   * flag, the model's columns, and the columns of scoring for evaluation.
   */
  public static final List<String> ADDED_COLUMNS =
      Stream.of(
              List.of(Labels.LABEL, HOLDOUT_FLAG),
              ModelFit.ADDED_COLUMNS,
              List.of(PERSON_ID, SCORE, REASONS, SCORECARD_ID, ScorecardApplier.RANKED))
          .flatMap(List::stream)
          .toList();

  /** Hash buckets of the holdout split; the held-out share is a whole number of them. */
  private static final long HASH_BUCKETS = 1_000_000L;

  /** Label counts of a table: rows, nulls, zeros, ones and up to a few other values seen. */
  public record LabelCounts(long rows, long nulls, long zeros, long ones, List<String> others) {
    /** Rows whose label is neither null, 0 nor 1. */
    public long otherCount() {
      return rows - nulls - zeros - ones;
    }
  }

  /** Whether {@code column} is an id column, left out of the default features. */
  public static boolean isIdColumn(String column) {
    String name = column.toLowerCase(Locale.ROOT);
    return name.equals("id") || name.endsWith("_id");
  }

  /** Refuses a label column that is missing or not numeric (or boolean). */
  public static void requireLabelColumn(StructType schema, String label, String table) {
    List<String> have = Arrays.asList(schema.fieldNames());
    if (!have.contains(label)) {
      throw TrainErrors.noLabelColumn(table, label, have);
    }
    DataType type = schema.apply(label).dataType();
    if (!(type instanceof NumericType) && !(type instanceof BooleanType)) {
      throw TrainErrors.labelNotNumeric(label, table, type.simpleString());
    }
  }

  /** Which table a check is about: the training table or the --holdout-table. */
  public enum Part {
    TRAINING,
    HOLDOUT
  }

  /** Refuses a label with nulls, values other than 0 and 1, or only one of the two classes. */
  public static void requireBinaryLabel(LabelCounts c, String label, String table, Part part) {
    if (c.nulls() > 0 || c.otherCount() > 0) {
      throw TrainErrors.labelNotBinary(
          label, table, c.rows(), c.nulls(), c.otherCount(), c.others(), c.zeros(), c.ones());
    }
    if (c.zeros() == 0 || c.ones() == 0) {
      throw part == Part.HOLDOUT
          ? TrainErrors.holdoutLabelOneClass(label, table, c.zeros(), c.ones())
          : TrainErrors.labelOneClass(label, table, c.zeros(), c.ones());
    }
  }

  /**
   * The feature columns: {@code requested} when given (null: every column but the label and the id
   * columns), each checked to exist, to be numeric, a string or a boolean, and not to be protected
   * (a protected name, or one of the {@code declared} protected columns).
   */
  public static List<String> features(
      StructType schema,
      String label,
      List<String> requested,
      List<String> declared,
      String table) {
    List<String> have = Arrays.asList(schema.fieldNames());
    if (requested != null && requested.stream().anyMatch(String::isBlank)) {
      throw TrainErrors.featuresBlank(requested);
    }
    List<String> features =
        requested != null
            ? List.copyOf(requested)
            : have.stream().filter(c -> !c.equals(label) && !isIdColumn(c)).toList();
    requireDistinct(features);
    requireNotProtected(features, have, label, declared, requested == null);
    List<String> missing = features.stream().filter(f -> !have.contains(f)).toList();
    if (!missing.isEmpty()) {
      throw TrainErrors.noSuchFeatures(table, missing, have);
    }
    if (features.isEmpty()) {
      throw TrainErrors.noFeatureColumns(table);
    }
    for (String f : features) {
      requireFeature(schema, f, label, table);
    }
    return features;
  }

  /**
   * The table's protected columns: those with a protected name, then the {@code declared} ones,
   * each of which must exist. They are never features; the proxy check compares features with them.
   */
  public static List<String> protectedColumns(
      StructType schema, String label, List<String> declared, String table) {
    if (declared.contains(label)) {
      throw TrainErrors.protectedIsLabel(label);
    }
    List<String> have = Arrays.asList(schema.fieldNames());
    List<String> missing = declared.stream().filter(d -> !have.contains(d)).toList();
    if (!missing.isEmpty()) {
      throw TrainErrors.noSuchProtected(table, missing, have);
    }
    List<String> out = new ArrayList<>(have.stream().filter(FeatureNames::isProtected).toList());
    declared.stream().filter(d -> !out.contains(d)).forEach(out::add);
    return List.copyOf(out);
  }

  /**
   * The features whose name marks a likely proxy ({@link ProxyCheck#byName}) and that {@code
   * allowed} names, with why; refuses (exit 2) the others, and an {@code allowed} column that is
   * not a feature.
   */
  public static Map<String, String> allowedNamedProxies(
      List<String> features, List<String> allowed) {
    List<String> strays = allowed.stream().filter(a -> !features.contains(a)).toList();
    if (!strays.isEmpty()) {
      throw TrainErrors.allowProxyStrays(strays, features);
    }
    Map<String, String> flagged = new LinkedHashMap<>();
    features.forEach(f -> ProxyCheck.byName(f).ifPresent(why -> flagged.put(f, why)));
    ProxyCheck.requireAllowed(flagged, allowed);
    return flagged;
  }

  /**
   * Refuses a feature or kept protected column whose name, ignoring case as Spark does, is one
   * training adds ({@link #ADDED_COLUMNS}, {@code woe_<feature>}, {@code _slot_<n>}). Only these
   * columns reach the fit, so the table's other columns never clash.
   */
  public static void requireNoClash(
      List<String> features, List<String> protectedColumns, boolean byDefault) {
    List<String> clashing = features.stream().filter(f -> clashes(f, features)).toList();
    if (!clashing.isEmpty()) {
      String without =
          features.stream().filter(f -> !clashing.contains(f)).collect(Collectors.joining(","));
      throw TrainErrors.featuresClash(clashing, ADDED_COLUMNS, byDefault ? without : null);
    }
    List<String> kept = protectedColumns.stream().filter(p -> clashes(p, features)).toList();
    if (!kept.isEmpty()) {
      throw TrainErrors.protectedClash(kept, ADDED_COLUMNS);
    }
  }

  /** Refuses a feature named twice, ignoring case as Spark does. */
  private static void requireDistinct(List<String> features) {
    Set<String> seen = new HashSet<>();
    List<String> twice =
        features.stream().filter(f -> !seen.add(f.toLowerCase(Locale.ROOT))).distinct().toList();
    if (!twice.isEmpty()) {
      throw TrainErrors.duplicateFeatures(twice);
    }
  }

  private static boolean clashes(String column, List<String> features) {
    String c = column.toLowerCase(Locale.ROOT);
    return ADDED_COLUMNS.stream().anyMatch(column::equalsIgnoreCase)
        || c.startsWith(ScorecardApplier.SLOT_PREFIX)
        || features.stream().anyMatch(f -> c.equals("woe_" + f.toLowerCase(Locale.ROOT)));
  }

  private static void requireNotProtected(
      List<String> features,
      List<String> have,
      String label,
      List<String> declared,
      boolean byDefault) {
    List<String> banned =
        features.stream().filter(f -> FeatureNames.isProtected(f) || declared.contains(f)).toList();
    if (banned.isEmpty()) {
      return;
    }
    String allowed =
        have.stream()
            .filter(c -> !c.equals(label) && !isIdColumn(c) && !FeatureNames.isProtected(c))
            .filter(c -> !declared.contains(c))
            .reduce((a, b) -> a + "," + b)
            .orElse("");
    throw byDefault
        ? TrainErrors.protectedByDefault(banned, allowed)
        : TrainErrors.protectedNamed(banned);
  }

  private static void requireFeature(StructType schema, String f, String label, String table) {
    if (f.equalsIgnoreCase(label)) {
      throw TrainErrors.featureIsLabel(f, table);
    }
    if (!f.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw TrainErrors.featureNameInvalid(f, table);
    }
    DataType type = schema.apply(f).dataType();
    if (!(type instanceof NumericType) && !categorical(type)) {
      throw TrainErrors.featureTypeUnsupported(f, table, type.simpleString());
    }
  }

  /** Whether a column of this type is binned by category: strings and booleans. */
  public static boolean categorical(DataType type) {
    return type instanceof StringType || type instanceof BooleanType;
  }

  /**
   * The features (booleans as the strings "true" and "false", so they bin as two categories),
   * {@code label} (as double 0/1) and the {@code keep} columns, nothing else: no column of the
   * table can clash with the model's.
   */
  public static Dataset<Row> labelled(
      Dataset<Row> table, String label, List<String> features, String... keep) {
    List<Column> columns = new ArrayList<>();
    StructType schema = table.schema();
    for (String f : features) {
      boolean flag = schema.apply(f).dataType() instanceof BooleanType;
      columns.add(flag ? col(f).cast("string").as(f) : col(f));
    }
    Arrays.stream(keep).forEach(k -> columns.add(column(k)));
    columns.add(column(label).cast("double").as(Labels.LABEL));
    return table.select(columns.toArray(Column[]::new));
  }

  /**
   * True for the rows of the deterministic holdout: a seeded 64-bit hash of the row's values falls
   * in the first {@code share} of its range. The same table and seed give the same split. Every
   * column is hashed, in the table's order, but those xxhash64 cannot hash (maps and variants, also
   * inside arrays and structs); names are quoted, so {@code a.b} is a column, not a field.
   */
  public static Column inHoldout(Dataset<Row> table, TableConfig config) {
    List<Column> values = new ArrayList<>(List.of(lit(config.holdoutSeed())));
    for (StructField field : table.schema().fields()) {
      if (hashable(field.dataType())) {
        values.add(table.col(quoted(field.name())));
      }
    }
    long cut = Math.round(config.holdoutShare() * HASH_BUCKETS);
    return pmod(xxhash64(values.toArray(Column[]::new)), lit(HASH_BUCKETS)).lt(lit(cut));
  }

  /**
   * The column named {@code name}, whatever characters the name holds: quoted, so {@code a.b} is a
   * column, not the field b of a struct a. The table's other columns than the features (the label,
   * protected columns) may have any name.
   */
  public static Column column(String name) {
    return col(quoted(name));
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** Whether xxhash64 accepts a value of this type: it refuses maps and variants, at any depth. */
  static boolean hashable(DataType type) {
    if (type instanceof MapType || type instanceof VariantType) {
      return false;
    }
    if (type instanceof ArrayType array) {
      return hashable(array.elementType());
    }
    if (type instanceof StructType struct) {
      return Arrays.stream(struct.fields()).allMatch(f -> hashable(f.dataType()));
    }
    return true;
  }
}
