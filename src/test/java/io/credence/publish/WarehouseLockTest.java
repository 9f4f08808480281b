package io.credence.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.TestJvm;
import io.credence.error.CredenceException;
import io.credence.error.ExitCode;
import io.credence.serve.LogLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warehouse lock under contention: acquirers released at the same instant, in threads and in
 * separate processes, fresh and stale locks, releases after a takeover, and bad lock files.
 */
class WarehouseLockTest {
  private static final Duration HOURS = Duration.ofHours(12);

  /** A host name no lock of this JVM carries: its locks are judged by their heartbeats. */
  private static final String FAR = "far-host.invalid";

  private static final Configuration CONF = new Configuration();

  @TempDir Path dir;

  @Test
  void threadsReleasedTogetherNeverBothHoldAFreeLock() throws Exception {
    String wh = dir.resolve("threads").toString();
    List<String> wrong = LockContention.rounds(CONF, 3, 300, wh, () -> {});
    assertThat(wrong).as("rounds without exactly one holder").isEmpty();
    assertThat(leftovers(wh)).isEmpty();
  }

  @Test
  void threadsReleasedTogetherOnAStaleLockLeaveExactlyOneHolder() throws Exception {
    String wh = dir.resolve("stale").toString();
    Files.createDirectories(Path.of(wh));
    List<String> wrong =
        LockContention.rounds(CONF, 3, 200, wh, () -> writeLock(wh, deadLock("crashed")));
    assertThat(wrong).as("rounds without exactly one holder").isEmpty();
    assertThat(leftovers(wh)).isEmpty();
  }

  @Test
  void processesReleasedTogetherNeverBothHoldAFreeLock() throws Exception {
    String wh = dir.resolve("processes").toString();
    int rounds = 100;
    List<Process> processes = new ArrayList<>();
    List<BlockingQueue<String>> replies = new ArrayList<>();
    List<Writer> commands = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Process p =
            TestJvm.of(LockContender.class, List.of("-Xmx128m"), List.of(wh, "process-" + i))
                .redirectError(dir.resolve("contender-" + i + ".log").toFile())
                .start();
        processes.add(p);
        replies.add(lines(p));
        commands.add(p.outputWriter(StandardCharsets.UTF_8));
      }
      for (BlockingQueue<String> r : replies) {
        assertThat(next(r)).isEqualTo("ready");
      }
      List<String> wrong = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        long at = LockContender.micros(Instant.now()) + 30_000; // all start 30 ms from now
        send(commands, "acquire " + at);
        List<String> answers = new ArrayList<>();
        for (BlockingQueue<String> r : replies) {
          answers.add(next(r));
        }
        long held = answers.stream().filter("held"::equals).count();
        long locked = answers.stream().filter("locked 4"::equals).count();
        if (held != 1 || held + locked != answers.size()) {
          wrong.add("round " + round + ": " + answers);
        }
        send(commands, "release");
        for (BlockingQueue<String> r : replies) {
          assertThat(next(r)).isEqualTo("released");
        }
      }
      send(commands, "exit");
      System.out.println(LockContention.summary("processes", rounds, wrong));
      assertThat(wrong).as("rounds without exactly one holder").isEmpty();
      assertThat(leftovers(wh)).isEmpty();
    } finally {
      for (Process p : processes) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aReleaseLeavesTheLockOfARunThatTookItOverAsStale() throws Exception {
    String wh = dir.resolve("takeover").toString();
    WarehouseLock slow = frozenHolder(wh, "slow-run");
    WarehouseLock next = WarehouseLock.acquire(CONF, wh, "next-run", HOURS);
    slow.close();
    assertThat(Files.readString(Path.of(wh, WarehouseLock.FILE))).contains("run_id=next-run");
    assertThatThrownBy(() -> WarehouseLock.acquire(CONF, wh, "third-run", HOURS))
        .hasMessageContaining("locked by run next-run");
    next.close();
    assertThat(Path.of(wh, WarehouseLock.FILE)).doesNotExist();
  }

  @Test
  void takingOverTheStaleLockOfAnErasureSaysToRunItAgain() throws Exception {
    String wh = dir.resolve("erasure-takeover").toString();
    WarehouseLock killed = frozenHolder(wh, "slow-run");
    try (LogLines log = new LogLines(WarehouseLock.class)) {
      WarehouseLock.acquire(CONF, wh, "next-run", HOURS).close();
      assertThat(log.lines()).noneMatch(l -> l.contains("erasure was interrupted"));
    }
    killed.close();
    String erasure = WarehouseLock.erasureRunId(Instant.now());
    WarehouseLock erasing = frozenHolder(wh, erasure); // left held, as by a frozen erase
    try (LogLines log = new LogLines(WarehouseLock.class)) {
      WarehouseLock.acquire(CONF, wh, "score-run", HOURS).close();
      erasing.beatOnce(); // it wakes up: its own advice, not a date's rerun
      assertThatThrownBy(erasing::requireHeld)
          .hasMessageContaining("run erase again for the same person")
          .hasMessageNotContaining("rerun of the date");
      assertThat(log.lines())
          .contains(
              "WARN an erasure was interrupted (run "
                  + erasure
                  + "): its person is kept out of runs, but rows of them may remain; run erase"
                  + " again for the same person to finish it");
    }
  }

  @Test
  void anEmptyOrCorruptLockFileExitsTwoAndIsKept() throws Exception {
    String wh = dir.resolve("corrupt").toString();
    Files.createDirectories(Path.of(wh));
    for (String content : List.of("", "not a lock\n", "run_id=x\npid=12\nstarted_at=yesterday\n")) {
      writeLock(wh, content);
      assertThatThrownBy(() -> WarehouseLock.acquire(CONF, wh, "run", HOURS))
          .isInstanceOfSatisfying(
              CredenceException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
          .hasMessageContaining("is empty or corrupt")
          .hasMessageContaining("fix: make sure no credence run is using this warehouse");
      assertThat(Files.readString(Path.of(wh, WarehouseLock.FILE))).isEqualTo(content);
    }
  }

  @Test
  void aWarehouseThatIsAFileOrUnderOneExitsTwoNamingThePathAndKeepsTheFile() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-folder"), "someone's file\n");
    for (Path wh : List.of(file, file.resolve("warehouse"))) {
      assertThatThrownBy(() -> WarehouseLock.acquire(CONF, wh.toString(), "run", HOURS))
          .isInstanceOfSatisfying(
              CredenceException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
          .hasMessageStartingWith("the warehouse " + wh + " cannot be used as a folder: " + wh)
          .hasMessageContaining("fix: set `warehouse`");
    }
    assertThat(Files.readString(file)).isEqualTo("someone's file\n");
  }

  @Test
  void aLockFromBeforeTokensOfALiveProcessIsHonoured() throws Exception {
    String wh = dir.resolve("legacy").toString();
    Files.createDirectories(Path.of(wh));
    writeLock(
        wh,
        "run_id=old-version\npid="
            + ProcessHandle.current().pid()
            + "\nhost="
            + InetAddress.getLocalHost().getHostName()
            + "\nstarted_at="
            + Instant.now()
            + "\n");
    assertThatThrownBy(() -> WarehouseLock.acquire(CONF, wh, "run", HOURS))
        .isInstanceOfSatisfying(
            CredenceException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.LOCKED))
        .hasMessageContaining("locked by run old-version");
  }

  @Test
  void aStoreWithoutAtomicCreateIsRefused() {
    assertThatThrownBy(() -> WarehouseLock.acquire(CONF, "http://127.0.0.1:9/wh", "run", HOURS))
        .isInstanceOfSatisfying(
            CredenceException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageContaining("is on a http:// store")
        .hasMessageContaining("set `warehouse`");
  }

  /**
   * gs://, abfs:// and wasb:// warehouses without their connector: the lock would refuse them with
   * it, so the message says first that they are not supported, not to install the connector.
   */
  @Test
  void aWarehouseOnAStoreWithoutAtomicCreateIsRefusedBeforeItsMissingConnectorIsNamed() {
    for (String wh :
        List.of(
            "gs://bucket/wh",
            "abfs://container@account.dfs.core.windows.net/wh",
            "wasb://container@account.blob.core.windows.net/wh")) {
      String scheme = wh.substring(0, wh.indexOf(':'));
      assertThatThrownBy(() -> WarehouseLock.acquire(CONF, wh, "run", HOURS))
          .as(wh)
          .isInstanceOfSatisfying(
              CredenceException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
          .hasMessageStartingWith("a warehouse on " + scheme + ":// is not supported")
          .hasMessageContaining("installing its connector would not change that")
          .hasMessageContaining("single_writer_asserted");
    }
    // With a single writer asserted the store would do: what is missing is the connector.
    Configuration asserted = new Configuration(CONF);
    asserted.set(
        io.credence.config.StorageSettings.LOCK_MODE,
        io.credence.config.StorageConfig.WarehouseLockMode.SINGLE_WRITER_ASSERTED.yaml());
    assertThatThrownBy(() -> WarehouseLock.acquire(asserted, "gs://bucket/wh", "run", HOURS))
        .isInstanceOfSatisfying(
            CredenceException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageStartingWith("no Hadoop file system for gs:// paths is on the classpath");
  }

  @Test
  void aLockWhosePidWasReusedByALaterProcessIsTakenOver() throws Exception {
    // A container's restart gives the new JVM the dead holder's pid (often 1): this JVM's own pid
    // in a lock written before this JVM started is such a lock.
    String wh = dir.resolve("reused").toString();
    Files.createDirectories(Path.of(wh));
    Instant jvmStart = ProcessHandle.current().info().startInstant().orElseThrow();
    writeLock(wh, lockOf("crashed", ProcessHandle.current().pid(), jvmStart.minusSeconds(3600)));

    try (WarehouseLock lock = WarehouseLock.acquire(CONF, wh, "next-run", HOURS)) {
      assertThat(Files.readString(Path.of(wh, WarehouseLock.FILE))).contains("run_id=next-run");
    }
  }

  @Test
  void aLockWhosePidNowBelongsToAProcessOtherThanAJvmIsTakenOver() throws Exception {
    String wh = dir.resolve("not-a-jvm").toString();
    Files.createDirectories(Path.of(wh));
    Process sleep = new ProcessBuilder("sleep", "60").start();
    try {
      writeLock(wh, lockOf("crashed", sleep.pid(), Instant.now().plusSeconds(5)));
      try (WarehouseLock lock = WarehouseLock.acquire(CONF, wh, "next-run", HOURS)) {
        assertThat(Files.readString(Path.of(wh, WarehouseLock.FILE))).contains("run_id=next-run");
      }
    } finally {
      sleep.destroyForcibly();
      sleep.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aLockOfThisLiveJvmWrittenAfterItStartedHoldsIt() throws Exception {
    String wh = dir.resolve("live").toString();
    Files.createDirectories(Path.of(wh));
    writeLock(wh, lockOf("running", ProcessHandle.current().pid(), Instant.now()));

    assertThatThrownBy(() -> WarehouseLock.acquire(CONF, wh, "next-run", HOURS))
        .hasMessageContaining("locked by run running");
  }

  @Test
  void aLockOfAnotherHostWhoseHeartbeatStoppedIsTakenOverWithItsHeartbeat() throws Exception {
    String wh = dir.resolve("silent").toString();
    Files.createDirectories(Path.of(wh));
    writeLock(wh, remoteLock("killed", Instant.now(), Duration.ofMinutes(1)));
    // Silence is measured by the store's clock: the beat file's time, not what it says.
    writeBeat(wh, "killed", Instant.now().toString(), Duration.ofMinutes(11));

    try (LogLines log = new LogLines(WarehouseLock.class);
        WarehouseLock lock = WarehouseLock.acquire(CONF, wh, "next-run", HOURS)) {
      assertThat(Files.readString(Path.of(wh, WarehouseLock.FILE))).contains("run_id=next-run");
      assertThat(log.lines())
          .anyMatch(
              l ->
                  l.contains("took over a stale warehouse lock of run killed: its holder on")
                      && l.contains("far-host.invalid has not written its heartbeat"));
      assertThat(Path.of(wh, WarehouseLock.BEAT + "killed")).doesNotExist();
    }
    assertThat(leftovers(wh)).isEmpty();
  }

  @Test
  void aLockOfAnotherHostThatBeatsOrBeganLatelyIsHonoured() throws Exception {
    String wh = dir.resolve("beating").toString();
    Files.createDirectories(Path.of(wh));
    Instant started = Instant.now().minus(Duration.ofMinutes(20));
    writeLock(wh, remoteLock("running", started, Duration.ofMinutes(1)));
    writeBeat(wh, "running", "", Duration.ofMinutes(2));
    assertLocked(wh, "running");
    // a holder whose clock is 11 minutes behind writes an old time into a fresh file: honoured
    writeBeat(wh, "running", started.minus(Duration.ofMinutes(11)).toString(), Duration.ZERO);
    assertLocked(wh, "running");
    // no beat (it is removed after its lock): the lock file's own time stands for it
    Files.delete(Path.of(wh, WarehouseLock.BEAT + "running"));
    assertLocked(wh, "running");
    Files.setLastModifiedTime(
        Path.of(wh, WarehouseLock.FILE),
        FileTime.from(Instant.now().minus(Duration.ofMinutes(11))));
    WarehouseLock.acquire(CONF, wh, "next-run", HOURS).close();
    // a lock from before heartbeats waits for the maximum run time, as it did
    writeLock(wh, remoteLock("old-version", started, null));
    Files.setLastModifiedTime(
        Path.of(wh, WarehouseLock.FILE),
        FileTime.from(Instant.now().minus(Duration.ofMinutes(19))));
    assertLocked(wh, "old-version");
  }

  @Test
  void aHolderBeatsUntilReleasedOrTakenOverAndThenCommitsNothing() throws Exception {
    String wh = dir.resolve("heart").toString();
    Duration fast = Duration.ofMillis(200);
    WarehouseLock slow = WarehouseLock.acquire(CONF, wh, "slow-run", HOURS, fast, FAR);
    String token = tokenOf(wh);
    Path beat = Path.of(wh, WarehouseLock.BEAT + token);
    Instant first = Instant.parse(Files.readString(beat));
    Instant latest = first;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!latest.isAfter(first) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      String text = Files.readString(beat);
      // empty while a beat rewrites the file (the local file system truncates, then writes)
      latest = text.isEmpty() ? latest : Instant.parse(text);
    }
    assertThat(latest).as("a later beat within 10 s").isAfter(first);
    slow.requireHeld();
    AtomicInteger cancelled = new AtomicInteger();
    slow.onLost(cancelled::incrementAndGet);
    // Its host freezes: 25 beats missed by the store's clock, against 10 allowed.
    slow.stopBeating();
    Files.setLastModifiedTime(beat, FileTime.from(Instant.now().minus(Duration.ofSeconds(5))));

    try (LogLines log = new LogLines(WarehouseLock.class)) {
      WarehouseLock next = WarehouseLock.acquire(CONF, wh, "next-run", HOURS, fast);
      assertThat(cancelled).hasValue(0);
      slow.beatOnce(); // its host wakes up
      assertThat(log.lines()).anyMatch(l -> l.contains("run slow-run lost the warehouse lock"));
      // its Spark jobs are cancelled at once, so a write under way fails before its commit
      assertThat(cancelled).hasValue(1);
      assertThatThrownBy(slow::requireHeld)
          .isInstanceOfSatisfying(
              CredenceException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.LOCKED))
          .hasMessageContaining("run slow-run lost the warehouse lock")
          .hasMessageContaining("another run took it over as stale");
      // the failure of a job it cancelled stops the run as having lost the lock
      RuntimeException jobFailure = new IllegalStateException("Job 7 cancelled");
      assertThatThrownBy(
              () ->
                  slow.guarding(
                      () -> {
                        throw jobFailure;
                      }))
          .isInstanceOfSatisfying(
              CredenceException.class,
              e -> {
                assertThat(e.exitCode()).isEqualTo(ExitCode.LOCKED);
                assertThat(e.getSuppressed()).containsExactly(jobFailure);
              });
      assertThat(cancelled).hasValue(1);
      next.requireHeld();
      slow.close();
      assertThat(leftovers(wh))
          .containsExactlyInAnyOrder(WarehouseLock.FILE, WarehouseLock.BEAT + tokenOf(wh));
      next.close();
    }
    assertThat(leftovers(wh)).isEmpty();
  }

  @Test
  void aHolderThatCannotBeatForHalfTheSilenceCommitsNothing() throws Exception {
    String wh = dir.resolve("mute").toString();
    Duration fast = Duration.ofMillis(20);
    try (WarehouseLock lock = WarehouseLock.acquire(CONF, wh, "mute-run", HOURS, fast)) {
      AtomicInteger cancelled = new AtomicInteger();
      lock.onLost(cancelled::incrementAndGet);
      // A folder where the beat goes: every beat fails to be written, the lock stays its own.
      Path beat = Path.of(wh, WarehouseLock.BEAT + tokenOf(wh));
      Files.delete(beat);
      Files.createDirectories(beat.resolve("blocker"));
      Thread.sleep(400); // 20 beats missed, against 5 allowed
      // found by the heartbeat itself, without waiting for the run's next commit
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (cancelled.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(cancelled).hasValue(1);
      // no other run need hold the warehouse: exit 1, which a scheduler retries, not 4
      assertThatThrownBy(lock::requireHeld)
          .isInstanceOfSatisfying(
              CredenceException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.FAILURE))
          .hasMessageContaining("run mute-run lost the warehouse lock")
          .hasMessageContaining("its heartbeat has not been written for")
          .hasMessageContaining("check that the warehouse's store is reachable and writable");
      Files.delete(beat.resolve("blocker"));
      Files.delete(beat);
    }
  }

  /**
   * A holder that beats is alive however long it has run: the maximum run time is for locks from
   * before heartbeats. A contender took a live backfill's lock over once it was older than that.
   */
  @Test
  void aLiveHolderThatBeatsIsHonouredPastTheMaximumRunTime() throws Exception {
    String wh = dir.resolve("long-run").toString();
    try (WarehouseLock running =
        WarehouseLock.acquire(CONF, wh, "long-run", HOURS, Duration.ofMinutes(1), FAR)) {
      Thread.sleep(100); // its beat, written as it took the lock, is fresh: not silent
      // for this contender every lock older than 1 ms is past the maximum run time
      assertThatThrownBy(() -> WarehouseLock.acquire(CONF, wh, "next-run", Duration.ofMillis(1)))
          .isInstanceOfSatisfying(
              CredenceException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.LOCKED))
          .hasMessageContaining("locked by run long-run");
      running.requireHeld();
    }
  }

  /**
   * A guard of another host whose clock is 5 minutes behind is not stale: it is held for
   * milliseconds, and judged by how long this contender has seen it unchanged, not by the time its
   * writer's clock put in it. Judged by that time, it was removed while its holder still held it.
   */
  @Test
  void aFreshGuardOfAHostWithAnotherClockIsWaitedFor() throws Exception {
    String wh = dir.resolve("guard-skew").toString();
    Files.createDirectories(Path.of(wh));
    writeLock(wh, deadLock("killed")); // stale: the contender takes it over under the guard
    Path guard = Path.of(wh, WarehouseLock.GUARD);
    String theirs = remoteLock("guard-holder", Instant.now().minus(Duration.ofMinutes(5)), null);
    Files.writeString(guard, theirs);
    java.util.concurrent.atomic.AtomicBoolean stillTheirs =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread holder =
        new Thread(
            () -> {
              try {
                Thread.sleep(1000);
                stillTheirs.set(theirs.equals(Files.readString(guard)));
                Files.deleteIfExists(guard);
              } catch (IOException | InterruptedException e) {
                stillTheirs.set(false);
              }
            });
    holder.start();
    try (WarehouseLock lock = WarehouseLock.acquire(CONF, wh, "next-run", HOURS)) {
      holder.join(10_000);
      assertThat(stillTheirs).isTrue();
      assertThat(Files.readString(Path.of(wh, WarehouseLock.FILE))).contains("run_id=next-run");
    }
  }

  /**
   * A holder this JVM judges as another host's (by its heartbeats alone), whose heart stopped 11
   * minutes ago by the store's clock, as a killed or frozen driver's does.
   */
  private static WarehouseLock frozenHolder(String wh, String runId) throws IOException {
    WarehouseLock lock = WarehouseLock.acquire(CONF, wh, runId, HOURS, Duration.ofMinutes(1), FAR);
    lock.stopBeating();
    writeBeatTime(wh, tokenOf(wh), Duration.ofMinutes(11));
    return lock;
  }

  private static void writeBeatTime(String wh, String token, Duration ago) throws IOException {
    Files.setLastModifiedTime(
        Path.of(wh, WarehouseLock.BEAT + token), FileTime.from(Instant.now().minus(ago)));
  }

  private static void assertLocked(String wh, String runId) {
    assertThatThrownBy(() -> WarehouseLock.acquire(CONF, wh, "next-run", HOURS))
        .isInstanceOfSatisfying(
            CredenceException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.LOCKED))
        .hasMessageContaining("locked by run " + runId);
  }

  /** A lock held on another host (no process here to ask), whose token is its run id. */
  private static String remoteLock(String runId, Instant startedAt, Duration heartbeat) {
    return "token="
        + runId
        + "\nrun_id="
        + runId
        + "\npid=1\nhost=far-host.invalid\nstarted_at="
        + startedAt
        + "\n"
        + (heartbeat == null ? "" : "heartbeat_ms=" + heartbeat.toMillis() + "\n");
  }

  /** A heartbeat file holding {@code content}, written {@code ago} ago by the file system. */
  private static void writeBeat(String wh, String token, String content, Duration ago)
      throws IOException {
    Path beat = Path.of(wh, WarehouseLock.BEAT + token);
    Files.writeString(beat, content);
    Files.setLastModifiedTime(beat, FileTime.from(Instant.now().minus(ago)));
  }

  private static String tokenOf(String wh) throws IOException {
    java.util.Properties p = new java.util.Properties();
    p.load(new java.io.StringReader(Files.readString(Path.of(wh, WarehouseLock.FILE))));
    return p.getProperty("token");
  }

  private static String lockOf(String runId, long pid, Instant startedAt) throws IOException {
    return "token="
        + runId
        + "\nrun_id="
        + runId
        + "\npid="
        + pid
        + "\nhost="
        + InetAddress.getLocalHost().getHostName()
        + "\nstarted_at="
        + startedAt
        + "\n";
  }

  private static String deadLock(String runId) throws IOException {
    return lockOf(runId, 2147483000L, Instant.now());
  }

  private static void writeLock(String wh, String content) throws IOException {
    Files.writeString(Path.of(wh, WarehouseLock.FILE), content);
  }

  /** Files left in the warehouse folder (the folder itself may be gone). */
  private static List<String> leftovers(String wh) throws IOException {
    if (!Files.exists(Path.of(wh))) {
      return List.of();
    }
    try (var files = Files.list(Path.of(wh))) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static BlockingQueue<String> lines(Process p) {
    BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  queue.add(line);
                }
              } catch (IOException e) {
                queue.add("error " + e);
              }
            });
    reader.setDaemon(true);
    reader.start();
    return queue;
  }

  private static String next(BlockingQueue<String> replies) throws InterruptedException {
    String line = replies.poll(60, TimeUnit.SECONDS);
    assertThat(line).as("a contender's answer within 60 s").isNotNull();
    return line;
  }

  private static void send(List<Writer> commands, String line) throws IOException {
    for (Writer w : commands) {
      w.write(line + "\n");
      w.flush();
    }
  }
}
