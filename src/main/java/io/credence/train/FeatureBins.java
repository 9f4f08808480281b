package io.credence.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The fitted bins of one feature. Numeric: bin i holds values in [upper(i-1), upper(i)) (the last
 * one has no upper, the first no lower), null and NaN fall in the missing bin. Categorical: bin i
 * holds the categories {@code categories(i)}, the last bin ("other") every other category, null
 * falls in the missing bin.
 *
 * @param feature the feature column
 * @param direction the bad rate's direction over the bins
 * @param cells the merged bins with their counts; the last cell's upper is null
 * @param woe weight of evidence per bin, in bin order
 * @param missing counts of the missing bin (upper null)
 * @param missingWoe weight of evidence of the missing bin; 0 when no value was missing
 * @param iv information value over all bins and the missing bin
 * @param categories per bin its categories, the last (other) bin's list empty; null when numeric
 */
public record FeatureBins(
    String feature,
    Direction direction,
    List<Cell> cells,
    List<Double> woe,
    Cell missing,
    double missingWoe,
    double iv,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<List<String>> categories) {

  public FeatureBins {
    cells = List.copyOf(cells);
    woe = List.copyOf(woe);
    categories = categories == null ? null : categories.stream().map(List::copyOf).toList();
  }

  /** Fits WoE and IV to merged cells and the missing cell. */
  public static FeatureBins of(
      String feature, Direction direction, List<Cell> cells, Cell missing) {
    return fit(feature, direction, cells, missing, null);
  }

  /**
   * Fits WoE and IV to one cell per category list in {@code categories} (the last list empty: the
   * other bin) and the missing cell. An empty bin has WoE 0, so a category never seen in training
   * gets neutral evidence.
   */
  public static FeatureBins ofCategories(
      String feature, List<List<String>> categories, List<Cell> cells, Cell missing) {
    if (categories.size() != cells.size() || !categories.get(categories.size() - 1).isEmpty()) {
      throw new IllegalArgumentException(
          "one category list per cell, the last one (other) empty: " + categories);
    }
    return fit(feature, Direction.UNORDERED, cells, missing, categories);
  }

  private static FeatureBins fit(
      String feature,
      Direction direction,
      List<Cell> cells,
      Cell missing,
      List<List<String>> categories) {
    long totalGood = missing.good() + cells.stream().mapToLong(Cell::good).sum();
    long totalBad = missing.bad() + cells.stream().mapToLong(Cell::bad).sum();
    if (totalGood == 0 || totalBad == 0) {
      List<Double> zeros = cells.stream().map(c -> 0.0).toList();
      return new FeatureBins(feature, direction, cells, zeros, missing, 0.0, 0.0, categories);
    }
    List<Double> woe = cells.stream().map(c -> woe(c, totalGood, totalBad)).toList();
    double missingWoe = woe(missing, totalGood, totalBad);
    double iv = WoeMath.ivPart(missing.good(), missing.bad(), totalGood, totalBad);
    for (Cell c : cells) {
      iv += WoeMath.ivPart(c.good(), c.bad(), totalGood, totalBad);
    }
    return new FeatureBins(feature, direction, cells, woe, missing, missingWoe, iv, categories);
  }

  private static double woe(Cell c, long totalGood, long totalBad) {
    return c.total() == 0 ? 0.0 : WoeMath.woe(c.good(), c.bad(), totalGood, totalBad);
  }

  /** Whether the feature is binned by category. */
  public boolean categorical() {
    return categories != null;
  }

  /** The upper bounds of every bin but the last, i.e. Bucketizer's inner splits. */
  public List<Double> uppers() {
    return cells.subList(0, cells.size() - 1).stream().map(Cell::upper).toList();
  }

  /** The column holding this feature's WoE after encoding. */
  public String woeColumn() {
    return "woe_" + feature;
  }
}
