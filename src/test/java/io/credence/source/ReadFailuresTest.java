package io.credence.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.error.CredenceException;
import io.credence.error.ExitCode;
import io.credence.schema.InputDataset;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkException;
import org.apache.spark.sql.errors.QueryExecutionErrors;
import org.junit.jupiter.api.Test;

/** Read failures as Spark reports them (its own error factories), explained in one line. */
class ReadFailuresTest {
  private static final String FILE = "file:/in/payments/part-00003.parquet";

  /** As a failed Spark job reaches the driver: the task's failure wrapped in the job's. */
  private static SparkException jobFailure(Throwable task) {
    return new SparkException(
        "Job aborted due to stage failure: Task 0 in stage 2.0 failed 1 times, most recent"
            + " failure: Lost task 0.0 in stage 2.0 (TID 2) (localhost executor driver):"
            + " org.apache.spark.SparkException: Exception thrown in awaitResult: \n\tat ...",
        task);
  }

  @Test
  void aFooterThatCannotBeReadIsNamedWithItsReason() {
    Throwable footer =
        QueryExecutionErrors.cannotReadFooterForFileError(
            new Path(FILE),
            new RuntimeException(
                FILE + " is not a Parquet file. Expected magic number at tail, but found [66]"));
    assertThat(ReadFailures.detail(jobFailure(new SparkException("awaitResult", footer))))
        .isEqualTo(FILE + " is not a Parquet file. Expected magic number at tail, but found [66]");
  }

  @Test
  void aReasonThatDoesNotNameTheFileIsPrefixedWithIt() {
    Throwable read =
        QueryExecutionErrors.cannotReadFilesError(
            new ArrayIndexOutOfBoundsException("Index 7 out of bounds for length 3"), FILE);
    assertThat(ReadFailures.detail(jobFailure(read)))
        .isEqualTo(FILE + ": Index 7 out of bounds for length 3");
  }

  @Test
  void aFailureThatNamesNoFileKeepsItsFirstLine() {
    RuntimeException other =
        new IllegalStateException("first line\nsecond line", new RuntimeException("deeper"));
    assertThat(ReadFailures.detail(other)).isEqualTo("first line");
  }

  @Test
  void aFileFailingMidRunIsBadInputNamingTheFile() {
    Throwable read =
        QueryExecutionErrors.cannotReadFilesError(
            new RuntimeException(FILE + " is not a Parquet file (length is too low: 11)"), FILE);
    RuntimeException explained = ReadFailures.explain(InputDataset.PAYMENTS, jobFailure(read));
    assertThat(explained).isInstanceOf(CredenceException.class);
    assertThat(((CredenceException) explained).exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(explained.getMessage())
        .startsWith("an input file of dataset 'payments' cannot be read: " + FILE + " is not a")
        .contains("fix:");
  }
}
