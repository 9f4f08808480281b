package io.credence.source;

import io.credence.error.CredenceException;
import io.credence.error.InputErrors;
import io.credence.error.StoreFailures;
import io.credence.run.Parallel;
import io.credence.schema.InputDataset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the input datasets from one root folder and holds them to the contract before anything is
 * written: a missing required dataset, an empty folder, a zero-byte or unreadable file, or a column
 * of the wrong type stops the run with exit 2. The optional disputes dataset may be absent, and is
 * then read as empty.
 */
public final class InputReader {
  private InputReader() {}

  /** Reads and conforms every dataset; throws with all contract violations at once. */
  public static Map<InputDataset, Dataset<Row>> readAll(SparkSession spark, String root) {
    Map<InputDataset, Dataset<Row>> result = new EnumMap<>(InputDataset.class);
    List<SchemaContract.Violation> violations = new ArrayList<>();
    // Spark reads each folder's schema with a job of its own: the five side by side.
    List<Supplier<Dataset<Row>>> reads = new ArrayList<>();
    for (InputDataset dataset : InputDataset.values()) {
      reads.add(() -> readRaw(spark, root, dataset));
    }
    List<Dataset<Row>> raws = Parallel.callAll(reads);
    for (InputDataset dataset : InputDataset.values()) {
      Dataset<Row> raw = raws.get(dataset.ordinal());
      List<SchemaContract.Violation> found = SchemaContract.check(dataset, raw.schema());
      violations.addAll(found);
      if (found.isEmpty()) {
        result.put(dataset, raw.select(SchemaContract.conformingColumns(dataset)));
      }
    }
    if (!violations.isEmpty()) {
      throw InputErrors.schemaViolations(violations);
    }
    return result;
  }

  private static Dataset<Row> readRaw(SparkSession spark, String root, InputDataset dataset) {
    String folder = root.replaceAll("/+$", "") + "/" + dataset.tableName();
    FolderState state = inspect(spark, folder);
    if (state == FolderState.MISSING && !dataset.required()) {
      return spark.createDataFrame(List.of(), dataset.schema());
    }
    if (state != FolderState.HAS_FILES) {
      throw InputErrors.datasetMissing(dataset.tableName(), folder, state.describe);
    }
    try {
      Dataset<Row> raw = spark.read().option("recursiveFileLookup", "false").parquet(folder);
      raw.schema(); // forces footer reading so corrupt files fail here, not mid-run
      return raw;
    } catch (Exception e) { // Spark's AnalysisException is checked in Java's eyes
      throw unreadable(dataset, folder, e);
    }
  }

  private static CredenceException unreadable(InputDataset dataset, String folder, Exception e) {
    CredenceException store = StoreFailures.explain(e);
    if (store != null) {
      return store;
    }
    return InputErrors.notParquet(dataset.tableName(), folder, ReadFailures.detail(e));
  }

  private enum FolderState {
    MISSING("does not exist"),
    EMPTY("holds no data files"),
    ZERO_BYTE_FILE("holds a zero-byte file, which is not valid Parquet"),
    HAS_FILES("");

    private final String describe;

    FolderState(String describe) {
      this.describe = describe;
    }
  }

  private static FolderState inspect(SparkSession spark, String folder) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    try {
      Path path = new Path(folder);
      FileSystem fs = path.getFileSystem(conf);
      if (!fs.exists(path)) {
        return FolderState.MISSING;
      }
      boolean any = false;
      var files = fs.listFiles(path, true);
      while (files.hasNext()) {
        FileStatus file = files.next();
        String name = file.getPath().getName();
        if (name.startsWith("_") || name.startsWith(".")) {
          continue;
        }
        if (file.getLen() == 0) {
          return FolderState.ZERO_BYTE_FILE;
        }
        any = true;
      }
      return any ? FolderState.HAS_FILES : FolderState.EMPTY;
    } catch (java.io.IOException e) {
      CredenceException store = StoreFailures.explain(e);
      if (store != null) {
        throw store;
      }
      throw InputErrors.folderUnlistable(folder, e.getMessage());
    }
  }
}
