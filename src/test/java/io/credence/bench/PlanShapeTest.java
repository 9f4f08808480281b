package io.credence.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import io.credence.config.FeatureConfig;
import io.credence.feature.FeatureBuilder;
import io.credence.privacy.PersonIds;
import io.credence.privacy.PrivacyPolicy;
import io.credence.publish.DeltaWriter;
import io.credence.quality.OnePassInputs;
import io.credence.quality.ValidatedInputs;
import io.credence.run.Progress;
import io.credence.schema.InputDataset;
import io.credence.spark.ScopedConf;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SortExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.aggregate.BaseAggregateExec;
import org.apache.spark.sql.execution.aggregate.SortAggregateExec;
import org.apache.spark.sql.execution.columnar.InMemoryTableScanExec;
import org.apache.spark.sql.execution.exchange.ShuffleExchangeExec;
import org.apache.spark.sql.execution.joins.ShuffledHashJoinExec;
import org.apache.spark.sql.execution.joins.SortMergeJoinExec;
import org.apache.spark.sql.execution.window.WindowExec;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The shape of the nightly run's plans over the large record sources (shopping_orders, payments):
 * every shuffle over their rows carries partial-aggregate buffers, and the key pass reads only
 * (person_id, id); no sort, window, shuffled join or cache holds their raw rows; each is scanned at
 * most twice in the whole run (the key pass and the one pass). Broadcasts of the small lookups are
 * allowed; automatic broadcasts are switched off so that the sample plans as a large population.
 */
class PlanShapeTest extends SparkTestBase {
  private static final LocalDate AS_OF = LocalDate.of(2026, 10, 31);
  private static final String BROADCAST_THRESHOLD = "spark.sql.autoBroadcastJoinThreshold";
  private static final List<InputDataset> LARGE =
      List.of(InputDataset.SHOPPING_ORDERS, InputDataset.PAYMENTS);

  @Test
  void largeSourcesMoveOnlyBuffersAndNarrowKeysAndAreScannedAtMostTwice() {
    try (ScopedConf noBroadcast = ScopedConf.set(spark(), BROADCAST_THRESHOLD, -1);
        OnePassInputs inputs =
            OnePassInputs.load(
                spark(),
                "sample-data",
                AS_OF,
                FeatureConfig.DEFAULTS,
                PrivacyPolicy.of(PersonIds.raw(), null),
                new OnePassInputs.Plan(2, Long.MAX_VALUE),
                // as the nightly job loads them: the monitoring groups carried through the merge
                io.credence.report.MonitoringGroups.groupColumns(AS_OF),
                new Progress())) {
      List<SparkPlan> plans = new ArrayList<>();
      for (Dataset<Row> query : inputs.queries()) {
        plans.add(query.queryExecution().executedPlan());
      }
      plans.add(inputs.features().queryExecution().executedPlan());
      plans.add(inputs.quarantine(AS_OF, "run").queryExecution().executedPlan());
      for (InputDataset source : LARGE) {
        assertShape(source, plans);
      }
      // Every aggregation runs in a hash map: a sort-based one (Spark's choice when a buffer is
      // not fixed-width, such as a string's max) sorts all its rows first. It made the features'
      // merge of a 1M run take twice as long when the monitoring groups were first carried in it.
      assertThat(PhysicalPlans.distinctNodes(plans)).noneMatch(SortAggregateExec.class::isInstance);
      // The features come in the merge's person_id ranges, so the scores computed from them row
      // by row are laid out for lookups (DeltaWriter.layOutForLookup) without a shuffle.
      assertThat(
              PhysicalPlans.shufflesAboveCache(
                  DeltaWriter.layOutForLookup(inputs.features(), 2)
                      .queryExecution()
                      .executedPlan()))
          .isEmpty();
    }
  }

  /**
   * The checker itself can fail: the row-by-row path the one pass replaced (whole rows shuffled by
   * person, sorted for the duplicate window and cached) breaks it on both large sources.
   */
  @Test
  void theRowByRowPathBreaksTheShape() {
    try (ScopedConf noBroadcast = ScopedConf.set(spark(), BROADCAST_THRESHOLD, -1);
        ValidatedInputs inputs =
            ValidatedInputs.load(
                spark(),
                "sample-data",
                AS_OF,
                new Progress(),
                PrivacyPolicy.of(PersonIds.raw(), null))) {
      List<SparkPlan> plans =
          List.of(
              FeatureBuilder.build(inputs.featureInputs(), AS_OF, FeatureConfig.DEFAULTS)
                  .queryExecution()
                  .executedPlan());
      for (InputDataset source : LARGE) {
        assertThat(violations(source, plans))
            .anyMatch(v -> v.startsWith("Sort "))
            .anyMatch(v -> v.contains("InMemoryTableScan"));
      }
    }
  }

  private static void assertShape(InputDataset source, List<SparkPlan> plans) {
    String all = plans.stream().map(SparkPlan::treeString).collect(Collectors.joining("\n"));
    List<FileSourceScanExec> scans =
        PhysicalPlans.distinctNodes(plans).stream()
            .filter(n -> scans(n, source))
            .map(FileSourceScanExec.class::cast)
            .toList();
    assertThat(scans).as("scans of %s in%n%s", source.tableName(), all).hasSizeBetween(1, 2);
    assertThat(scans)
        .as("one scan of %s reads only person_id and its id", source.tableName())
        .anyMatch(
            s ->
                Set.of(s.requiredSchema().fieldNames())
                    .equals(Set.of("person_id", source.idColumn())));
    assertThat(violations(source, plans)).as(all).isEmpty();
  }

  /**
   * What breaks the shape over the raw rows of {@code source}: a sort, window, shuffled join or
   * cache of them, or a shuffle of them that does not carry partial aggregates.
   */
  private static List<String> violations(InputDataset source, List<SparkPlan> plans) {
    List<String> out = new ArrayList<>();
    for (SparkPlan node : PhysicalPlans.distinctNodes(plans)) {
      if (!rawRowsBelow(node, source)) {
        continue;
      }
      if (node instanceof SortExec
          || node instanceof WindowExec
          || node instanceof SortMergeJoinExec
          || node instanceof ShuffledHashJoinExec
          || node instanceof InMemoryTableScanExec) {
        out.add(node.nodeName() + " over the rows of " + source.tableName());
      }
      if (node instanceof ShuffleExchangeExec shuffle
          && !(shuffle.child() instanceof BaseAggregateExec)) {
        out.add("Exchange of the rows of " + source.tableName() + " without partial aggregation");
      }
    }
    return out;
  }

  /** Whether {@code node} reads rows of {@code source} that no aggregate has combined yet. */
  private static boolean rawRowsBelow(SparkPlan node, InputDataset source) {
    if (scans(node, source)) {
      return true;
    }
    if (node instanceof BaseAggregateExec) {
      return false;
    }
    for (SparkPlan child : PhysicalPlans.children(node)) {
      if (rawRowsBelow(child, source)) {
        return true;
      }
    }
    return false;
  }

  private static boolean scans(SparkPlan node, InputDataset source) {
    return node instanceof FileSourceScanExec scan
        && CollectionConverters.asJava(scan.relation().location().rootPaths()).stream()
            .anyMatch(p -> p.getName().equals(source.tableName()));
  }
}
