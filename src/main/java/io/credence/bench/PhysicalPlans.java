package io.credence.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.columnar.InMemoryTableScanExec;
import org.apache.spark.sql.execution.exchange.ShuffleExchangeExec;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Walks a physical plan the way it runs: through adaptive plans and query stages, and optionally
 * into the plans of cached relations, so that shuffles hidden behind them are counted too. A node
 * reached twice (a cached plan read by several queries) is listed once.
 */
public final class PhysicalPlans {
  private PhysicalPlans() {}

  /** Every distinct node of {@code plan} including the plans of the caches it reads. */
  public static List<SparkPlan> nodes(SparkPlan plan) {
    return walk(plan, Cached.ENTER);
  }

  /** The distinct nodes of {@code plan} without the plans of the caches it reads. */
  public static List<SparkPlan> nodesAboveCache(SparkPlan plan) {
    return walk(plan, Cached.SKIP);
  }

  /** The distinct shuffle exchanges of {@code plan} and of the caches it reads. */
  public static List<ShuffleExchangeExec> shuffles(SparkPlan plan) {
    return onlyShuffles(walk(plan, Cached.ENTER));
  }

  /** The shuffle exchanges {@code plan} adds on top of the cached relations it reads. */
  public static List<ShuffleExchangeExec> shufflesAboveCache(SparkPlan plan) {
    return onlyShuffles(walk(plan, Cached.SKIP));
  }

  /** Every distinct node of {@code plans}, including the plans of the caches they read. */
  public static Set<SparkPlan> distinctNodes(List<SparkPlan> plans) {
    Set<SparkPlan> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (SparkPlan plan : plans) {
      collect(plan, Cached.ENTER, seen, new ArrayList<>());
    }
    return seen;
  }

  /**
   * The nodes {@code plan} reads from as it runs: its children, the current plan of an adaptive
   * plan or query stage, and the plan of a cached relation.
   */
  public static List<SparkPlan> children(SparkPlan plan) {
    List<SparkPlan> out = new ArrayList<>();
    if (plan instanceof AdaptiveSparkPlanExec adaptive) {
      out.add(adaptive.executedPlan());
    } else if (plan instanceof QueryStageExec stage) {
      out.add(stage.plan());
    } else if (plan instanceof InMemoryTableScanExec scan) {
      out.add(scan.relation().cachedPlan());
    }
    out.addAll(CollectionConverters.asJava(plan.children()));
    return out;
  }

  private enum Cached {
    ENTER,
    SKIP
  }

  private static List<ShuffleExchangeExec> onlyShuffles(List<SparkPlan> nodes) {
    return nodes.stream()
        .filter(ShuffleExchangeExec.class::isInstance)
        .map(ShuffleExchangeExec.class::cast)
        .toList();
  }

  private static List<SparkPlan> walk(SparkPlan plan, Cached cached) {
    List<SparkPlan> out = new ArrayList<>();
    collect(plan, cached, Collections.newSetFromMap(new IdentityHashMap<>()), out);
    return out;
  }

  private static void collect(
      SparkPlan plan, Cached cached, Set<SparkPlan> seen, List<SparkPlan> out) {
    if (!seen.add(plan)) {
      return;
    }
    out.add(plan);
    if (plan instanceof AdaptiveSparkPlanExec adaptive) {
      collect(adaptive.executedPlan(), cached, seen, out);
    } else if (plan instanceof QueryStageExec stage) {
      collect(stage.plan(), cached, seen, out);
    } else if (plan instanceof InMemoryTableScanExec scan && cached == Cached.ENTER) {
      collect(scan.relation().cachedPlan(), cached, seen, out);
    }
    for (SparkPlan child : CollectionConverters.asJava(plan.children())) {
      collect(child, cached, seen, out);
    }
  }
}
