package io.credence.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import io.credence.config.ConfigLoader;
import io.credence.config.JobConfig;
import io.credence.feature.FeatureBuilder;
import io.credence.job.Progress;
import io.credence.job.ValidatedInputs;
import io.credence.privacy.PersonIds;
import io.credence.privacy.PrivacyPolicy;
import io.credence.schema.InputDataset;
import io.credence.score.ScoreStage;
import io.credence.score.ScorecardYaml;
import io.credence.score.Tiers;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.plans.physical.HashPartitioning;
import org.apache.spark.sql.execution.SortExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.exchange.ShuffleExchangeExec;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The physical plan of validation, features and scoring shuffles each source once, by person_id,
 * and joins the per-person aggregates without another shuffle. Broadcast joins are switched off so
 * that the tiny sample plans its joins as a large population does (sort-merge); the disputes filter
 * broadcasts by an explicit hint either way. Validation sorts each source once.
 */
class ShufflePlanTest extends SparkTestBase {
  static final LocalDate AS_OF = LocalDate.of(2026, 10, 31);

  @Test
  void shufflesEachSourceOnceByPersonIdAndJoinsAggregatesWithoutShuffle() {
    JobConfig config =
        ConfigLoader.load(
                null, Map.of("inputs.root", "sample-data", "spark.shuffle_partitions", "2"))
            .config();
    String threshold = spark().conf().get("spark.sql.autoBroadcastJoinThreshold");
    spark().conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
    try (ValidatedInputs inputs =
        ValidatedInputs.load(
            spark(),
            "sample-data",
            AS_OF,
            new Progress(),
            PrivacyPolicy.of(PersonIds.raw(), null))) {
      Dataset<Row> scores =
          ScoreStage.score(
              FeatureBuilder.build(inputs.featureInputs(), AS_OF, config.features()),
              ScorecardYaml.read(Path.of(config.scoring().scorecard())),
              config.eligibility(),
              new Tiers(config.scoring().tiers()),
              config.scoring().maxReasons());
      SparkPlan plan = scores.queryExecution().executedPlan();
      List<ShuffleExchangeExec> shuffles = PhysicalPlans.shuffles(plan);
      assertThat(shuffles).as(plan.treeString()).hasSize(InputDataset.values().length);
      for (ShuffleExchangeExec shuffle : shuffles) {
        assertThat(partitionKeys(shuffle)).as(plan.treeString()).containsExactly("person_id");
      }
      assertThat(PhysicalPlans.shufflesAboveCache(plan))
          .as(
              "aggregating and joining the validated sources shuffles nothing: "
                  + plan.treeString())
          .isEmpty();
      // Validation sorts each source once: the duplicate-id window's sort by (person_id, id, ...)
      // also serves the unknown-person sort-merge join.
      long sorts = PhysicalPlans.nodes(plan).stream().filter(SortExec.class::isInstance).count();
      long sortsAboveCache =
          PhysicalPlans.nodesAboveCache(plan).stream().filter(SortExec.class::isInstance).count();
      assertThat(sorts - sortsAboveCache)
          .as(plan.treeString())
          .isEqualTo(InputDataset.values().length);
    } finally {
      spark().conf().set("spark.sql.autoBroadcastJoinThreshold", threshold);
    }
  }

  private static List<String> partitionKeys(ShuffleExchangeExec shuffle) {
    assertThat(shuffle.outputPartitioning()).isInstanceOf(HashPartitioning.class);
    return CollectionConverters.asJava(
            ((HashPartitioning) shuffle.outputPartitioning()).expressions())
        .stream()
        .map(e -> e instanceof Attribute a ? a.name() : e.sql())
        .toList();
  }
}
