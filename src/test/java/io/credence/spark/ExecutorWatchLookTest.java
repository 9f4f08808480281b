package io.credence.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.cli.Main;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The watch's looks at a stand-in session on a fake clock: what it reads, when it cancels, what it
 * records, and how it stops. No thread: the test looks itself.
 */
class ExecutorWatchLookTest {
  private static final Duration LIMIT = Duration.ofSeconds(30);

  private final AtomicLong clock = new AtomicLong(-5_000_000_000L);

  /** A session whose state the test sets, counting the cancellations it is asked for. */
  private static final class Stand implements ExecutorWatch.Session {
    String master;
    volatile int executors;
    volatile int jobs;
    volatile boolean stopped;
    volatile RuntimeException failure;
    volatile Error error;
    int cancelled;

    Stand(String master) {
      this.master = master;
    }

    Stand() {
      this("spark://10.0.0.5:7077");
    }

    @Override
    public String master() {
      return master;
    }

    @Override
    public boolean stopped() {
      return stopped;
    }

    @Override
    public int liveExecutors() {
      if (error != null) {
        throw error;
      }
      if (failure != null) {
        throw failure;
      }
      return executors;
    }

    @Override
    public int activeJobs() {
      return jobs;
    }

    @Override
    public void cancelAllJobs() {
      cancelled++;
    }
  }

  @AfterEach
  void noWatchLeft() {
    ExecutorWatch.install(new Object(), new Stand("local[2]"), LIMIT, clock::get);
  }

  private void after(Duration d) {
    clock.addAndGet(d.toNanos());
  }

  private ExecutorWatch watch(Stand session) {
    return ExecutorWatch.install(new Object(), session, LIMIT, clock::get);
  }

  @Test
  void readsTheSessionsStateAtEachLookAndCancelsAtTheLimit() {
    Stand session = new Stand();
    ExecutorWatch watch = watch(session);
    session.executors = 2;
    session.jobs = 1;
    watch.look();
    after(Duration.ofMinutes(10));
    watch.look(); // executors live: no wait however long the job runs
    session.executors = 0;
    watch.look();
    after(LIMIT.minusSeconds(1));
    watch.look();
    assertThat(session.cancelled).isZero();
    assertThat(StarvedSession.failure()).isNull();
    after(Duration.ofSeconds(1));
    watch.look();
    assertThat(session.cancelled).isEqualTo(1);
    assertThat(StarvedSession.failure())
        .hasMessageStartingWith("the Spark master spark://10.0.0.5:7077 gave the command no")
        .hasMessageContaining("no executor for 30 s");
  }

  @Test
  void aJobTheSessionNoLongerListsIsNoWait() {
    // Each look reads the active jobs afresh (the DAG scheduler's, ExecutorWatchContextTest): a job
    // that ended is no wait, however its end was or was not announced.
    Stand session = new Stand();
    ExecutorWatch watch = watch(session);
    session.jobs = 1;
    watch.look();
    session.jobs = 0;
    after(Duration.ofHours(2));
    watch.look();
    assertThat(session.cancelled).isZero();
    session.jobs = 1;
    watch.look();
    after(LIMIT.minusSeconds(1));
    watch.look();
    assertThat(session.cancelled).isZero();
  }

  @Test
  void aReplacedWatchNeitherRecordsNorCancels() {
    Stand old = new Stand();
    ExecutorWatch replaced = watch(old);
    old.jobs = 1;
    replaced.look();
    Stand now = new Stand();
    ExecutorWatch current = watch(now);
    after(LIMIT);
    replaced.look(); // a look that was under way when the watch was replaced
    assertThat(old.cancelled).isZero();
    assertThat(StarvedSession.failure()).isNull();
    assertThat(replaced.stopped()).isTrue();
    assertThat(current.stopped()).isFalse();
  }

  @Test
  void aFailedLookIsLoggedAndTheNextGoesOn() {
    Stand session = new Stand();
    ExecutorWatch watch = watch(session);
    session.jobs = 1;
    session.failure = new IllegalStateException("the scheduler is busy");
    watch.look();
    assertThat(watch.stopped()).isFalse();
    session.failure = null;
    watch.look();
    after(LIMIT);
    watch.look();
    assertThat(session.cancelled).isEqualTo(1);
  }

  @Test
  void anErrorStopsTheWatchAndIsNotThrown() {
    Stand session = new Stand();
    ExecutorWatch watch = watch(session);
    session.jobs = 1;
    session.error = new NoClassDefFoundError("org/apache/spark/status/AppStatusStore");
    watch.look();
    assertThat(watch.stopped()).isTrue();
  }

  @Test
  void aStoppedContextStopsTheWatchAndKeepsItsFailure() {
    Stand session = new Stand();
    ExecutorWatch watch = watch(session);
    session.jobs = 1;
    watch.look();
    after(LIMIT);
    watch.look();
    assertThat(StarvedSession.failure()).isNotNull();
    session.stopped = true;
    watch.look();
    assertThat(watch.stopped()).isTrue();
    assertThat(StarvedSession.failure()).isNotNull();
  }

  @Test
  void aTrippedWaitEndsWithItsCommand() {
    // Tests run many commands in one JVM on one SparkContext, and so may an embedding caller: the
    // watch of a command whose wait tripped went on into the next command, and cancelled that
    // command's first job at once if it started before the executors were back.
    Object context = new Object();
    Stand session = new Stand();
    ExecutorWatch tripped = ExecutorWatch.install(context, session, LIMIT, clock::get);
    session.jobs = 1;
    tripped.look();
    after(LIMIT);
    tripped.look();
    assertThat(session.cancelled).isEqualTo(1);
    session.jobs = 0;
    tripped.look();

    assertThat(Main.execute("lookup", "--help")).isZero(); // a later command in the JVM
    ExecutorWatch next = ExecutorWatch.install(context, session, LIMIT, clock::get);
    session.jobs = 1; // its first job, while the executors it asked for start
    next.look();
    after(Duration.ofSeconds(5));
    session.executors = 2;
    next.look();
    session.jobs = 0;
    next.look();
    assertThat(session.cancelled).isEqualTo(1);
    assertThat(StarvedSession.failure()).isNull();
    assertThat(tripped.stopped()).isTrue();

    StarvedSession.commandEnds();
    assertThat(next.stopped()).isTrue();
  }

  @Test
  void aLocalMasterGetsNoWatch() {
    Stand session = new Stand();
    session.master = "local[*]";
    assertThat(ExecutorWatch.install(new Object(), session, LIMIT, clock::get)).isNull();
    session.master = "local-cluster[2,1,1024]";
    assertThat(ExecutorWatch.install(new Object(), session, LIMIT, clock::get)).isNotNull();
  }
}
