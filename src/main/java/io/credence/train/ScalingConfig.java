package io.credence.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.credence.config.ConfigException;

/**
 * Points-to-double-the-odds scaling: a person at odds (good:bad) {@code anchorOdds} scores {@code
 * anchorScore}, and every {@code pdo} points double the odds.
 *
 * @param anchorScore score at the anchor odds
 * @param anchorOdds good:bad odds that earn the anchor score, e.g. 50 for 50:1
 * @param pdo points that double the odds
 */
public record ScalingConfig(
    @JsonProperty("anchor_score") double anchorScore,
    @JsonProperty("anchor_odds") double anchorOdds,
    @JsonProperty("pdo") double pdo) {

  /** 600 points at odds 50:1, 20 points to double the odds. */
  public static final ScalingConfig DEFAULTS = new ScalingConfig(600, 50, 20);

  public ScalingConfig {
    ConfigException.require(
        anchorScore >= 350 && anchorScore <= 950,
        "scaling.anchor_score",
        anchorScore,
        "a score from 350 to 950 (default 600)");
    ConfigException.require(
        anchorOdds > 0 && Double.isFinite(anchorOdds),
        "scaling.anchor_odds",
        anchorOdds,
        "a positive number of good per bad, e.g. 50 for 50:1 (default 50)");
    ConfigException.require(
        pdo > 0 && pdo <= 200, "scaling.pdo", pdo, "points from above 0 to 200 (default 20)");
  }

  /** Points per unit of ln(odds): PDO / ln 2. */
  public double factor() {
    return pdo / Math.log(2);
  }

  /** The score at odds 1:1: anchor score − factor · ln(anchor odds). */
  public double offset() {
    return anchorScore - factor() * Math.log(anchorOdds);
  }

  /** The unclamped, unrounded score of a person with good:bad odds e^{lnOddsGood}. */
  public double score(double lnOddsGood) {
    return offset() + factor() * lnOddsGood;
  }
}
