package io.credence.spark;

import static io.credence.spark.ExecutorWait.Verdict.CANCEL;
import static io.credence.spark.ExecutorWait.Verdict.CARRY_ON;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.config.SparkConfig;
import io.credence.error.CredenceException;
import io.credence.error.ExitCode;
import io.credence.error.StoreErrors;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The decision to cancel a cluster session's jobs for want of executors, on a fake clock. */
class ExecutorWaitTest {
  /** An arbitrary System.nanoTime() value: its origin is arbitrary, and it may be negative. */
  private static final long T0 = -7_200_000_000_000L;

  private static final Duration LIMIT = Duration.ofMinutes(30);
  private static final String MASTER = "spark://10.0.0.5:7077";

  private static long at(int minutes) {
    return T0 + Duration.ofMinutes(minutes).toNanos();
  }

  @Test
  void jobsWaitingFromTheStartWithNoExecutorEverRegisteredAreCancelledAtTheLimit() {
    ExecutorWait wait = ExecutorWait.forMaster(MASTER, LIMIT);
    assertThat(wait.observe(at(0), 0, 1)).isEqualTo(CARRY_ON);
    assertThat(wait.observe(at(29), 0, 1)).isEqualTo(CARRY_ON);
    assertThat(wait.observe(at(30), 0, 2)).isEqualTo(CANCEL);
    assertThat(wait.waited(at(30))).isEqualTo(LIMIT);
  }

  @Test
  void theWaitCountsFromTheLossOfTheLastExecutorMidRun() {
    ExecutorWait wait = ExecutorWait.forMaster(MASTER, LIMIT);
    assertThat(wait.observe(at(0), 3, 1)).isEqualTo(CARRY_ON);
    assertThat(wait.observe(at(60), 1, 1)).isEqualTo(CARRY_ON);
    assertThat(wait.observe(at(61), 0, 1)).isEqualTo(CARRY_ON); // every worker lost
    assertThat(wait.observe(at(90), 0, 1)).isEqualTo(CARRY_ON);
    assertThat(wait.observe(at(91), 0, 1)).isEqualTo(CANCEL);
    assertThat(wait.waited(at(91))).isEqualTo(LIMIT);
  }

  @Test
  void executorsBackBeforeTheLimitRestartTheWait() {
    ExecutorWait wait = ExecutorWait.forMaster(MASTER, LIMIT);
    assertThat(wait.observe(at(0), 0, 1)).isEqualTo(CARRY_ON);
    assertThat(wait.observe(at(25), 1, 1)).isEqualTo(CARRY_ON); // a worker came back
    assertThat(wait.waited(at(25))).isEqualTo(Duration.ZERO);
    assertThat(wait.observe(at(26), 0, 1)).isEqualTo(CARRY_ON); // and went again
    assertThat(wait.observe(at(55), 0, 1)).isEqualTo(CARRY_ON); // 29 minutes since
    assertThat(wait.observe(at(56), 0, 1)).isEqualTo(CANCEL);
  }

  @Test
  void noExecutorWithNoActiveJobIsNoWait() {
    ExecutorWait wait = ExecutorWait.forMaster(MASTER, LIMIT);
    // Hours of driver-side work (planning, listing files) on a cluster with no executor yet.
    assertThat(wait.observe(at(0), 0, 0)).isEqualTo(CARRY_ON);
    assertThat(wait.observe(at(120), 0, 0)).isEqualTo(CARRY_ON);
    assertThat(wait.waited(at(120))).isEqualTo(Duration.ZERO);
    // The wait starts with the first job.
    assertThat(wait.observe(at(121), 0, 1)).isEqualTo(CARRY_ON);
    assertThat(wait.observe(at(150), 0, 1)).isEqualTo(CARRY_ON);
    assertThat(wait.observe(at(151), 0, 1)).isEqualTo(CANCEL);
  }

  @Test
  void aLocalMasterNeverWaitsForExecutors() {
    for (String master : new String[] {"local", "local[2]", "local[*]", "local[4,2]", null}) {
      ExecutorWait wait = ExecutorWait.forMaster(master, LIMIT);
      assertThat(wait.bounded()).as(master).isFalse();
      assertThat(wait.observe(at(0), 0, 1)).isEqualTo(CARRY_ON);
      assertThat(wait.observe(at(600), 0, 1)).as(master).isEqualTo(CARRY_ON);
    }
    assertThat(ExecutorWait.forMaster("yarn", LIMIT).bounded()).isTrue();
    assertThat(ExecutorWait.forMaster("spark://10.0.0.5:7077", LIMIT).bounded()).isTrue();
    assertThat(ExecutorWait.forMaster("k8s://https://10.0.0.1:6443", LIMIT).bounded()).isTrue();
  }

  @Test
  void aLocalClusterMasterIsACluster() {
    // Its executors are separate JVMs, started by its workers, and can fail to start.
    ExecutorWait wait = ExecutorWait.forMaster("local-cluster[2,1,1024]", LIMIT);
    assertThat(wait.bounded()).isTrue();
    assertThat(wait.observe(at(0), 2, 1)).isEqualTo(CARRY_ON);
    assertThat(wait.observe(at(600), 2, 1)).isEqualTo(CARRY_ON);
    assertThat(wait.observe(at(601), 0, 1)).isEqualTo(CARRY_ON);
    assertThat(wait.observe(at(631), 0, 1)).isEqualTo(CANCEL);
  }

  @Test
  void theWaitIsMeasuredAcrossTheOverflowOfNanoTime() {
    ExecutorWait wait = ExecutorWait.forMaster(MASTER, LIMIT);
    long before = Long.MAX_VALUE - Duration.ofMinutes(10).toNanos();
    assertThat(wait.observe(before, 0, 1)).isEqualTo(CARRY_ON);
    long after = before + Duration.ofMinutes(29).toNanos(); // wrapped to a negative value
    assertThat(after).isNegative();
    assertThat(wait.observe(after, 0, 1)).isEqualTo(CARRY_ON);
    assertThat(wait.waited(after)).isEqualTo(Duration.ofMinutes(29));
    assertThat(wait.observe(after + Duration.ofMinutes(1).toNanos(), 0, 1)).isEqualTo(CANCEL);
  }

  @Test
  void aZeroLimitWaitsForever() {
    ExecutorWait wait = ExecutorWait.forMaster(MASTER, Duration.ZERO);
    assertThat(wait.bounded()).isFalse();
    assertThat(wait.observe(at(0), 0, 1)).isEqualTo(CARRY_ON);
    assertThat(wait.observe(at(24 * 60), 0, 1)).isEqualTo(CARRY_ON);
  }

  @Test
  void onceCancelledEveryJobStartedWithoutAnExecutorIsCancelledAtOnce() {
    ExecutorWait wait = ExecutorWait.forMaster(MASTER, LIMIT);
    wait.observe(at(0), 0, 1);
    assertThat(wait.observe(at(30), 0, 1)).isEqualTo(CANCEL);
    assertThat(wait.observe(at(30), 0, 0)).isEqualTo(CARRY_ON); // the jobs ended cancelled
    // The failure path's own job (a FAILED runs row) does not wait another 30 minutes.
    assertThat(wait.observe(at(31), 0, 1)).isEqualTo(CANCEL);
    // An executor back lets it run, and ends the cancelling at once: under dynamic allocation
    // executors idle away and come back, and a later job waits the whole limit again.
    assertThat(wait.observe(at(32), 1, 1)).isEqualTo(CARRY_ON);
    assertThat(wait.observe(at(40), 0, 1)).isEqualTo(CARRY_ON);
    assertThat(wait.observe(at(69), 0, 1)).isEqualTo(CARRY_ON);
    assertThat(wait.observe(at(70), 0, 1)).isEqualTo(CANCEL);
  }

  @Test
  void theFailureNamesTheMasterTheWaitTheKeyAndTheFixAndExitsOne() {
    CredenceException e =
        StoreErrors.noExecutors(
            "spark://ops:hunter2@10.0.0.5:7077",
            Duration.ofMinutes(30).plusSeconds(1),
            LIMIT,
            SparkConfig.EXECUTOR_WAIT_KEY);
    assertThat(e.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(e)
        .hasMessageStartingWith(
            "the Spark master spark://10.0.0.5:7077 gave the command no executor for 30 min")
        .hasMessageContaining("the limit, spark.executor_wait_minutes, is 30 min")
        .hasMessageContaining("Initial job has not accepted any resources")
        .hasMessageContaining("\n  fix: start the cluster's workers")
        .hasMessageContaining("--executor-cores and --executor-memory")
        .hasMessageContaining("Raise spark.executor_wait_minutes")
        .hasMessageNotContaining("hunter2")
        .hasMessageNotContaining("ops")
        .hasMessageContaining("spark.cores.max");
    assertThat(
            StoreErrors.noExecutors(
                MASTER,
                Duration.ofSeconds(3),
                Duration.ofSeconds(3),
                SparkConfig.EXECUTOR_WAIT_KEY))
        .hasMessageContaining("no executor for 3 s");
  }

  @Test
  void theFixFitsTheKindOfCluster() {
    CredenceException yarn =
        StoreErrors.noExecutors("yarn", LIMIT, LIMIT, SparkConfig.EXECUTOR_WAIT_KEY);
    assertThat(yarn)
        .hasMessageContaining("\n  fix: check in the ResourceManager's web UI")
        .hasMessageContaining("spark.yarn.queue")
        .hasMessageContaining("raise spark.executor_wait_minutes in the job config, or set it to 0")
        .hasMessageNotContaining("start the cluster's workers");
    CredenceException k8s =
        StoreErrors.noExecutors(
            "k8s://https://10.0.0.1:6443", LIMIT, LIMIT, SparkConfig.EXECUTOR_WAIT_KEY);
    assertThat(k8s)
        .hasMessageContaining("\n  fix: look at the executor pods")
        .hasMessageContaining("ResourceQuota")
        .hasMessageContaining("or set it to 0")
        .hasMessageNotContaining("start the cluster's workers");
    assertThat(
            StoreErrors.noExecutors(
                "local-cluster[2,1,1024]", LIMIT, LIMIT, SparkConfig.EXECUTOR_WAIT_KEY))
        .hasMessageContaining("\n  fix: start the cluster's workers");
  }
}
