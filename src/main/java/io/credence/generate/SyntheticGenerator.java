package io.credence.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import io.credence.schema.InputDataset;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Builds a synthetic population and its records as lazy Datasets: every value is a hash of (seed,
 * person, record, purpose), so the rows depend only on the spec, never on partitioning.
 */
public final class SyntheticGenerator {
  /** Persons per partition of the generating range; each explodes to about 100 rows. */
  static final long PERSONS_PER_PARTITION = 50_000;

  private SyntheticGenerator() {}

  /** The five input datasets for {@code spec}, partitioned by population size. */
  public static GeneratedInputs generate(SparkSession spark, GeneratorSpec spec) {
    return generate(spark, spec, partitionsFor(spec.persons()));
  }

  /** As {@link #generate(SparkSession, GeneratorSpec)}, over a given number of partitions. */
  static GeneratedInputs generate(SparkSession spark, GeneratorSpec spec, int partitions) {
    Draws d = new Draws(spec.seed());
    Dataset<Row> population = Population.build(spark, spec, d, partitions);
    Dataset<Row> orders = ShoppingOrders.build(population, spec, d);
    Dataset<Row> payments = Payments.build(population, spec, d);
    Dataset<Row> court = CourtRecords.build(population, spec, d);
    Dataset<Row> disputes = Disputes.build(orders, payments, court, spec, d);
    return new GeneratedInputs(
        publish(population, InputDataset.PERSONS, spec, d),
        publish(orders, InputDataset.SHOPPING_ORDERS, spec, d),
        publish(payments, InputDataset.PAYMENTS, spec, d),
        publish(court, InputDataset.COURT_RECORDS, spec, d),
        publish(disputes, InputDataset.DISPUTES, spec, d));
  }

  /** At least 2 partitions, one per {@value #PERSONS_PER_PARTITION} persons. */
  static int partitionsFor(long persons) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(2, persons / PERSONS_PER_PARTITION));
  }

  /** The contract columns with bad rows added, typed and nullable exactly as the contract says. */
  private static Dataset<Row> publish(
      Dataset<Row> frame, InputDataset dataset, GeneratorSpec spec, Draws d) {
    Column[] columns =
        Arrays.stream(dataset.schema().fieldNames()).map(name -> col(name)).toArray(Column[]::new);
    Dataset<Row> clean = frame.select(columns);
    Dataset<Row> withBad = BadRows.inject(clean, dataset, spec.badRowShare(), spec.asOf(), d);
    return withBad.select(contractColumns(dataset));
  }

  /**
   * Each field cast to its contract type and declared nullable. Spark infers columns built from
   * literals as non-nullable, which would not match the contract's all-nullable schema; "x when x
   * is not null" is nullable to the analyzer, and the optimizer folds it back to x, so it costs
   * nothing at run time.
   */
  private static Column[] contractColumns(InputDataset dataset) {
    return Arrays.stream(dataset.schema().fields())
        .map(f -> nullable(col(f.name()).cast(f.dataType())).as(f.name()))
        .toArray(Column[]::new);
  }

  private static Column nullable(Column c) {
    return when(c.isNotNull(), c);
  }
}
