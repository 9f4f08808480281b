package io.credence.error;

import java.util.List;

/** Failures of the input datasets: missing, unreadable, or off the input contract (all exit 2). */
public final class InputErrors {
  private InputErrors() {}

  /** Violations listed in an error at most; a dataset of many bad files would list each. */
  private static final int MAX_LISTED = 20;

  /**
   * The datasets' schemas, or their files', break the input contract; {@code violations} are listed
   * one a line (the first {@value #MAX_LISTED}, then how many more).
   */
  public static CredenceException schemaViolations(List<?> violations) {
    StringBuilder what = new StringBuilder("input schema does not match the contract:");
    violations.stream().limit(MAX_LISTED).forEach(v -> what.append("\n  - ").append(v));
    if (violations.size() > MAX_LISTED) {
      what.append("\n  - and ").append(violations.size() - MAX_LISTED).append(" more");
    }
    return CredenceException.badInput(
        what.toString(),
        "the job cannot compute features from columns it does not understand, and every file of"
            + " a dataset is read with one schema: a file without a column would give its rows"
            + " nulls there",
        "write the datasets with the types in the input table of docs/contract.md (safe"
            + " widenings such as int to long or decimal(10,2) to decimal(12,2) are"
            + " accepted)");
  }

  /**
   * The files of {@code dataset} store {@code column} as different types, each accepted on its own
   * ({@code one} and {@code other}: a type and the file holding it, e.g. "INT in
   * payments/part-0.parquet").
   */
  public static CredenceException filesDisagree(
      String dataset, String column, String one, String other) {
    return CredenceException.badInput(
        "the files of input dataset '"
            + dataset
            + "' store "
            + column
            + " as different types: "
            + one
            + ", "
            + other,
        "Spark reads a dataset's files with one schema, taken from one of them, and fails on a"
            + " file whose column has another type partway through the run",
        "write every file of the dataset with the same type for each column, preferably the one"
            + " in the input table of docs/contract.md");
  }

  /** The folder of {@code dataset} is in {@code state}, e.g. "does not exist". */
  public static CredenceException datasetMissing(String dataset, String folder, String state) {
    return CredenceException.badInput(
        "input dataset '" + dataset + "' at " + folder + " " + state,
        "every run needs persons, shopping_orders, payments and court_records; disputes may"
            + " be absent, but a folder that is there must hold its Parquet files (an empty one"
            + " looks like an export that failed)",
        "point inputs.root (or --input) at the folder holding one sub-folder per dataset,"
            + " each with Parquet files");
  }

  /**
   * Files of {@code dataset} lie in {@code subfolder} (relative to the dataset's folder), which is
   * neither a {@code key=value} partition folder nor hidden: Spark would not read them.
   */
  public static CredenceException filesInSubfolder(
      String dataset, String folder, String subfolder) {
    return CredenceException.badInput(
        "input dataset '"
            + dataset
            + "' at "
            + folder
            + " has files in its sub-folder "
            + subfolder,
        "a dataset is read from the Parquet files of its folder (and of key=value partition"
            + " folders); files in other sub-folders would be skipped without a word, and their"
            + " rows never scored or quarantined",
        "move those files up into "
            + folder
            + ", or name the sub-folders key=value (e.g."
            + " month=2026-11) as a partitioned export does; folders whose names start with _ or"
            + " . are ignored");
  }

  /** A data file of {@code dataset} ({@code file}: its path below the input root) is empty. */
  public static CredenceException zeroByteFile(String dataset, String file) {
    return CredenceException.badInput(
        "input dataset '" + dataset + "' holds a zero-byte file, " + file,
        "an empty file is not valid Parquet: most likely a write that was interrupted, whose rows"
            + " are missing",
        "rewrite the dataset (or that file) from its source, or remove the file if it holds no"
            + " rows, then rerun; files whose names start with _ or . are not read");
  }

  /**
   * Spark cannot read the folder of {@code dataset} as Parquet ({@code detail}: its first line).
   */
  public static CredenceException notParquet(String dataset, String folder, String detail) {
    return CredenceException.badInput(
        "input dataset '" + dataset + "' at " + folder + " cannot be read as Parquet: " + detail,
        "a file that cannot be read would silently drop its rows",
        "remove or rewrite the corrupt or non-Parquet file(s) in that folder, then rerun");
  }

  /**
   * generate's output folder holds {@code foreign} where a dataset's folder goes, which generate
   * did not write and would delete (it replaces each dataset's folder whole); null when {@code out}
   * is itself a file.
   */
  public static CredenceException generateOutTaken(String out, String foreign) {
    return CredenceException.badInput(
        foreign == null
            ? "--out " + out + " is a file, not a folder"
            : "--out " + out + " holds " + foreign + ", which generate did not write",
        "generate replaces each dataset's folder under --out whole, and would delete it",
        "choose a new or empty folder for --out, or move that out of the way (the datasets'"
            + " folders of an earlier generate are replaced without asking)");
  }

  /**
   * generate's {@code --out} names a file system other than the local one ({@code s3a://}, {@code
   * hdfs://}, ...): generate writes a local folder, checked first for what it would delete.
   */
  public static CredenceException generateOutNotLocal(String out) {
    return CredenceException.badInput(
        "--out " + out + " is not a local folder",
        "generate writes its datasets to the local disk, after checking there that it replaces"
            + " only an earlier generate's output",
        "generate into a local folder (a path, or a file: URI), then copy it to the store (e.g."
            + " hadoop distcp file:///tmp/gen "
            + out
            + ")");
  }

  /**
   * A path option starts with {@code ~user} ({@code value}), another user's home, which credence
   * does not look up (only {@code ~} and {@code ~/} are expanded, to this user's home).
   */
  public static CredenceException otherUsersHome(String value) {
    return otherUsersHome(
        "the path " + value,
        value,
        "give the path in full (e.g. /home/user/...), or let the shell expand it: --option ~user/x"
            + " with a space, not =, and without quotes");
  }

  /**
   * A path key of the job config ({@code key}: inputs.root, warehouse, scoring.scorecard) starts
   * with {@code ~user} ({@code value}); as on the command line, only {@code ~} and {@code ~/} are
   * expanded.
   */
  public static CredenceException otherUsersHomeInConfig(String key, String value) {
    return otherUsersHome(
        "config key '" + key + "' has the path " + value + ", which",
        value,
        "write the path in full in the job config (e.g. /home/user/...); only ~ and ~/ stand for"
            + " a home there, your own");
  }

  private static CredenceException otherUsersHome(String subject, String value, String fix) {
    return CredenceException.badInput(
        subject + " starts with another user's home (~user)",
        "credence expands only ~ and ~/ (this user's home); it would otherwise create a folder"
            + " named "
            + value.split("/", 2)[0]
            + " in the current folder",
        fix);
  }

  /** score's {@code --date} is later than tomorrow (UTC). */
  public static CredenceException dateAhead(Object date, Object today) {
    return CredenceException.badInput(
        "--date " + date + " is after today (" + today + " in UTC)",
        "a snapshot holds the records up to its date, so one dated ahead would accept records"
            + " dated after today, and as the newest snapshot it would stay scores_current: the"
            + " nights after it score earlier dates, which do not replace a newer one",
        "score today's date (the default) or an earlier one");
  }

  /** The input folder cannot be listed. */
  public static CredenceException folderUnlistable(String folder, String detail) {
    return CredenceException.badInput(
        "input folder " + folder + " cannot be listed: " + detail,
        "the job must see every input file",
        ErrorText.CHECK_PATH);
  }

  /** A file of {@code dataset} fails only when its rows are read (corrupt or truncated). */
  public static CredenceException fileUnreadable(String dataset, String detail, Throwable cause) {
    return CredenceException.badInput(
        "an input file of dataset '" + dataset + "' cannot be read: " + detail,
        "skipping it would silently lose its rows",
        "replace or remove the corrupt file and rerun; nothing was published",
        cause);
  }
}
