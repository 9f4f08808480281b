package io.credence.source;

import io.credence.error.ErrorText;
import io.credence.error.InputErrors;
import io.credence.schema.InputDataset;
import org.apache.spark.SparkThrowable;

/**
 * Turns a failure while reading input files into an exit-2 error that names the dataset, the file
 * and what is wrong with it: a corrupt or truncated Parquet file, found when its footer is read for
 * the schema ({@link InputReader}) or only when its row groups are read mid-run ({@link #explain}).
 */
public final class ReadFailures {
  /** Spark's error condition for a file it failed to read; its parameter {@code path}. */
  private static final String FAILED_READ_FILE = "FAILED_READ_FILE";

  private ReadFailures() {}

  public static RuntimeException explain(InputDataset dataset, Exception e) {
    if (unreadableFile(e)) {
      return InputErrors.fileUnreadable(dataset.tableName(), detail(e), e);
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException(e);
  }

  /** Whether {@code e} says a file could not be read: corrupt, truncated, or not Parquet. */
  public static boolean unreadableFile(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.contains(FAILED_READ_FILE)
          || message.contains("is not a Parquet file")
          || message.contains("Could not read footer")
          || t instanceof org.apache.parquet.io.ParquetDecodingException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code e} is a read of a data file that is no longer there (Spark's condition
   * FAILED_READ_FILE.FILE_NOT_EXIST, around a FileNotFoundException): for a table's old version,
   * files an erasure or {@code maintain} removed.
   */
  public static boolean fileGone(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.io.FileNotFoundException
          || t instanceof SparkThrowable s
              && (FAILED_READ_FILE + ".FILE_NOT_EXIST").equals(s.getCondition())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The error a query's own data or logic raised while it ran (SQL states of class 21, a scalar
   * subquery of more than one row; 22, a data exception: division by zero, overflow, a bad cast;
   * 42, the query's access rules; 0A, a feature not supported), the first in {@code e}'s causes;
   * null for any other failure (reads, I/O, Spark's internal errors).
   */
  public static SparkThrowable queryError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SparkThrowable s && s.getSqlState() != null) {
        String state = s.getSqlState();
        if (state.startsWith("21")
            || state.startsWith("22")
            || state.startsWith("42")
            || state.startsWith("0A")) {
          return s;
        }
      }
    }
    return null;
  }

  /**
   * One line on what failed: the file Spark could not read and the deepest cause's reason (e.g.
   * "file:/in/payments/part-3.parquet is not a Parquet file. Expected magic number at tail, ..."),
   * rather than the outermost message, which for a failed Spark job says only which task failed.
   * Without a file named by Spark, the outermost message's first line.
   */
  public static String detail(Throwable e) {
    String path = null;
    String reason = null;
    Throwable t = e;
    for (int depth = 0; t != null && depth < 64; depth++, t = t.getCause()) {
      if (path == null
          && t instanceof SparkThrowable s
          && s.getCondition() != null
          && s.getCondition().startsWith(FAILED_READ_FILE)) {
        path = s.getMessageParameters().get("path");
      }
      String line = t.getMessage() == null ? "" : ErrorText.firstLine(t.getMessage()).strip();
      if (!line.isBlank()) {
        reason = line;
      }
    }
    if (path == null || reason == null) {
      return ErrorText.firstLine(e.getMessage());
    }
    String name = path.substring(path.lastIndexOf('/') + 1);
    return reason.contains(name) ? reason : path + ": " + reason;
  }
}
