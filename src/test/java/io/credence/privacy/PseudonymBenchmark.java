package io.credence.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.max;
import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark, not a test: the pseudonym UDF against the same HMAC written with built-in expressions.
 * Run with {@code mvn test -Dtest=PseudonymBenchmark -Dcredence.benchmark=true} (optionally {@code
 * -Dcredence.benchmark.ids=N}); it prints the best of three runs of each.
 */
@EnabledIfSystemProperty(named = "credence.benchmark", matches = "true")
class PseudonymBenchmark extends SparkTestBase {
  @Test
  void udfAgainstBuiltInExpressions() {
    long n = Long.getLong("credence.benchmark.ids", 2_000_000L);
    Dataset<Row> ids =
        spark().range(n).select(format_string("P%010d", col("id")).as("person_id")).cache();
    ids.count();
    Column udf = PersonIds.pseudonymized(PersonIdsTest.KEY.clone()).ingest(col("person_id"));
    Column builtIn = PersonIdsTest.builtInHmac(PersonIdsTest.KEY, col("person_id"));
    double udfSeconds = best(ids, udf);
    double builtInSeconds = best(ids, builtIn);
    System.out.printf(
        Locale.ROOT,
        "pseudonymize %,d ids: UDF %.2f s, built-in expressions %.2f s (best of 3)%n",
        n,
        udfSeconds,
        builtInSeconds);
    assertThat(ids.select(udf.as("h")).agg(max("h")).first())
        .isEqualTo(ids.select(builtIn.as("h")).agg(max("h")).first());
  }

  private static double best(Dataset<Row> ids, Column hash) {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      ids.select(hash.as("h")).agg(max("h")).first();
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
    }
    return best;
  }
}
