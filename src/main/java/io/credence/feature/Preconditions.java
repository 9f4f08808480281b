package io.credence.feature;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Checks a feature step makes before it builds its plan: the columns it reads are present. */
public final class Preconditions {
  private Preconditions() {}

  /**
   * Throws {@link IllegalArgumentException} naming the stage and the first missing column when
   * {@code data} lacks one of {@code columns}.
   */
  public static void requireColumns(Dataset<Row> data, String stage, String... columns) {
    List<String> present = Arrays.asList(data.columns());
    for (String column : columns) {
      if (!present.contains(column)) {
        throw new IllegalArgumentException(
            "stage "
                + stage
                + " needs column '"
                + column
                + "' but its input has only "
                + present
                + "; pass the dataset with the contract schema of that stage.");
      }
    }
  }
}
