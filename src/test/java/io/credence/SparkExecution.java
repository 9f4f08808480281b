package io.credence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.sql.execution.SparkPlanInfo;
import org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveExecutionUpdate;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What Spark ran while a piece of test code ran: each stage's name and task count, in submission
 * order, and the shuffle reads that adaptive execution coalesced ("AQEShuffleRead coalesced" in an
 * adaptive plan).
 */
public record SparkExecution(
    List<String> stageNames, List<Integer> stageTasks, int coalescedReads) {

  /** Runs {@code work} on the test session, listening to what Spark executes meanwhile. */
  public static <T> Observed<T> observe(Supplier<T> work) {
    SparkContext context = SparkTestBase.spark().sparkContext();
    List<String> names = Collections.synchronizedList(new ArrayList<>());
    List<Integer> tasks = Collections.synchronizedList(new ArrayList<>());
    Set<String> coalesced = ConcurrentHashMap.newKeySet();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
            synchronized (names) {
              names.add(submitted.stageInfo().name());
              tasks.add(submitted.stageInfo().numTasks());
            }
          }

          @Override
          public void onOtherEvent(SparkListenerEvent event) {
            if (event instanceof SparkListenerSQLAdaptiveExecutionUpdate update) {
              coalescedReads(update.sparkPlanInfo())
                  .forEach(read -> coalesced.add(update.executionId() + ": " + read));
            }
          }
        };
    waitForListeners(context); // events of earlier work, still queued, are not this work's
    context.addSparkListener(listener);
    T result;
    try {
      result = work.get();
      waitForListeners(context);
    } finally {
      context.removeSparkListener(listener);
    }
    return new Observed<>(
        result, new SparkExecution(List.copyOf(names), List.copyOf(tasks), coalesced.size()));
  }

  /** What {@code work} returned, and what Spark ran meanwhile. */
  public record Observed<T>(T result, SparkExecution execution) {}

  /** Waits until the listeners have seen every event of the work (its stages, its plans). */
  private static void waitForListeners(SparkContext context) {
    try {
      context.listenerBus().waitUntilEmpty();
    } catch (TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain", e);
    }
  }

  /** The coalesced shuffle reads in an adaptive plan. */
  private static Stream<String> coalescedReads(SparkPlanInfo node) {
    Stream<String> self =
        node.simpleString().startsWith("AQEShuffleRead")
                && node.simpleString().contains("coalesced")
            ? Stream.of(node.simpleString())
            : Stream.empty();
    return Stream.concat(
        self,
        CollectionConverters.asJava(node.children()).stream()
            .flatMap(SparkExecution::coalescedReads));
  }
}
