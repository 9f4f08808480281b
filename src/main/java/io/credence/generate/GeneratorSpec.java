package io.credence.generate;

import io.credence.config.ConfigException;
import io.credence.error.ErrorText;
import java.time.LocalDate;

/**
 * What to generate: a seed, a population size, the as-of date the data runs up to, and the share of
 * deliberately broken rows per dataset.
 *
 * @param seed every random value is a function of it; the same seed gives the same rows
 * @param persons population size, 1 to {@value #MAX_PERSONS}
 * @param asOf the last date of the generated history; only deliberately bad rows are later
 * @param badRowShare share of extra rule-breaking rows per record dataset, 0 to {@value
 *     #MAX_BAD_ROW_SHARE} (persons get a quarter of it)
 */
public record GeneratorSpec(long seed, long persons, LocalDate asOf, double badRowShare) {
  public static final long MAX_PERSONS = 10_000_000_000L;
  public static final double DEFAULT_BAD_ROW_SHARE = 0.004;
  public static final double MAX_BAD_ROW_SHARE = 0.1;

  public GeneratorSpec {
    require(
        persons >= 1 && persons <= MAX_PERSONS,
        "--persons",
        persons,
        "a whole number from 1 to " + MAX_PERSONS);
    require(asOf != null, "--as-of", asOf, "a date as yyyy-MM-dd");
    require(
        badRowShare >= 0 && badRowShare <= MAX_BAD_ROW_SHARE,
        "--bad-row-share",
        badRowShare,
        "a fraction from 0 to " + MAX_BAD_ROW_SHARE + " (default " + DEFAULT_BAD_ROW_SHARE + ")");
  }

  /** A spec with the default share of bad rows. */
  public GeneratorSpec(long seed, long persons, LocalDate asOf) {
    this(seed, persons, asOf, DEFAULT_BAD_ROW_SHARE);
  }

  private static void require(boolean ok, String option, Object value, String allowed) {
    if (!ok) {
      throw new ConfigException(
          ErrorText.format(
              "option " + option + " has value '" + value + "'; allowed: " + allowed,
              "the generator's options are checked before anything is generated",
              "pass " + option + " an allowed value (see credence generate --help)"));
    }
  }
}
