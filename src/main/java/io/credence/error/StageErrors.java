package io.credence.error;

import java.util.List;

/**
 * Programming errors a pipeline step reports when its input breaks the step's column contract; they
 * stay {@link IllegalArgumentException}s, in the same what / why / fix shape as user errors.
 */
public final class StageErrors {
  private StageErrors() {}

  /** {@code step} reads {@code missing}, which its input (columns {@code have}) lacks. */
  public static IllegalArgumentException missingColumns(
      String step, List<String> missing, List<String> have) {
    return new IllegalArgumentException(
        ErrorText.format(
            step + " needs columns " + missing + " that its input lacks",
            "the step reads " + quoted(missing) + "; its input has only " + have,
            "pass the dataset with the contract schema of that step"));
  }

  /** {@code step} adds {@code clash}, which its input already has. */
  public static IllegalArgumentException columnsAlreadyPresent(String step, List<String> clash) {
    return new IllegalArgumentException(
        ErrorText.format(
            step + " adds columns " + clash + " but its input already has them",
            "a step adds columns and never overwrites one",
            "drop them from the step's input first"));
  }

  /** {@code step} needs {@code column} to be of the kind {@code expected}, not {@code actual}. */
  public static IllegalArgumentException wrongColumnType(
      String step, String column, String expected, String actual) {
    return new IllegalArgumentException(
        ErrorText.format(
            step + " needs column '" + column + "' to be " + expected + " but it is " + actual,
            "the step reads its values only as " + expected,
            "cast the column to " + expected + " before the step"));
  }

  private static String quoted(List<String> columns) {
    return String.join(", ", columns.stream().map(c -> "'" + c + "'").toList());
  }
}
