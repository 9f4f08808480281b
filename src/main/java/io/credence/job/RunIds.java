package io.credence.job;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** Run ids: the as-of date, the start time in UTC and a random suffix, readable and unique. */
final class RunIds {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  private RunIds() {}

  static String next(LocalDate asOf, Instant startedAt) {
    return asOf
        + "_"
        + TIME.format(startedAt)
        + "_"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  }
}
