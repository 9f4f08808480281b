package io.credence.spark;

import io.credence.error.CredenceException;
import java.util.function.Supplier;

/**
 * The failure of the session whose jobs {@link ExecutorWatch} cancelled for want of executors, for
 * the command line to report with whatever the cancelled jobs made the command throw, and the end
 * of that watch with its command. No Spark class appears here: the command line asks it in every
 * command, lookup and serve included, which run without Spark's jars. JVM-global, as the
 * SparkContext is: a command that starts or ends stops the watch (the next command's session gets a
 * new one, whose wait starts clean), a command that starts forgets the failure, and only the JVM's
 * current watch may record into it.
 */
public final class StarvedSession {
  private StarvedSession() {}

  /** A watch of a session's wait for executors, as the command line sees it. */
  interface Watch {
    /** Stops looking at the session for good. */
    void stop();
  }

  /** The watch allowed to record (the current one), or null. */
  private static Watch watch;

  private static CredenceException failure;

  /** The failure of the JVM's watched session once its jobs were cancelled, else null. */
  public static synchronized CredenceException failure() {
    return failure;
  }

  /**
   * A command starts: it has no failure yet, and no watch of an earlier command's (nor of a session
   * made outside a command) goes on into it.
   */
  public static void commandStarts() {
    stopWatch();
    synchronized (StarvedSession.class) {
      failure = null;
    }
  }

  /**
   * A command ended: its watch stops, so that a wait that tripped in it cannot refuse a later
   * command's jobs in this JVM; its failure stays until the next command starts.
   */
  public static void commandEnds() {
    stopWatch();
  }

  private static void stopWatch() {
    Watch ended;
    synchronized (StarvedSession.class) {
      ended = watch;
      watch = null;
    }
    if (ended != null) {
      ended.stop(); // outside this lock: the watch takes its own, then this one, when it records
    }
  }

  /** Makes {@code current} (null: none) the only watch that may record, with no failure yet. */
  static synchronized void watchedBy(Watch current) {
    watch = current;
    failure = null;
  }

  /**
   * Records the failure {@code cancelled} gives, unless one is recorded already; only while {@code
   * by} is the current watch (one replaced or stopped may still be mid-look). Returns whether
   * {@code by} is the current watch, i.e. whether it may cancel the session's jobs.
   */
  static synchronized boolean record(Watch by, Supplier<CredenceException> cancelled) {
    if (by == null || by != watch) {
      return false;
    }
    if (failure == null) {
      failure = cancelled.get();
    }
    return true;
  }
}
