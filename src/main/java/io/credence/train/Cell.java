package io.credence.train;

/**
 * Counts of one bin while binning: values below {@code upper} (null: no upper bound) that are not
 * in an earlier bin.
 *
 * @param upper exclusive upper bound, or null on the last bin
 * @param good persons with label 0
 * @param bad persons with label 1
 */
public record Cell(Double upper, long good, long bad) {

  /** All persons in the bin. */
  public long total() {
    return good + bad;
  }

  /** Share of bads; 0 for an empty bin. */
  public double badRate() {
    return total() == 0 ? 0.0 : bad / (double) total();
  }

  /** This bin and the next one as one bin (the next one's upper). */
  public Cell mergeWithNext(Cell next) {
    return new Cell(next.upper(), good + next.good(), bad + next.bad());
  }
}
