package io.credence.lookup;

import io.credence.SparkTestBase;
import io.credence.loadtest.SyntheticScores;
import io.credence.score.ScorecardYaml;
import java.nio.file.Path;
import java.time.LocalDate;

/** A small warehouse of score tables written by the job's own writers, for lookup tests. */
public final class SyntheticWarehouse extends SparkTestBase {
  /** The newest snapshot date of every synthetic warehouse. */
  public static final LocalDate NEWEST = LocalDate.of(2026, 10, 31);

  private SyntheticWarehouse() {}

  /** Writes {@code snapshots} monthly snapshots of {@code persons} persons under {@code dir}. */
  public static String write(Path dir, int persons, int snapshots) {
    String warehouse = dir.toString();
    SyntheticScores.write(
        spark(),
        warehouse,
        persons,
        snapshots,
        NEWEST,
        ScorecardYaml.read(Path.of("jobs/scorecards/expert-v1.yaml")));
    return warehouse;
  }

  /** The id of the {@code i}-th synthetic person. */
  public static String person(int i) {
    return String.format("P%010d", i);
  }
}
