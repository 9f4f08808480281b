package io.credence.score;

import static io.credence.schema.Columns.PERSON_ID;
import static io.credence.schema.Columns.POINTS_LOST;
import static io.credence.schema.Columns.REASONS;
import static io.credence.schema.Columns.REASON_CODE;
import static io.credence.schema.Columns.REASON_FEATURE;
import static io.credence.schema.Columns.REASON_TEXT;
import static io.credence.schema.Columns.SCORE;
import static io.credence.schema.Columns.SCORECARD_ID;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_remove;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;

import io.credence.config.ConfigException;
import io.credence.schema.ColumnChecks;
import io.credence.schema.OutputSchemas;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;

/**
 * Applies a scorecard with built-in Spark SQL expressions only, the job's scoring path: one CASE
 * WHEN per feature finds the bin, constant arrays give its points and reason rank, an integer sort
 * orders the reasons. No UDFs, no lambdas, so Spark generates code for all of it.
 *
 * <p>Needs {@code person_id} and the scorecard's feature columns (numeric, or strings for
 * categorical features). Adds {@code score} (int, base points plus the points of every feature,
 * rounded half up and clamped to [350, 950]), {@code reasons} (array of {@link
 * OutputSchemas#REASON_STRUCT}: features that lost points against their best bin, most points lost
 * first, ties in scorecard order) and {@code scorecard_id}. Drops no rows.
 *
 * <p>Run the job with {@code spark.sql.codegen.hugeMethodLimit=8000}, Spark's documented advice on
 * HotSpot: the code Spark generates for a 20-feature scorecard is larger than the 8000 bytes
 * HotSpot will compile, and left interpreted, scoring runs about ten times slower.
 */
public final class ScorecardApplier {
  private ScorecardApplier() {}

  /** Reasons kept per person unless the job config says otherwise (the product's "up to 4"). */
  public static final int DEFAULT_MAX_REASONS = 4;

  /** Most reasons a job may ask for. */
  public static final int MAX_REASONS_LIMIT = 10;

  /** The type of the {@code reasons} column. */
  public static final ArrayType REASONS_TYPE =
      (ArrayType) OutputSchemas.SCORES.apply(REASONS).dataType();

  /**
   * The reasons of {@link #applyRanked} as ranks (array of int, best first): what {@link #reasons}
   * turns into {@code reasons}.
   */
  public static final String RANKED = "_ranked_reasons";

  /** Prefix of the working columns {@code _slot_0, _slot_1, ...}, dropped before a step returns. */
  public static final String SLOT_PREFIX = "_slot_";

  /** Scores with {@link #DEFAULT_MAX_REASONS} reasons per person. */
  public static Dataset<Row> apply(Dataset<Row> features, Scorecard card) {
    return apply(features, card, DEFAULT_MAX_REASONS);
  }

  /** Scores every row; keeps at most {@code maxReasons} (0..10) reasons per person. */
  public static Dataset<Row> apply(Dataset<Row> features, Scorecard card, int maxReasons) {
    Dataset<Row> ranked = applyRanked(features, card, maxReasons);
    Column[] out =
        Arrays.stream(ranked.columns())
            .map(c -> c.equals(RANKED) ? reasons(card, maxReasons).as(REASONS) : col(c))
            .toArray(Column[]::new);
    return ranked.select(out);
  }

  /**
   * As {@link #apply}, with the reasons as their ranks in {@link #RANKED} (a few ints per person
   * instead of up to {@code maxReasons} structs of texts) in place of {@code reasons}; {@link
   * #reasons} gives them from the ranks. For a result kept in memory.
   */
  public static Dataset<Row> applyRanked(Dataset<Row> features, Scorecard card, int maxReasons) {
    String step = "scorecard " + card.id();
    List<String> needed = new ArrayList<>(card.featureNames());
    needed.add(0, PERSON_ID);
    ColumnChecks.requirePresent(features, step, needed);
    requireFeatureTypes(features, step, card);
    ColumnChecks.requireAbsent(features, step, SCORE, REASONS, SCORECARD_ID, RANKED);
    ColumnChecks.requireAbsent(features, step, slotColumns(card).toArray(String[]::new));
    requireMaxReasons(maxReasons);
    ScorecardTables tables = new ScorecardTables(card);
    List<Column> out = new ArrayList<>(Arrays.stream(features.columns()).map(c -> col(c)).toList());
    out.add(col(SCORE));
    out.add(col(RANKED));
    out.add(lit(card.id()).as(SCORECARD_ID));
    return withScoreAndRanks(withSlots(features, tables, card), tables, card, maxReasons)
        .select(out.toArray(Column[]::new));
  }

  /**
   * Fails when a feature's column has the wrong type: numeric features compare numbers, categorical
   * features compare strings (a boolean column as its strings "true" and "false").
   */
  static void requireFeatureTypes(Dataset<Row> features, String step, Scorecard card) {
    for (FeatureScore f : card.features()) {
      if (f.kind() == FeatureKind.CATEGORY) {
        ColumnChecks.requireType(
            features,
            step,
            f.feature(),
            "a string or boolean",
            t -> t instanceof StringType || t instanceof BooleanType);
      } else {
        ColumnChecks.requireType(
            features, step, f.feature(), "numeric", NumericType.class::isInstance);
      }
    }
  }

  /** Fails unless {@code maxReasons} is in 0..{@value #MAX_REASONS_LIMIT}. */
  public static void requireMaxReasons(int maxReasons) {
    ConfigException.require(
        maxReasons >= 0 && maxReasons <= MAX_REASONS_LIMIT,
        "scoring.max_reasons",
        maxReasons,
        "a whole number from 0 to " + MAX_REASONS_LIMIT + " (default " + DEFAULT_MAX_REASONS + ")");
  }

  /** Base plus points summed in scorecard order, rounded half up, clamped, as int. */
  static Column score(double basePoints, List<Column> points) {
    Column raw = lit(basePoints);
    for (Column p : points) {
      raw = raw.plus(p);
    }
    Column clamped =
        greatest(
            lit((double) Scorecard.MIN_SCORE),
            least(lit((double) Scorecard.MAX_SCORE), round(raw)));
    return clamped.cast(DataTypes.IntegerType);
  }

  /**
   * Adds each feature's slot. A projection of its own on purpose: the next one reads every slot
   * twice, and Spark does not merge projections when that would repeat a CASE WHEN.
   */
  private static Dataset<Row> withSlots(Dataset<Row> features, ScorecardTables t, Scorecard card) {
    List<Column> columns = new ArrayList<>(List.of(col("*")));
    List<String> names = slotColumns(card);
    for (int i = 0; i < names.size(); i++) {
      columns.add(t.slot(i).as(names.get(i)));
    }
    return features.select(columns.toArray(Column[]::new));
  }

  /** Adds the score and the ranks of the person's reasons, best first, at most maxReasons. */
  private static Dataset<Row> withScoreAndRanks(
      Dataset<Row> slotted, ScorecardTables t, Scorecard card, int maxReasons) {
    List<Column> points = new ArrayList<>();
    List<Column> ranks = new ArrayList<>();
    for (String slot : slotColumns(card)) {
      points.add(get(t.slotPoints(), col(slot)));
      ranks.add(get(t.slotRanks(), col(slot)));
    }
    Column losing = array_remove(array(ranks.toArray(Column[]::new)), ScorecardTables.NO_REASON);
    Column ranked = slice(sort_array(losing), 1, maxReasons);
    return slotted.select(col("*"), score(card.basePoints(), points).as(SCORE), ranked.as(RANKED));
  }

  /**
   * The {@code reasons} of a row of {@link #applyRanked} with the same {@code card} and {@code
   * maxReasons}: the ranks in {@link #RANKED} looked up in constant arrays.
   */
  public static Column reasons(Scorecard card, int maxReasons) {
    List<RankedReason> ranked = reasonsByRank(card);
    if (maxReasons == 0 || ranked.isEmpty()) {
      return array().cast(REASONS_TYPE);
    }
    Column codes = constants(ranked, r -> lit(r.code()));
    Column names = constants(ranked, r -> lit(r.feature()));
    Column lost = constants(ranked, r -> lit(r.pointsLost()));
    Column texts = constants(ranked, r -> lit(r.text()));
    List<Column> reasons = new ArrayList<>();
    for (int k = 0; k < maxReasons; k++) {
      Column rank = get(col(RANKED), lit(k));
      reasons.add(
          struct(
              get(codes, rank).as(REASON_CODE),
              get(names, rank).as(REASON_FEATURE),
              get(lost, rank).as(POINTS_LOST),
              get(texts, rank).as(REASON_TEXT)));
    }
    // Slots past the person's own reasons hold nulls; the slice drops them.
    return slice(array(reasons.toArray(Column[]::new)), lit(1), size(col(RANKED)))
        .cast(REASONS_TYPE);
  }

  /** The reason that a rank of {@link #RANKED} stands for: what {@link #reasons} writes for it. */
  public record RankedReason(String code, String feature, double pointsLost, String text) {}

  /** The reason each rank of {@link #RANKED} stands for, by rank (rank r is element r). */
  public static List<RankedReason> reasonsByRank(Scorecard card) {
    ScorecardTables t = new ScorecardTables(card);
    return t.ranked().stream()
        .map(
            l -> {
              FeatureScore f = feature(t, l);
              return new RankedReason(f.reasonCode(), f.feature(), l.pointsLost(), f.reasonText());
            })
        .toList();
  }

  private static FeatureScore feature(ScorecardTables t, ScorecardTables.Loss loss) {
    return t.card().features().get(loss.position());
  }

  private static Column constants(List<RankedReason> ranked, Function<RankedReason, Column> value) {
    return array(ranked.stream().map(value).toArray(Column[]::new));
  }

  /** Working columns holding each feature's slot. */
  private static List<String> slotColumns(Scorecard card) {
    return IntStream.range(0, card.features().size()).mapToObj(i -> SLOT_PREFIX + i).toList();
  }
}
