package io.credence.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import io.credence.config.FeatureConfig;
import io.credence.job.OnePassInputs;
import io.credence.job.Progress;
import io.credence.privacy.PersonIds;
import io.credence.privacy.PrivacyPolicy;
import io.credence.schema.InputDataset;
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
  private static final List<InputDataset> LARGE =
      List.of(InputDataset.SHOPPING_ORDERS, InputDataset.PAYMENTS);

  @Test
  void largeSourcesMoveOnlyBuffersAndNarrowKeysAndAreScannedAtMostTwice() {
    String threshold = spark().conf().get("spark.sql.autoBroadcastJoinThreshold");
    spark().conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
    try (OnePassInputs inputs =
        OnePassInputs.load(
            spark(),
            "sample-data",
            AS_OF,
            FeatureConfig.DEFAULTS,
            PrivacyPolicy.of(PersonIds.raw(), null),
            new OnePassInputs.Plan(2, Long.MAX_VALUE),
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
    } finally {
      spark().conf().set("spark.sql.autoBroadcastJoinThreshold", threshold);
    }
  }

  private static void assertShape(InputDataset source, List<SparkPlan> plans) {
    Set<SparkPlan> nodes = PhysicalPlans.distinctNodes(plans);
    String all = plans.stream().map(SparkPlan::treeString).collect(Collectors.joining("\n"));
    List<FileSourceScanExec> scans =
        nodes.stream().filter(n -> scans(n, source)).map(FileSourceScanExec.class::cast).toList();
    assertThat(scans).as("scans of %s in%n%s", source.tableName(), all).hasSizeBetween(1, 2);
    assertThat(scans)
        .as("one scan of %s reads only person_id and its id", source.tableName())
        .anyMatch(
            s ->
                List.of(s.requiredSchema().fieldNames())
                        .equals(List.of(source.idColumn(), "person_id"))
                    || List.of(s.requiredSchema().fieldNames())
                        .equals(List.of("person_id", source.idColumn())));
    for (SparkPlan node : nodes) {
      if (!rawRowsBelow(node, source)) {
        continue;
      }
      String what = node.nodeName() + " over the rows of " + source.tableName() + " in\n" + all;
      assertThat(node)
          .as(what)
          .isNotInstanceOfAny(
              SortExec.class,
              WindowExec.class,
              SortMergeJoinExec.class,
              ShuffledHashJoinExec.class,
              InMemoryTableScanExec.class);
      if (node instanceof ShuffleExchangeExec shuffle) {
        assertThat(shuffle.child())
            .as("a shuffle over %s carries partial aggregates: %s", source.tableName(), what)
            .isInstanceOf(BaseAggregateExec.class);
      }
    }
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
