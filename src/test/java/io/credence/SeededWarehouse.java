package io.credence;

import io.credence.config.ConfigLoader;
import io.credence.generate.GeneratorSpec;
import io.credence.job.GenerateJob;
import io.credence.job.NightlyScoreJob;
import io.credence.run.RunOutcome;
import io.credence.spark.ScopedConf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Map;
import org.apache.spark.sql.internal.SQLConf;

/**
 * One seeded population (seed 7, 400 persons, as of 2026-10-31, 0.4% bad rows), generated and
 * scored by the nightly job once per test JVM, on the first call, and shared by the end-to-end
 * classes: {@code EndToEndTest}'s golden results are written on it, and {@code PublishSafetyTest}
 * compares a run with 50 shuffle partitions with it.
 *
 * <p>The inputs and the warehouse are read-only. A test that changes a warehouse takes a {@link
 * #copy} of it; each call of {@link #warehouse} checks that no file under the shared warehouse was
 * added, removed or resized since its run, and fails naming the difference otherwise, so a test
 * that wrote to it is caught by the next one that reads it.
 */
public final class SeededWarehouse {
  public static final LocalDate AS_OF = LocalDate.of(2026, 10, 31);
  private static final GeneratorSpec SPEC = new GeneratorSpec(7L, 400L, AS_OF, 0.004);

  private static SeededWarehouse shared;

  private final Path root;
  private final RunOutcome run;
  private final SparkExecution execution;
  private final ReadOnlyFolder warehouse;

  private SeededWarehouse(Path root) {
    this.root = root;
    GenerateJob.run(SparkTestBase.spark(), SPEC, root.resolve("in"));
    // Without adaptive coalescing the run takes its 2 shuffle partitions as they are, instead of
    // the one its inputs' size would get (OnePassInputs.Plan#fittedTo): EndToEndTest checks that
    // the scores are laid out in sorted person_id ranges, which takes two ranges to mean anything.
    // What Spark ran for it is kept: PublishSafetyTest compares a 50-partition run with this one.
    SparkExecution.Observed<RunOutcome> observed;
    try (ScopedConf exact =
        ScopedConf.set(SparkTestBase.spark(), SQLConf.COALESCE_PARTITIONS_ENABLED().key(), false)) {
      observed =
          SparkExecution.observe(
              () ->
                  NightlyScoreJob.run(
                      SparkTestBase.spark(),
                      config(root.resolve("in").toString(), warehousePath().toString()),
                      AS_OF,
                      NightlyScoreJob.GateMode.ENFORCE));
    }
    this.run = observed.result();
    this.execution = observed.execution();
    this.warehouse =
        ReadOnlyFolder.of(
            root.resolve("wh"), "the shared seeded warehouse", "SeededWarehouse.copy");
  }

  private static synchronized SeededWarehouse get() {
    if (shared == null) {
      try {
        Path root = Files.createTempDirectory("credence-seeded-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
        shared = new SeededWarehouse(root);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  /** The generated inputs' root (read-only). */
  public static String input() {
    return get().root.resolve("in").toString();
  }

  /** The warehouse of the nightly run on {@link #input} (read-only; see {@link #copy}). */
  public static String warehouse() {
    return get().warehouse.path().toString();
  }

  /** What the nightly run on {@link #input} returned. */
  public static RunOutcome run() {
    return get().run;
  }

  /**
   * What Spark ran for the nightly run on {@link #input}: 2 shuffle partitions, adaptive coalescing
   * off.
   */
  public static SparkExecution execution() {
    return get().execution;
  }

  /** A copy of the shared warehouse at {@code target}, for a test that changes it. */
  public static String copy(Path target) {
    return get().warehouse.copyTo(target);
  }

  /** A copy of the shared inputs at {@code target}, for a test that moves or changes them. */
  public static String copyInput(Path target) {
    return copyTree(Path.of(input()), target);
  }

  private static String copyTree(Path from, Path target) {
    try {
      TestFiles.copyTree(from, target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target.toString();
  }

  /**
   * The job configuration of the shared run, writing to {@code warehouse}: the expert scorecard, 2
   * shuffle partitions, every other setting at its default. (The shared run itself keeps the 2
   * partitions with Spark's adaptive coalescing off; a run with this configuration and coalescing
   * on, Spark's default, uses 1 for these inputs.)
   */
  public static ConfigLoader.Loaded config(String warehouse) {
    return config(input(), warehouse);
  }

  private static ConfigLoader.Loaded config(String input, String warehouse) {
    return ConfigLoader.load(
        null,
        Map.of(
            "inputs.root",
            input,
            "warehouse",
            warehouse,
            "scoring.scorecard",
            "jobs/scorecards/expert-v1.yaml",
            "spark.shuffle_partitions",
            "2"));
  }

  private Path warehousePath() {
    return root.resolve("wh");
  }

  private static void delete(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // the JVM is ending; the temporary directory is left for the system to clean
    }
  }
}
