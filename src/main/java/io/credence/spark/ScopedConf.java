package io.credence.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * Session settings changed for a scope and restored when it closes, so that a job or a step never
 * leaves its caller's session configured differently: a value set before is set again, a key unset
 * before is unset again.
 *
 * <pre>{@code
 * try (ScopedConf scoped = ScopedConf.set(spark, "spark.sql.shuffle.partitions", "8")) {
 *   ...
 * }
 * }</pre>
 *
 * <p>The settings are the session's, so they apply to every thread using the session while the
 * scope is open.
 */
public final class ScopedConf implements AutoCloseable {
  private final RuntimeConfig conf;
  private final Map<String, Option<String>> before = new LinkedHashMap<>();

  private ScopedConf(RuntimeConfig conf) {
    this.conf = conf;
  }

  /** Sets {@code key} to {@code value} until the returned scope closes. */
  public static ScopedConf set(SparkSession spark, String key, Object value) {
    return new ScopedConf(spark.conf()).and(key, value);
  }

  /** Also sets {@code key} to {@code value} until this scope closes. */
  public ScopedConf and(String key, Object value) {
    before.putIfAbsent(key, conf.getOption(key));
    conf.set(key, String.valueOf(value));
    return this;
  }

  /** Restores every key to what it was when the scope first set it. */
  @Override
  public void close() {
    before.forEach(
        (key, was) -> {
          if (was.isDefined()) {
            conf.set(key, was.get());
          } else {
            conf.unset(key);
          }
        });
  }
}
