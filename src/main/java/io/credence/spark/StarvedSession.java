package io.credence.spark;

import io.credence.error.CredenceException;
import java.util.function.Supplier;

/**
 * The failure of the session whose jobs {@link ExecutorWatch} cancelled for want of executors, for
 * the command line to report with whatever the cancelled jobs made the command throw. No Spark
 * class appears here: the command line asks it in every command, lookup and serve included, which
 * run without Spark's jars. JVM-global, as the SparkContext is: the command line clears it as a
 * command starts, and only the JVM's current watch may record into it.
 */
public final class StarvedSession {
  private StarvedSession() {}

  /** The watch allowed to record (the current one), or null. */
  private static Object watch;

  private static CredenceException failure;

  /** The failure of the JVM's watched session once its jobs were cancelled, else null. */
  public static synchronized CredenceException failure() {
    return failure;
  }

  /** Forgets a failure: a command that starts has none yet. */
  public static synchronized void clear() {
    failure = null;
  }

  /** Makes {@code current} (null: none) the only watch that may record, with no failure yet. */
  static synchronized void watchedBy(Object current) {
    watch = current;
    failure = null;
  }

  /**
   * Records the failure {@code cancelled} gives, unless one is recorded already; only while {@code
   * by} is the current watch (one replaced or stopped may still be mid-look). Returns whether
   * {@code by} is the current watch, i.e. whether it may cancel the session's jobs.
   */
  static synchronized boolean record(Object by, Supplier<CredenceException> cancelled) {
    if (by == null || by != watch) {
      return false;
    }
    if (failure == null) {
      failure = cancelled.get();
    }
    return true;
  }
}
