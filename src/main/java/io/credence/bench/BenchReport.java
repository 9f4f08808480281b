package io.credence.bench;

import io.credence.run.StageTiming;
import io.credence.schema.InputDataset;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Turns the repetitions into medians, ratios and target checks, as a JSON tree and a table. */
final class BenchReport {
  private static final double MB = 1024.0 * 1024.0;

  private BenchReport() {}

  static Map<String, Object> build(
      Benchmark bench,
      Map<InputDataset, List<String>> columns,
      List<Benchmark.Rep> reps,
      PointLookup.Result lookup) {
    Benchmark.Rep last = reps.get(reps.size() - 1);
    int cores = Runtime.getRuntime().availableProcessors();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("persons", last.persons());
    out.put("input_rows", last.inputRows());
    out.put("reps", reps.size());
    out.put("as_of", bench.asOf.toString());
    out.put("input", bench.input);
    out.put("shuffle_partitions", bench.shufflePartitionsUsed);
    out.put("settings", bench.settings);
    out.put(
        "machine",
        Map.of(
            "cores",
            cores,
            "os",
            System.getProperty("os.name") + " " + System.getProperty("os.arch"),
            "java",
            System.getProperty("java.version"),
            "max_heap_mb",
            Math.round(HeapPeak.maxBytes() / MB),
            "collectors",
            ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName)
                .toList(),
            "load_before",
            bench.loadBefore));
    Map<String, List<String>> read = new LinkedHashMap<>();
    columns.forEach((d, c) -> read.put(d.tableName(), c));
    out.put("columns_read", read);

    double floor = median(reps, Benchmark.Rep::floorSeconds);
    double score = median(reps, Benchmark.Rep::scoreSeconds);
    out.put(
        "floor",
        measure(
            floor,
            last.inputRows(),
            reps,
            r -> r.floorSeconds(),
            r -> r.floorHeap(),
            floor,
            cores));
    double shuffleFloor = median(reps, Benchmark.Rep::shuffleFloorSeconds);
    out.put(
        "shuffle_floor",
        measure(
            shuffleFloor,
            last.inputRows(),
            reps,
            r -> r.shuffleFloorSeconds(),
            r -> 0,
            floor,
            cores));
    out.put(
        "score",
        measure(
            score,
            last.inputRows(),
            reps,
            r -> r.scoreSeconds(),
            r -> r.scoreHeap(),
            floor,
            cores));
    List<Map<String, Object>> stages = stages(reps, score);
    out.put("stages", stages);

    double deltaWrites = median(reps, BenchReport::jobWriteSeconds);
    double parquet = median(reps, r -> r.writes().parquetSeconds());
    double plainDelta = median(reps, r -> r.writes().deltaOverwriteSeconds());
    Map<String, Object> writes = new LinkedHashMap<>();
    writes.put("rows", last.writes().rows());
    writes.put("job_delta_seconds", round(deltaWrites));
    writes.put("plain_parquet_seconds", round(parquet));
    writes.put("plain_delta_overwrite_seconds", round(plainDelta));
    writes.put("ratio_to_parquet", round(deltaWrites / parquet));
    out.put("writes", writes);

    Map<String, Object> moved = new LinkedHashMap<>();
    double shuffleBytes = median(reps, r -> r.scoreShuffle().bytes());
    moved.put("bytes", Math.round(shuffleBytes));
    moved.put("records", Math.round(median(reps, r -> r.scoreShuffle().records())));
    moved.put("bytes_per_input_row", round(shuffleBytes / last.inputRows()));
    out.put("score_shuffle", moved);

    Map<String, Object> point = new LinkedHashMap<>();
    point.put("files_read", lookup.filesRead());
    point.put("files_in_table", lookup.filesInTable());
    point.put("rows_found", lookup.rowsFound());
    point.put("seconds", round(lookup.seconds()));
    out.put("lookup", point);

    double scoring =
        stages.stream()
            .filter(s -> s.get("stage").equals("score"))
            .mapToDouble(s -> (double) s.get("median_seconds"))
            .sum();
    long liveHeap = reps.stream().mapToLong(Benchmark.Rep::scoreLiveHeap).max().orElse(0);
    out.put("peak_live_heap_mb", Math.round(liveHeap / MB));
    List<Map<String, Object>> targets = new ArrayList<>();
    targets.add(target("score / floor", score / floor, 3.0));
    // Not a target: how far the run is from the least a plan with one shuffle per source costs.
    out.put("score_to_shuffle_floor", round(score / shuffleFloor));
    out.put("plain_delta_to_parquet", round(plainDelta / parquet));
    targets.add(target("scoring stage / score", scoring / score, 0.15));
    targets.add(target("job Delta writes / plain Parquet", deltaWrites / parquet, 1.5));
    // What the heap held after collections at its fullest (driver and, in local[*], the tasks),
    // in a JVM limited to the max heap reported; the runs completed within that limit.
    targets.add(
        target("peak heap after GC, GiB (driver and local tasks)", liveHeap / (MB * 1024), 2.0));
    targets.add(
        target(
            "files read by a point lookup (of " + lookup.filesInTable() + " in scores_current)",
            lookup.filesRead(),
            2));
    out.put("targets", targets);
    return out;
  }

  private static Map<String, Object> measure(
      double median,
      long rows,
      List<Benchmark.Rep> reps,
      ToDoubleFunction<Benchmark.Rep> seconds,
      ToDoubleFunction<Benchmark.Rep> heap,
      double floor,
      int cores) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("median_seconds", round(median));
    m.put("seconds", reps.stream().map(r -> round(seconds.applyAsDouble(r))).toList());
    m.put("rows", rows);
    m.put("rows_per_second", Math.round(rows / median));
    m.put("rows_per_core_second", Math.round(rows / median / cores));
    m.put("peak_driver_heap_mb", Math.round(reps.stream().mapToDouble(heap).max().orElse(0) / MB));
    m.put("ratio_to_floor", round(median / floor));
    return m;
  }

  private static List<Map<String, Object>> stages(List<Benchmark.Rep> reps, double score) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (StageTiming first : reps.get(0).stages()) {
      String name = first.stage();
      double median = median(reps, r -> stageSeconds(r, name));
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("stage", name);
      s.put("rows", first.rows());
      s.put("median_seconds", round(median));
      s.put("share_of_score", round(median / score));
      out.add(s);
    }
    return out;
  }

  private static double stageSeconds(Benchmark.Rep rep, String name) {
    return rep.stages().stream()
        .filter(t -> t.stage().equals(name))
        .mapToDouble(StageTiming::seconds)
        .sum();
  }

  /**
   * The wall time of the job's publish stage, in which the quarantine, features, snapshot,
   * scores_current (the rows {@link OutputWrites} writes plainly) and the small monitoring table
   * are written side by side.
   */
  private static double jobWriteSeconds(Benchmark.Rep rep) {
    return rep.stages().stream()
        .filter(t -> t.stage().equals("publish"))
        .mapToDouble(StageTiming::seconds)
        .sum();
  }

  /**
   * Adds how the score run's time grew from {@code baseline} (a smaller run's result): persons
   * ratio, time ratio, and the target that time grows at most 1.1 times as fast as persons.
   */
  @SuppressWarnings("unchecked")
  static void addScaling(Map<String, Object> result, Map<String, Object> baseline) {
    double persons =
        ((Number) result.get("persons")).doubleValue()
            / ((Number) baseline.get("persons")).doubleValue();
    double time =
        ((Number) ((Map<String, Object>) result.get("score")).get("median_seconds")).doubleValue()
            / ((Number) ((Map<String, Object>) baseline.get("score")).get("median_seconds"))
                .doubleValue();
    Map<String, Object> scaling = new LinkedHashMap<>();
    scaling.put("baseline_persons", baseline.get("persons"));
    scaling.put("persons_ratio", round(persons));
    scaling.put("time_ratio", round(time));
    result.put("scaling", scaling);
    ((List<Map<String, Object>>) result.get("targets"))
        .add(
            target(
                String.format(Locale.ROOT, "time for %.0fx the persons", persons),
                time,
                round(1.1 * persons)));
  }

  private static Map<String, Object> target(String name, double measured, double limit) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("target", name);
    t.put("measured", round(measured));
    t.put("limit", limit);
    t.put("pass", measured <= limit);
    return t;
  }

  static double median(List<Benchmark.Rep> reps, ToDoubleFunction<Benchmark.Rep> f) {
    double[] v = reps.stream().mapToDouble(f).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / (MB * 1024));
  }

  /** The human-readable table of a result tree. */
  @SuppressWarnings("unchecked")
  static String table(Map<String, Object> r) {
    StringBuilder s = new StringBuilder();
    Map<String, Object> machine = (Map<String, Object>) r.get("machine");
    s.append(
        String.format(
            Locale.ROOT,
            "%n%,d persons, %,d input rows, %d reps (medians), %s shuffle partitions, %s cores,"
                + " max heap %s MB, load %s%n%n",
            r.get("persons"),
            r.get("input_rows"),
            r.get("reps"),
            r.get("shuffle_partitions"),
            machine.get("cores"),
            machine.get("max_heap_mb"),
            machine.get("load_before")));
    s.append(
        String.format(
            Locale.ROOT,
            "%-28s %12s %10s %14s %10s%n",
            "measure",
            "rows",
            "seconds",
            "rows/s",
            "x floor"));
    Map<String, String> labels =
        Map.of(
            "floor", "floor (bare scan)",
            "shuffle_floor", "scan + 1 shuffle by person",
            "score", "full score run");
    for (String key : List.of("floor", "shuffle_floor", "score")) {
      Map<String, Object> m = (Map<String, Object>) r.get(key);
      s.append(
          String.format(
              Locale.ROOT,
              "%-28s %,12d %10.1f %,14d %10.2f%n",
              labels.get(key),
              m.get("rows"),
              m.get("median_seconds"),
              m.get("rows_per_second"),
              m.get("ratio_to_floor")));
    }
    double floor = (double) ((Map<String, Object>) r.get("floor")).get("median_seconds");
    for (Map<String, Object> st : (List<Map<String, Object>>) r.get("stages")) {
      double sec = (double) st.get("median_seconds");
      s.append(
          String.format(
              Locale.ROOT,
              "  stage %-20s %12s %10.1f %14s %10.2f  (%.0f%% of the run)%n",
              st.get("stage"),
              (long) st.get("rows") < 0 ? "-" : String.format(Locale.ROOT, "%,d", st.get("rows")),
              sec,
              "",
              sec / floor,
              100 * (double) st.get("share_of_score")));
    }
    Map<String, Object> w = (Map<String, Object>) r.get("writes");
    s.append(
        String.format(
            Locale.ROOT,
            "output writes (%,d rows): job's Delta %.1f s, plain Parquet %.1f s, plain Delta overwrite %.1f s"
                + " (%.2f x Parquet)%n"
                + "full score run / (scan + 1 shuffle by person): %.2f%n",
            w.get("rows"),
            w.get("job_delta_seconds"),
            w.get("plain_parquet_seconds"),
            w.get("plain_delta_overwrite_seconds"),
            r.get("plain_delta_to_parquet"),
            r.get("score_to_shuffle_floor")));
    Map<String, Object> moved = (Map<String, Object>) r.get("score_shuffle");
    s.append(
        String.format(
            Locale.ROOT,
            "score run shuffle: %,d bytes, %,d records, %.1f bytes per input row%n",
            moved.get("bytes"),
            moved.get("records"),
            moved.get("bytes_per_input_row")));
    s.append(
        String.format(
            Locale.ROOT,
            "peak heap after GC during the score run: %s MB (driver and local tasks)%n",
            r.get("peak_live_heap_mb")));
    Map<String, Object> l = (Map<String, Object>) r.get("lookup");
    s.append(
        String.format(
            Locale.ROOT,
            "point lookup in scores_current: %s of %s files read, %.2f s%n%n",
            l.get("files_read"),
            l.get("files_in_table"),
            l.get("seconds")));
    s.append("targets:\n");
    for (Map<String, Object> t : (List<Map<String, Object>>) r.get("targets")) {
      s.append(
          String.format(
              Locale.ROOT,
              "  %-4s %-45s %8.2f (limit %s)%n",
              (boolean) t.get("pass") ? "ok" : "FAIL",
              t.get("target"),
              t.get("measured"),
              t.get("limit")));
    }
    return s.toString();
  }
}
