package io.credence.bench;

import static io.credence.schema.Columns.PERSON_ID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.credence.config.ConfigLoader;
import io.credence.job.NightlyScoreJob;
import io.credence.publish.Table;
import io.credence.run.RunOutcome;
import io.credence.run.StageTiming;
import io.credence.schema.InputDataset;
import io.credence.spark.SparkSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the nightly job against its floor in one JVM and one SparkSession: per repetition a bare
 * scan of the input columns the job reads, a full {@code score} run (with its stage timings), and
 * plain Parquet and Delta writes of the rows the run published; then one point lookup in
 * scores_current. Prints medians and writes them as JSON. Run by {@code scripts/bench}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks the nightly score against a bare scan of its input columns.")
public final class Benchmark implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "Generated inputs (one folder each).")
  String input;

  @Option(names = "--work", required = true, description = "Scratch folder (warehouse, writes).")
  String work;

  @Option(names = "--as-of", defaultValue = "2026-10-31", description = "As-of date D.")
  LocalDate asOf;

  @Option(names = "--reps", defaultValue = "3", description = "Repetitions (median reported).")
  int reps;

  @Option(names = "--json", required = true, description = "Where to write the results.")
  Path json;

  @Option(names = "--persons", defaultValue = "0", description = "Population size (label only).")
  long persons;

  @Option(
      names = "--shuffle-partitions",
      description = "spark.shuffle_partitions for the run (default: the job config's).")
  Integer shufflePartitions;

  /** The shuffle partitions the runs used (reported). */
  int shufflePartitionsUsed;

  @Option(names = "--load", defaultValue = "", description = "Machine load before the run.")
  String loadBefore;

  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master.")
  String master;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "A job config setting for the runs, e.g. spark.broadcast_persons_max=0.")
  Map<String, String> settings = new java.util.LinkedHashMap<>();

  @Option(
      names = "--baseline",
      description = "JSON of a smaller run of this benchmark, to report how time scales.")
  Path baseline;

  /** Counts the shuffle bytes of the score runs. */
  private ShuffleBytes shuffle;

  /** Entry point for {@code scripts/bench}. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new Benchmark()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    SparkSession spark =
        SparkSessions.getOrCreate("credence bench", master, SparkSessions.Output.REDIRECTED);
    String warehouse = work + "/warehouse";
    Path config = Path.of("jobs/nightly-score.yaml");
    Map<String, String> overrides = new java.util.HashMap<>();
    overrides.put("inputs.root", input);
    overrides.put("warehouse", warehouse);
    if (shufflePartitions != null) {
      overrides.put("spark.shuffle_partitions", shufflePartitions.toString());
    }
    overrides.putAll(settings);
    ConfigLoader.Loaded loaded = ConfigLoader.load(Files.exists(config) ? config : null, overrides);
    shufflePartitionsUsed = loaded.config().spark().shufflePartitions();
    spark.conf().set("spark.sql.shuffle.partitions", shufflePartitionsUsed);
    Map<InputDataset, List<String>> columns = ScanFloor.columnsRead(spark, input, asOf);
    Map<InputDataset, Dataset<Row>> floorQueries =
        ScanFloor.queries(spark, input, columns, ScanFloor.Movement.NONE);
    Map<InputDataset, Dataset<Row>> shuffleQueries =
        ScanFloor.queries(spark, input, columns, ScanFloor.Movement.SHUFFLE_BY_PERSON);
    say("columns the job reads (from the row rules' planned scans): " + columns);
    shuffle = ShuffleBytes.register(spark);

    List<Rep> measured = new ArrayList<>();
    for (int rep = 1; rep <= reps; rep++) {
      measured.add(repetition(spark, loaded, floorQueries, shuffleQueries, warehouse, rep));
    }
    String lookupId =
        spark
            .read()
            .format("delta")
            .load(Table.SCORES_CURRENT.path(warehouse))
            .select(PERSON_ID)
            .first()
            .getString(0);
    PointLookup.lookup(spark, Table.SCORES_CURRENT.path(warehouse), lookupId); // warms the session
    PointLookup.Result lookup =
        PointLookup.lookup(spark, Table.SCORES_CURRENT.path(warehouse), lookupId);

    Map<String, Object> result = BenchReport.build(this, columns, measured, lookup);
    if (baseline != null) {
      BenchReport.addScaling(result, new ObjectMapper().readValue(baseline.toFile(), Map.class));
    }
    result.put("load_after", loadAverage());
    Files.createDirectories(json.toAbsolutePath().getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), result);
    System.out.println(BenchReport.table(result));
    say("wrote " + json);
    return 0;
  }

  /** What one repetition measured. */
  record Rep(
      long inputRows,
      double floorSeconds,
      long floorHeap,
      double shuffleFloorSeconds,
      double scoreSeconds,
      long scoreHeap,
      long scoreLiveHeap,
      ShuffleBytes.Counts scoreShuffle,
      long persons,
      List<StageTiming> stages,
      OutputWrites.Result writes) {}

  private Rep repetition(
      SparkSession spark,
      ConfigLoader.Loaded loaded,
      Map<InputDataset, Dataset<Row>> floorQueries,
      Map<InputDataset, Dataset<Row>> shuffleQueries,
      String warehouse,
      int rep) {
    say("rep " + rep + "/" + reps + ": floor scan");
    HeapPeak.reset();
    long[] inputRows = {0};
    double floor =
        OutputWrites.timed(
            () -> floorQueries.values().forEach(q -> inputRows[0] += q.first().getLong(0)));
    long floorHeap = HeapPeak.bytes();
    say(
        String.format(
            "rep %d/%d: floor %.1f s; scan plus one shuffle by person_id", rep, reps, floor));
    double shuffleFloor =
        OutputWrites.timed(() -> shuffleQueries.values().forEach(q -> q.first().getLong(0)));
    say(String.format("rep %d/%d: shuffle floor %.1f s; full score run", rep, reps, shuffleFloor));
    HeapPeak.reset();
    shuffle.take(spark);
    RunOutcome[] summary = new RunOutcome[1];
    double score =
        OutputWrites.timed(
            () ->
                summary[0] =
                    NightlyScoreJob.run(spark, loaded, asOf, NightlyScoreJob.GateMode.FORCE));
    long scoreHeap = HeapPeak.bytes();
    long scoreLiveHeap = HeapPeak.liveBytes();
    ShuffleBytes.Counts scoreShuffle = shuffle.take(spark);
    say(String.format("rep %d/%d: score %.1f s; plain Parquet and Delta writes", rep, reps, score));
    OutputWrites.Result writes = OutputWrites.measure(spark, warehouse, work + "/plain", asOf);
    return new Rep(
        inputRows[0],
        floor,
        floorHeap,
        shuffleFloor,
        score,
        scoreHeap,
        scoreLiveHeap,
        scoreShuffle,
        summary[0].persons(),
        summary[0].timings(),
        writes);
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void say(String line) {
    System.out.println("[bench " + Instant.now().toString().substring(11, 19) + "] " + line);
  }
}
