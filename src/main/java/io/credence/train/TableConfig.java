package io.credence.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.credence.config.ConfigException;

/**
 * The holdout of {@code train --table} when no --holdout-table is given: a table has no observation
 * date to hold out a later one, so a deterministic share of its rows is held out instead, chosen by
 * a seeded hash of each row's values (the same table and seed always hold out the same rows).
 *
 * @param holdoutShare share of the rows held out for evaluation
 * @param holdoutSeed seed of the hash that picks them
 */
public record TableConfig(
    @JsonProperty("holdout_share") double holdoutShare,
    @JsonProperty("holdout_seed") int holdoutSeed) {

  /** 30% held out, seed 11. */
  public static final TableConfig DEFAULTS = new TableConfig(0.3, 11);

  public TableConfig {
    ConfigException.require(
        holdoutShare >= 0.05 && holdoutShare <= 0.5,
        "table.holdout_share",
        holdoutShare,
        "a share from 0.05 to 0.5 (default 0.3)");
  }
}
