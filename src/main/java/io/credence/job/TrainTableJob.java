package io.credence.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.credence.error.TrainErrors;
import io.credence.run.Progress;
import io.credence.score.ScorecardInput;
import io.credence.source.ReadFailures;
import io.credence.spark.ScopedConf;
import io.credence.spark.SparkSessions;
import io.credence.train.Labels;
import io.credence.train.ScorecardFit;
import io.credence.train.TableConfig;
import io.credence.train.TrainConfig;
import io.credence.train.TrainedScorecard;
import io.credence.train.TrainingReport;
import io.credence.train.TrainingTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Trains a scorecard on a table a modeller brings (Parquet, or Delta when it has a {@code
 * _delta_log}) with a 0/1 label instead of features computed from the inputs; evaluated on a
 * holdout table or, without one, on a seeded hash-based share of the rows. Same outputs as {@link
 * TrainScorecardJob}.
 */
public final class TrainTableJob {
  private TrainTableJob() {}

  private static final String HOLDOUT_FLAG = TrainingTable.HOLDOUT_FLAG;

  /**
   * What a table training needs besides the session.
   *
   * @param table path of the training table
   * @param label its 0/1 label column
   * @param features feature columns, or null for every column but the label and id columns
   * @param holdoutTable path of a holdout table with the same columns, or null for a hashed share
   * @param config the training config
   * @param out folder of trained scorecards
   * @param shufflePartitions fixes the order of MLlib's sums
   * @param protectedColumns the table's protected columns besides those with a protected name, or
   *     null for the config's proxy.protected_columns
   * @param allowedProxies features kept even when the proxy check flags them (null: none)
   */
  public record Request(
      String table,
      String label,
      List<String> features,
      String holdoutTable,
      TrainConfig config,
      Path out,
      int shufflePartitions,
      List<String> protectedColumns,
      List<String> allowedProxies) {
    public Request {
      protectedColumns =
          protectedColumns != null
              ? List.copyOf(protectedColumns)
              : config.proxy().protectedColumns();
      allowedProxies = allowedProxies == null ? List.of() : List.copyOf(allowedProxies);
    }

    /** A request with the config's protected columns and no allowed proxy. */
    public Request(
        String table,
        String label,
        List<String> features,
        String holdoutTable,
        TrainConfig config,
        Path out,
        int shufflePartitions) {
      this(table, label, features, holdoutTable, config, out, shufflePartitions, null, null);
    }
  }

  /** Validates the table(s), fits and writes; every contract problem is exit 2 before fitting. */
  public static TrainedScorecard run(SparkSession spark, Request req, Progress progress) {
    try (ScopedConf partitions =
        ScopedConf.set(spark, SparkSessions.SHUFFLE_PARTITIONS, req.shufflePartitions())) {
      return train(spark, req, progress);
    }
  }

  private static TrainedScorecard train(SparkSession spark, Request req, Progress progress) {
    if (req.holdoutTable() != null
        && qualified(spark, req.table()).equals(qualified(spark, req.holdoutTable()))) {
      throw TrainErrors.holdoutTableIsTable(req.table(), req.holdoutTable());
    }
    Dataset<Row> table = read(spark, req.table());
    TrainingTable.requireLabelColumn(table.schema(), req.label(), req.table());
    List<String> features =
        TrainingTable.features(
            table.schema(), req.label(), req.features(), req.protectedColumns(), req.table());
    List<String> protectedColumns =
        TrainingTable.protectedColumns(
            table.schema(), req.label(), req.protectedColumns(), req.table());
    TrainingTable.requireNoClash(features, protectedColumns, req.features() == null);
    ScorecardFit.Proxies proxies =
        new ScorecardFit.Proxies(
            protectedColumns,
            req.allowedProxies(),
            TrainingTable.allowedNamedProxies(features, req.allowedProxies()));
    String[] keep = protectedColumns.toArray(String[]::new);
    Dataset<Row> other = null;
    if (req.holdoutTable() != null) {
      other = read(spark, req.holdoutTable());
      TrainingTable.requireLabelColumn(other.schema(), req.label(), req.holdoutTable());
      requireSameTypes(table, other, features, req.holdoutTable());
    }
    requireBinaryLabel(table, req.label(), req.table(), TrainingTable.Part.TRAINING);
    if (other != null) {
      requireBinaryLabel(other, req.label(), req.holdoutTable(), TrainingTable.Part.HOLDOUT);
    }
    List<Dataset<Row>> cached = new ArrayList<>();
    try {
      Dataset<Row> train;
      Dataset<Row> holdout;
      if (other != null) {
        train = cache(cached, TrainingTable.labelled(table, req.label(), features, keep));
        holdout = cache(cached, TrainingTable.labelled(other, req.label(), features));
      } else {
        Column flag = TrainingTable.inHoldout(table, req.config().table());
        Dataset<Row> all =
            cache(
                cached,
                TrainingTable.labelled(
                    table.withColumn(HOLDOUT_FLAG, flag),
                    req.label(),
                    features,
                    append(keep, HOLDOUT_FLAG)));
        train = all.where(not(col(HOLDOUT_FLAG))).drop(HOLDOUT_FLAG);
        holdout = all.where(col(HOLDOUT_FLAG)).drop(HOLDOUT_FLAG);
      }
      requireBothClasses(progress, train, "training", req);
      requireBothClasses(progress, holdout, "holdout", req);
      return ScorecardFit.fitAndWrite(
          train, holdout, spec(req, features, proxies), req.config(), req.out(), progress);
    } finally {
      cached.forEach(Dataset::unpersist);
    }
  }

  private static String[] append(String[] columns, String column) {
    String[] out = java.util.Arrays.copyOf(columns, columns.length + 1);
    out[columns.length] = column;
    return out;
  }

  private static ScorecardFit.Spec spec(
      Request req, List<String> features, ScorecardFit.Proxies proxies) {
    TableConfig t = req.config().table();
    String holdout =
        req.holdoutTable() != null
            ? "the rows of table " + req.holdoutTable()
            : String.format(
                Locale.ROOT,
                "%.0f%% of the table's rows, chosen by a hash of each row's values with seed %d"
                    + " (a table has no observation date, so no later date can be held out)",
                100 * t.holdoutShare(),
                t.holdoutSeed());
    TrainingReport.Sample sample =
        new TrainingReport.Sample(
            req.table(),
            "column " + req.label() + " of the table (1 bad, 0 good)",
            List.of(),
            holdout,
            null,
            null,
            null);
    String description =
        "Trained with MLlib on table "
            + req.table()
            + " with label column "
            + req.label()
            + "; see metadata.json and report.md next to this file.";
    return new ScorecardFit.Spec(
        features, ScorecardInput.TABLE, "trained-table", description, sample, proxies);
  }

  private static Dataset<Row> cache(List<Dataset<Row>> cached, Dataset<Row> rows) {
    Dataset<Row> persisted = rows.persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(persisted);
    return persisted;
  }

  /** {@code path} absolute, with its file system, without "." and ".." or a trailing slash. */
  private static org.apache.hadoop.fs.Path qualified(SparkSession spark, String path) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    try {
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(p);
    } catch (IOException e) {
      throw TrainErrors.tableUninspectable(path, e);
    }
  }

  /** Reads a Delta table when the folder has a _delta_log, else Parquet; missing: exit 2. */
  static Dataset<Row> read(SparkSession spark, String path) {
    org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(path);
    boolean delta;
    try {
      FileSystem fs = folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(folder)) {
        throw TrainErrors.tableMissing(path);
      }
      delta = fs.exists(new org.apache.hadoop.fs.Path(folder, "_delta_log"));
    } catch (IOException e) {
      throw TrainErrors.tableUninspectable(path, e);
    }
    try {
      return delta ? spark.read().format("delta").load(path) : spark.read().parquet(path);
    } catch (Exception e) { // Scala throws AnalysisException unchecked; javac cannot see it
      if (!(e instanceof AnalysisException) && !ReadFailures.unreadableFile(e)) {
        throw e;
      }
      throw TrainErrors.tableUnreadable(
          path, delta ? "Delta" : "Parquet", ReadFailures.detail(e), e);
    }
  }

  private static void requireSameTypes(
      Dataset<Row> table, Dataset<Row> other, List<String> features, String otherPath) {
    for (String f : features) {
      boolean has = List.of(other.columns()).contains(f);
      if (!has || !other.schema().apply(f).dataType().equals(table.schema().apply(f).dataType())) {
        throw TrainErrors.holdoutColumnMismatch(
            otherPath,
            f,
            has ? other.schema().apply(f).dataType().simpleString() : null,
            table.schema().apply(f).dataType().simpleString());
      }
    }
  }

  /** Counts the label's values in one pass and refuses anything but 0 and 1. */
  private static void requireBinaryLabel(
      Dataset<Row> table, String label, String path, TrainingTable.Part part) {
    Column v = TrainingTable.column(label).cast("double");
    Row r =
        table
            .agg(
                count(lit(1)),
                sum(when(v.isNull(), 1).otherwise(0)),
                sum(when(v.equalTo(0.0), 1).otherwise(0)),
                sum(when(v.equalTo(1.0), 1).otherwise(0)))
            .first();
    long rows = r.getLong(0);
    TrainingTable.LabelCounts counts =
        new TrainingTable.LabelCounts(rows, longOf(r, 1), longOf(r, 2), longOf(r, 3), List.of());
    if (counts.otherCount() > 0) {
      List<String> examples =
          table
              .where(v.isNotNull().and(not(v.isin(0.0, 1.0))))
              .select(TrainingTable.column(label).cast("string"))
              .distinct()
              .limit(3)
              .collectAsList()
              .stream()
              .map(x -> x.getString(0))
              .sorted()
              .toList();
      counts =
          new TrainingTable.LabelCounts(
              rows, counts.nulls(), counts.zeros(), counts.ones(), examples);
    }
    TrainingTable.requireBinaryLabel(counts, label, path, part);
  }

  private static long longOf(Row r, int i) {
    return r.isNullAt(i) ? 0 : r.getLong(i);
  }

  /** Refuses a training or holdout part without both goods and bads (AUC needs both). */
  private static void requireBothClasses(
      Progress progress, Dataset<Row> rows, String part, Request req) {
    Row r =
        progress.stage(
            part + " rows",
            () -> rows.agg(count(lit(1)), sum(col(Labels.LABEL))).first(),
            row -> row.getLong(0));
    long total = r.getLong(0);
    long bads = r.isNullAt(1) ? 0 : Math.round(r.getDouble(1));
    if (bads == 0 || bads == total) {
      throw req.holdoutTable() == null
          ? TrainErrors.splitPartOneClass(part, total, bads)
          : TrainErrors.holdoutTablePartOneClass(part, total, bads);
    }
  }
}
