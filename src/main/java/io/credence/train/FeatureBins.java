package io.credence.train;

import java.util.List;

/**
 * The fitted bins of one feature: bin i holds values in [upper(i-1), upper(i)) (the last one has no
 * upper, the first no lower), null and NaN fall in the missing bin.
 *
 * @param feature the feature column
 * @param direction the bad rate's direction over the bins
 * @param cells the merged bins with their counts; the last cell's upper is null
 * @param woe weight of evidence per bin, in bin order
 * @param missing counts of the missing bin (upper null)
 * @param missingWoe weight of evidence of the missing bin; 0 when no value was missing
 * @param iv information value over all bins and the missing bin
 */
public record FeatureBins(
    String feature,
    Direction direction,
    List<Cell> cells,
    List<Double> woe,
    Cell missing,
    double missingWoe,
    double iv) {

  public FeatureBins {
    cells = List.copyOf(cells);
    woe = List.copyOf(woe);
  }

  /** Fits WoE and IV to merged cells and the missing cell. */
  public static FeatureBins of(
      String feature, Direction direction, List<Cell> cells, Cell missing) {
    long totalGood = missing.good() + cells.stream().mapToLong(Cell::good).sum();
    long totalBad = missing.bad() + cells.stream().mapToLong(Cell::bad).sum();
    if (totalGood == 0 || totalBad == 0) {
      return new FeatureBins(
          feature, direction, cells, cells.stream().map(c -> 0.0).toList(), missing, 0.0, 0.0);
    }
    List<Double> woe =
        cells.stream().map(c -> WoeMath.woe(c.good(), c.bad(), totalGood, totalBad)).toList();
    double missingWoe =
        missing.total() == 0
            ? 0.0
            : WoeMath.woe(missing.good(), missing.bad(), totalGood, totalBad);
    double iv = WoeMath.ivPart(missing.good(), missing.bad(), totalGood, totalBad);
    for (Cell c : cells) {
      iv += WoeMath.ivPart(c.good(), c.bad(), totalGood, totalBad);
    }
    return new FeatureBins(feature, direction, cells, woe, missing, missingWoe, iv);
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
