package io.credence.source;

import io.credence.error.InputErrors;
import io.credence.schema.InputDataset;

/**
 * Turns a failure while reading input files (a corrupt or truncated Parquet file found only when
 * its row groups are read) into an exit-2 error that names the dataset and the file.
 */
public final class ReadFailures {
  private ReadFailures() {}

  public static RuntimeException explain(InputDataset dataset, Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.contains("FAILED_READ_FILE")
          || message.contains("is not a Parquet file")
          || message.contains("Could not read footer")
          || t instanceof org.apache.parquet.io.ParquetDecodingException) {
        return InputErrors.fileUnreadable(dataset.tableName(), firstLine(message), e);
      }
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException(e);
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
