package io.credence.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * A scorecard compiled to constant lookup tables. Every bin and every missing value of every
 * feature is a numbered slot; each slot that loses points against its feature's best gets a rank in
 * the global reason order (points lost descending, then the feature's position in the scorecard).
 * Per row, scoring is then one CASE WHEN per feature (which slot) and array lookups, and ordering
 * reasons is a sort of small integers, exactly and without floating-point ties.
 */
final class ScorecardTables {
  /** Rank of a slot that loses no points; sorts after every real rank. */
  static final int NO_REASON = Integer.MAX_VALUE;

  private final Scorecard card;
  private final int[] firstSlot;
  private final double[] slotPoints;
  private final int[] slotRank;
  private final List<Loss> ranked = new ArrayList<>();

  /** One slot that loses points: which feature (by position), which slot, how many points. */
  record Loss(int position, int slot, double pointsLost) {}

  ScorecardTables(Scorecard card) {
    this.card = card;
    List<FeatureScore> features = card.features();
    firstSlot = new int[features.size()];
    int slots = 0;
    for (int i = 0; i < features.size(); i++) {
      firstSlot[i] = slots;
      slots += features.get(i).bins().size() + 1;
    }
    slotPoints = new double[slots];
    slotRank = new int[slots];
    for (int i = 0; i < features.size(); i++) {
      addSlots(i, features.get(i));
    }
    // Slot is the last tie-breaker only so the order is total; one person never has two slots of
    // the same feature.
    ranked.sort(
        Comparator.comparingDouble(Loss::pointsLost)
            .reversed()
            .thenComparingInt(Loss::position)
            .thenComparingInt(Loss::slot));
    Arrays.fill(slotRank, NO_REASON);
    for (int r = 0; r < ranked.size(); r++) {
      slotRank[ranked.get(r).slot()] = r;
    }
  }

  private void addSlots(int position, FeatureScore feature) {
    int bins = feature.bins().size();
    for (int s = 0; s <= bins; s++) {
      double points = s < bins ? feature.bins().get(s).points() : feature.missingPoints();
      int slot = firstSlot[position] + s;
      slotPoints[slot] = points;
      double lost = feature.bestPoints() - points;
      if (lost > 0) {
        ranked.add(new Loss(position, slot, lost));
      }
    }
  }

  /**
   * The slot of a feature's value: a CASE WHEN over its bins in order, so the first bin with {@code
   * value < upper} wins; null and NaN take the missing slot (Bucketizer's "keep" bucket). Values
   * are compared as doubles, as Bucketizer does, so both paths see the same edges. A categorical
   * feature's slot is the bin listing the value, else the other bin; null takes the missing slot.
   */
  Column slot(int position) {
    FeatureScore feature = card.features().get(position);
    int first = firstSlot[position];
    List<Bin> bins = feature.bins();
    if (feature.kind() == FeatureKind.CATEGORY) {
      // A boolean column's categories are its strings "true" and "false".
      return categorySlot(col(feature.feature()).cast(DataTypes.StringType), bins, first);
    }
    Column x = col(feature.feature()).cast(DataTypes.DoubleType);
    Column chain = when(x.isNull().or(isnan(x)), lit(first + bins.size()));
    for (int s = 0; s < bins.size(); s++) {
      Double upper = bins.get(s).upper();
      chain = upper == null ? chain.otherwise(lit(first + s)) : chain.when(x.lt(upper), first + s);
    }
    return chain;
  }

  private static Column categorySlot(Column x, List<Bin> bins, int first) {
    Column chain = when(x.isNull(), lit(first + bins.size()));
    for (int s = 0; s < bins.size(); s++) {
      List<String> values = bins.get(s).values();
      chain =
          values == null
              ? chain.otherwise(lit(first + s))
              : chain.when(x.isin(values.toArray()), first + s);
    }
    return chain;
  }

  /** The scorecard the tables were compiled from. */
  Scorecard card() {
    return card;
  }

  /** Points earned per slot. */
  Column slotPoints() {
    return lit(slotPoints);
  }

  /** Reason rank per slot, {@link #NO_REASON} where the slot loses nothing. */
  Column slotRanks() {
    return lit(slotRank);
  }

  /** The slots that lose points, in reason order: index = rank. */
  List<Loss> ranked() {
    return List.copyOf(ranked);
  }
}
