package io.credence.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class WoeMathTest {

  @Test
  void woeAndIvMatchHandComputedExample() {
    // 3 bins + missing; goods 40/30/20 + missing 10 = 100, bads 5/10/15 + 0 = 30.
    List<Cell> cells = List.of(new Cell(1.0, 40, 5), new Cell(5.0, 30, 10), new Cell(null, 20, 15));
    FeatureBins b = FeatureBins.of("pay_count_24m", Direction.RISING, cells, new Cell(null, 10, 0));
    // ln((40/100)/(5/30)) = ln(2.4); ln((30/100)/(10/30)) = ln(0.9); ln((20/100)/(15/30)) = ln(0.4)
    assertThat(b.woe().get(0)).isCloseTo(0.875468737, within(1e-9));
    assertThat(b.woe().get(1)).isCloseTo(-0.105360516, within(1e-9));
    assertThat(b.woe().get(2)).isCloseTo(-0.916290732, within(1e-9));
    // missing has no bads: smoothed to 10.5 goods and 0.5 bads: ln((10.5/100)/(0.5/30)) = ln(6.3)
    assertThat(b.missingWoe()).isCloseTo(1.840549633, within(1e-9));
    // IV = (0.4-1/6)ln2.4 + (0.3-1/3)ln0.9 + (0.2-0.5)ln0.4 + (0.105-1/60)ln6.3
    double iv =
        (0.4 - 1 / 6.0) * Math.log(2.4)
            + (0.3 - 1 / 3.0) * Math.log(0.9)
            + (0.2 - 0.5) * Math.log(0.4)
            + (0.105 - 0.5 / 30) * Math.log(6.3);
    assertThat(b.iv()).isCloseTo(iv, within(1e-12)).isCloseTo(0.645257, within(1e-6));
  }

  @Test
  void noMissingValuesGiveNeutralMissingWoe() {
    FeatureBins b =
        FeatureBins.of(
            "pay_count_24m",
            Direction.RISING,
            List.of(new Cell(1.0, 5, 1), new Cell(null, 5, 5)),
            new Cell(null, 0, 0));
    assertThat(b.missingWoe()).isZero();
  }

  @Test
  void mergesAdjacentBinsUntilBadRateRisesStrictly() {
    List<Cell> cells =
        List.of(
            new Cell(1.0, 90, 10), // 0.10
            new Cell(2.0, 95, 5), // 0.05: violates rising, merged with the first
            new Cell(3.0, 80, 20), // 0.20
            new Cell(4.0, 0, 0), // empty: merged into the next bin
            new Cell(null, 60, 40)); // 0.40
    List<Cell> merged = WoeMath.mergeMonotonic(cells, Direction.RISING, 6);
    assertThat(merged)
        .containsExactly(new Cell(2.0, 185, 15), new Cell(3.0, 80, 20), new Cell(null, 60, 40));
  }

  @Test
  void mergesFallingBinsAndRespectsMaxBins() {
    List<Cell> cells =
        List.of(
            new Cell(1.0, 50, 50), // 0.50
            new Cell(2.0, 60, 40), // 0.40
            new Cell(3.0, 61, 39), // 0.39: closest to its neighbour, merged first
            new Cell(null, 90, 10)); // 0.10
    List<Cell> merged = WoeMath.mergeMonotonic(cells, Direction.FALLING, 3);
    assertThat(merged)
        .containsExactly(new Cell(1.0, 50, 50), new Cell(3.0, 121, 79), new Cell(null, 90, 10));
  }

  @Test
  void wrongDirectionCollapsesToOneBin() {
    List<Cell> cells = List.of(new Cell(1.0, 90, 10), new Cell(null, 50, 50));
    assertThat(WoeMath.mergeMonotonic(cells, Direction.FALLING, 6))
        .containsExactly(new Cell(null, 140, 60));
  }

  @Test
  void directionFollowsTheBadRate() {
    assertThat(WoeMath.direction(List.of(new Cell(1.0, 90, 10), new Cell(null, 50, 50))))
        .isEqualTo(Direction.RISING);
    assertThat(WoeMath.direction(List.of(new Cell(1.0, 50, 50), new Cell(null, 90, 10))))
        .isEqualTo(Direction.FALLING);
  }
}
