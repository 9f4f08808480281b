package io.credence.spark;

import io.credence.error.CredenceException;

/** Records a starved session for tests of the command line, as a tripped watch would. */
public final class Starvation {
  private Starvation() {}

  /** Records {@code failure} as the JVM's starved session. */
  public static void record(CredenceException failure) {
    StarvedSession.Watch watch = () -> {};
    StarvedSession.watchedBy(watch);
    StarvedSession.record(watch, () -> failure);
  }

  /** Forgets it, and the stand-in watch that recorded it. */
  public static void forget() {
    StarvedSession.watchedBy(null);
  }
}
