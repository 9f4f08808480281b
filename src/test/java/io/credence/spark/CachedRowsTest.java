package io.credence.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.SparkTestBase;
import java.util.List;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.columnar.InMemoryTableScanExec;
import org.apache.spark.sql.execution.exchange.ShuffleExchangeExec;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

class CachedRowsTest extends SparkTestBase {

  private static Dataset<Row> grouped() {
    return spark()
        .range(0, 10_000)
        .withColumn("k", col("id").mod(97))
        .groupBy("k")
        .agg(sum("id").as("total"), count("id").as("n"));
  }

  @Test
  void aViewReadsTheCachesRowsUnderOneOperatorAndDropsWithIt() {
    try (CachedRows caches = new CachedRows()) {
      Dataset<Row> built = caches.persist(grouped());
      assertThat(built.count()).isEqualTo(97);
      Dataset<Row> view = caches.view(built);

      assertThat(view.queryExecution().analyzed()).isInstanceOf(LogicalRDD.class);
      assertThat(view.schema()).isEqualTo(built.schema());
      assertThat(view.exceptAll(grouped()).count()).isZero();
      assertThat(grouped().exceptAll(view).count()).isZero();
      assertThat(caches.persistedOf(view)).isSameAs(built);
      assertThat(built.storageLevel()).isNotEqualTo(StorageLevel.NONE());

      caches.release(view);
      assertThat(built.storageLevel()).isEqualTo(StorageLevel.NONE());
    }
  }

  @Test
  void aViewKeepsTheCachesPartitioningSoAGroupingByItsKeyAddsNoShuffle() {
    try (CachedRows caches = new CachedRows()) {
      Dataset<Row> built = caches.persist(grouped());
      built.count();
      Dataset<Row> regrouped =
          caches.view(built).groupBy("k").agg(sum("total").as("total")).orderBy("k");
      assertThat(exchanges(regrouped.queryExecution().executedPlan()))
          .as("an ordering's range shuffle only, no hash shuffle by k")
          .allMatch(e -> !e.outputPartitioning().toString().startsWith("hashpartitioning"));
      List<Row> rows = regrouped.collectAsList();
      assertThat(rows).hasSize(97);
    }
  }

  @Test
  void withALocalMasterAViewForgetsTheLineageBehindItsCache() {
    try (CachedRows caches = new CachedRows()) {
      Dataset<Row> built = caches.persist(grouped());
      built.count();
      RDD<?> buffers =
          ((InMemoryTableScanExec) built.queryExecution().sparkPlan())
              .relation()
              .cacheBuilder()
              .cachedColumnBuffers();
      assertThat(buffers.toDebugString()).contains("ShuffledRowRDD");

      Dataset<Row> view = caches.view(built);
      String lineage = view.queryExecution().toRdd().toDebugString();
      assertThat(lineage).contains("LocalCheckpointRDD").doesNotContain("ShuffledRowRDD");
      assertThat(view.exceptAll(grouped()).count()).isZero();
      assertThat(grouped().exceptAll(view).count()).isZero();
      // a second view of the same cache finds it checkpointed already
      assertThat(caches.view(built).collectAsList()).hasSize(97);
    }
  }

  @Test
  void onlyADatasetPersistedThereHasAView() {
    try (CachedRows caches = new CachedRows()) {
      assertThatThrownBy(() -> caches.view(grouped())).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void closeDropsEveryCache() {
    CachedRows caches = new CachedRows();
    Dataset<Row> first = caches.persist(grouped());
    Dataset<Row> second = caches.persist(grouped().where(col("k").gt(3)));
    first.count();
    second.count();
    caches.close();
    assertThat(first.storageLevel()).isEqualTo(StorageLevel.NONE());
    assertThat(second.storageLevel()).isEqualTo(StorageLevel.NONE());
  }

  private static List<ShuffleExchangeExec> exchanges(SparkPlan plan) {
    SparkPlan root = plan instanceof AdaptiveSparkPlanExec a ? a.initialPlan() : plan;
    return CollectionConverters.asJava(root.collect(new ExchangeMatcher()));
  }

  private static final class ExchangeMatcher
      extends scala.runtime.AbstractPartialFunction<SparkPlan, ShuffleExchangeExec>
      implements java.io.Serializable {
    @Override
    public boolean isDefinedAt(SparkPlan p) {
      return p instanceof ShuffleExchangeExec;
    }

    @Override
    public ShuffleExchangeExec apply(SparkPlan p) {
      return (ShuffleExchangeExec) p;
    }
  }
}
