package io.credence.spark;

import io.credence.error.CredenceException;

/**
 * The failure of the session whose jobs {@link ExecutorWatch} cancelled for want of executors, for
 * the command line to report in place of whatever the cancelled jobs made the command throw. No
 * Spark class appears here: the command line asks it in every command, lookup and serve included,
 * which run without Spark's jars.
 */
public final class StarvedSession {
  private StarvedSession() {}

  private static volatile CredenceException failure;

  /** The failure of the JVM's watched session once its jobs were cancelled, else null. */
  public static CredenceException failure() {
    return failure;
  }

  static void record(CredenceException cancelled) {
    failure = cancelled;
  }

  /** Forgets a failure: a new watch begins with none. */
  static void clear() {
    failure = null;
  }
}
