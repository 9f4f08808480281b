package io.credence.lookup;

import static io.credence.schema.Columns.PERSON_ID;
import static org.apache.spark.sql.functions.col;

import io.credence.SparkTestBase;
import io.credence.loadtest.SyntheticScores;
import io.credence.privacy.PersonIds;
import io.credence.publish.DeltaWriter;
import io.credence.publish.EmptyPersonTables;
import io.credence.publish.Table;
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

  /**
   * Writes one snapshot ({@link #NEWEST}) of {@code persons} persons under {@code dir}, to
   * score_snapshots and scores_current, with their ids stored as {@code ids} stores them.
   */
  public static String write(Path dir, int persons, PersonIds ids) {
    String warehouse = dir.toString();
    EmptyPersonTables.create(spark(), warehouse, ids, Table.SCORE_SNAPSHOTS, Table.SCORES_CURRENT);
    var rows =
        SyntheticScores.snapshot(
                spark(),
                persons,
                NEWEST,
                ScorecardYaml.read(Path.of("jobs/scorecards/expert-v1.yaml")))
            .withColumn(PERSON_ID, ids.ingest(col(PERSON_ID)));
    DeltaWriter.replacePartition(Table.SCORE_SNAPSHOTS, warehouse, rows, NEWEST);
    DeltaWriter.replaceCurrent(spark(), warehouse, ids, rows, NEWEST, 4);
    return warehouse;
  }

  /** The id of the {@code i}-th synthetic person. */
  public static String person(int i) {
    return String.format("P%010d", i);
  }
}
