package io.credence.source;

import io.credence.error.CredenceException;
import io.credence.error.InputErrors;
import io.credence.error.StoreFailures;
import io.credence.run.Parallel;
import io.credence.schema.InputDataset;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
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
 * missing or of the wrong type in any file (each file's footer is checked, see {@link FileSchemas})
 * stops the run with exit 2. The optional disputes dataset may be absent, and is then read as
 * empty.
 */
public final class InputReader {
  private InputReader() {}

  /** Reads and conforms every dataset; throws with all contract violations at once. */
  public static Map<InputDataset, Dataset<Row>> readAll(SparkSession spark, String root) {
    Map<InputDataset, Dataset<Row>> result = new EnumMap<>(InputDataset.class);
    List<SchemaContract.Violation> violations = new ArrayList<>();
    // Spark reads each folder's schema with a job of its own: the five side by side.
    List<Supplier<Raw>> reads = new ArrayList<>();
    for (InputDataset dataset : InputDataset.values()) {
      reads.add(() -> readRaw(spark, root, dataset));
    }
    List<Raw> raws = Parallel.callAll(reads);
    for (InputDataset dataset : InputDataset.values()) {
      Raw raw = raws.get(dataset.ordinal());
      violations.addAll(raw.violations());
      if (raw.violations().isEmpty()) {
        result.put(dataset, raw.rows().select(SchemaContract.conformingColumns(dataset)));
      }
    }
    if (!violations.isEmpty()) {
      throw InputErrors.schemaViolations(violations);
    }
    return result;
  }

  /** A dataset as Spark reads it, and how its files or that schema break the contract. */
  private record Raw(Dataset<Row> rows, List<SchemaContract.Violation> violations) {}

  private static Raw readRaw(SparkSession spark, String root, InputDataset dataset) {
    String folder = root.replaceAll("/+$", "") + "/" + dataset.tableName();
    Listing listing = inspect(spark, dataset, folder);
    if (listing.state() == FolderState.MISSING && !dataset.required()) {
      return new Raw(spark.createDataFrame(List.of(), dataset.schema()), List.of());
    }
    if (listing.state() != FolderState.HAS_FILES) {
      throw InputErrors.datasetMissing(dataset.tableName(), folder, listing.state().describe);
    }
    Dataset<Row> raw;
    List<SchemaContract.Violation> violations;
    try {
      raw = spark.read().option("recursiveFileLookup", "false").parquet(folder);
      raw.schema(); // forces footer reading so corrupt files fail here, not mid-run
      // Spark took the schema from one file; every other file is held to the contract too.
      violations = FileSchemas.check(spark, dataset, listing.files(), raw.schema());
    } catch (CredenceException e) {
      throw e;
    } catch (Exception e) { // Spark's AnalysisException is checked in Java's eyes
      throw unreadable(dataset, folder, e);
    }
    return new Raw(
        raw, violations.isEmpty() ? SchemaContract.check(dataset, raw.schema()) : violations);
  }

  private static CredenceException unreadable(InputDataset dataset, String folder, Exception e) {
    CredenceException store = StoreFailures.explain(e);
    if (store != null) {
      return store;
    }
    return InputErrors.notParquet(dataset.tableName(), folder, ReadFailures.detail(e));
  }

  /** What a dataset's folder holds, and its data files when it has some. */
  private record Listing(FolderState state, List<FileSchemas.DataFile> files) {}

  private enum FolderState {
    MISSING("does not exist"),
    EMPTY("holds no data files"),
    HAS_FILES("");

    private final String describe;

    FolderState(String describe) {
      this.describe = describe;
    }
  }

  /**
   * What the dataset's folder holds. Every non-hidden file below it is looked at: a zero-byte one,
   * or one in a sub-folder Spark would not read (not {@code key=value}), stops the run. The data
   * files are listed in name order, so that errors name the same file on every run.
   */
  private static Listing inspect(SparkSession spark, InputDataset dataset, String folder) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    try {
      Path path = new Path(folder);
      FileSystem fs = path.getFileSystem(conf);
      if (!fs.exists(path)) {
        return new Listing(FolderState.MISSING, List.of());
      }
      URI base = fs.makeQualified(path).toUri();
      List<FileSchemas.DataFile> data = new ArrayList<>();
      var files = fs.listFiles(path, true);
      while (files.hasNext()) {
        FileStatus file = files.next();
        String relative = relative(base, file.getPath());
        if (hidden(relative)) {
          continue;
        }
        String unread = unreadFolder(relative);
        if (unread != null) {
          throw InputErrors.filesInSubfolder(dataset.tableName(), folder, unread);
        }
        String below = dataset.tableName() + "/" + relative;
        if (file.getLen() == 0) {
          throw InputErrors.zeroByteFile(dataset.tableName(), below);
        }
        data.add(new FileSchemas.DataFile(file, below));
      }
      data.sort(Comparator.comparing(FileSchemas.DataFile::path));
      return new Listing(data.isEmpty() ? FolderState.EMPTY : FolderState.HAS_FILES, data);
    } catch (java.io.IOException e) {
      CredenceException store = StoreFailures.explain(e);
      if (store != null) {
        throw store;
      }
      throw InputErrors.folderUnlistable(folder, e.getMessage());
    }
  }

  /** {@code file}'s path below the folder {@code base}; its name alone if it is not below it. */
  private static String relative(URI base, Path file) {
    URI relative = base.relativize(file.toUri());
    return relative.isAbsolute() || relative.getPath().startsWith("/")
        ? file.getName()
        : relative.getPath();
  }

  /** Spark's convention: a file or folder whose name starts with _ or . is not data. */
  private static boolean hidden(String relative) {
    for (String part : relative.split("/")) {
      if (part.startsWith("_") || part.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The first folder of {@code relative} (a file's path below the dataset's folder) that is not a
   * {@code key=value} partition folder, or null when Spark reads the file.
   */
  static String unreadFolder(String relative) {
    String[] parts = relative.split("/");
    StringBuilder folder = new StringBuilder();
    for (int i = 0; i < parts.length - 1; i++) {
      folder.append(parts[i]).append('/');
      int eq = parts[i].indexOf('=');
      if (eq <= 0 || eq == parts[i].length() - 1) {
        return folder.toString();
      }
    }
    return null;
  }
}
