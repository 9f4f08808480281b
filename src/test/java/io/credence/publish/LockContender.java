package io.credence.publish;

import io.credence.error.CredenceException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;

/**
 * A separate process that contends for a warehouse lock on command, for {@link WarehouseLockTest}.
 * Reads lines from standard input: {@code acquire MICROS} waits until that instant (epoch
 * microseconds, so that every contender starts together), tries the lock and prints {@code held} or
 * {@code locked}; {@code release} releases a held lock and prints {@code released}; {@code exit}
 * ends. Prints {@code ready} once warmed up.
 */
public final class LockContender {
  private LockContender() {}

  public static void main(String[] args) throws Exception {
    String warehouse = args[0];
    String name = args[1];
    Configuration conf = new Configuration();
    WarehouseLock.acquire(conf, warehouse + "-warmup-" + name, name, Duration.ofHours(1)).close();
    System.out.println("ready");
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    WarehouseLock held = null;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] command = line.split(" ");
      switch (command[0]) {
        case "acquire" -> {
          long at = Long.parseLong(command[1]);
          while (micros(Instant.now()) < at) {
            Thread.onSpinWait();
          }
          try {
            held = WarehouseLock.acquire(conf, warehouse, name, Duration.ofHours(1));
            System.out.println("held");
          } catch (CredenceException e) {
            System.out.println("locked " + e.exitCode().code());
          } catch (RuntimeException e) {
            System.out.println("failed " + e);
          }
        }
        case "release" -> {
          if (held != null) {
            held.close();
            held = null;
          }
          System.out.println("released");
        }
        default -> {
          return;
        }
      }
    }
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }
}
