package io.credence.error;

import io.credence.quality.RowRules;
import java.time.Duration;
import java.util.List;

/**
 * Failures of the warehouse: nothing published, the one-writer lock, a blocked publication, person
 * ids of another kind or key, a rejected query.
 */
public final class WarehouseErrors {
  private WarehouseErrors() {}

  /** No credence table under {@code warehouse} (exit 2). */
  public static CredenceException noTables(String warehouse) {
    return CredenceException.badInput(
        "no credence tables under " + warehouse,
        "the warehouse is empty or the path is wrong",
        ErrorText.SCORE_FIRST);
  }

  /** The warehouse lies inside the input root, or is it (exit 2). */
  public static CredenceException warehouseInsideInputs(String warehouse, String inputRoot) {
    return CredenceException.badInput(
        "the warehouse " + warehouse + " lies inside the input root " + inputRoot,
        "the run would write its tables' Parquet files among the inputs, and the next run would"
            + " read them as inputs or refuse them",
        ErrorText.KEEP_APART);
  }

  /** The input root lies inside the warehouse (exit 2). */
  public static CredenceException inputsInsideWarehouse(String inputRoot, String warehouse) {
    return CredenceException.badInput(
        "the input root " + inputRoot + " lies inside the warehouse " + warehouse,
        "the warehouse's folders belong to its tables, reports and lock, which credence writes,"
            + " vacuums and erases from: inputs among them can be overwritten or deleted, or read"
            + " together with the tables' files",
        ErrorText.KEEP_APART);
  }

  /** {@code erase}: the warehouse folder does not exist, most likely a mistyped path (exit 2). */
  public static CredenceException noWarehouseToErase(String warehouse) {
    return CredenceException.badInput(
        "there is no warehouse at " + warehouse,
        "an erasure is recorded in the warehouse that later runs read; at a mistyped path it would"
            + " be recorded where nothing reads it, and the person would stay in the real one",
        "pass --warehouse (or warehouse in the job config) with the warehouse's path; to record an"
            + " erasure before the first run, create the warehouse folder first");
  }

  /** {@code lookup}: no scores_current table under {@code warehouse} (exit 2). */
  public static CredenceException nothingToLookUp(String warehouse) {
    return noScoresCurrent(warehouse, "nothing has been published there yet");
  }

  /** {@code serve}: no scores_current table under {@code warehouse} (exit 2). */
  public static CredenceException nothingToServe(String warehouse) {
    return noScoresCurrent(warehouse, "the service answers from the latest published snapshot");
  }

  private static CredenceException noScoresCurrent(String warehouse, String why) {
    return CredenceException.badInput(
        "no scores_current table under " + warehouse, why, ErrorText.SCORE_FIRST);
  }

  /** {@code report}: no runs table under {@code warehouse}, so no run to describe (exit 2). */
  public static CredenceException noRunsTable(String warehouse) {
    return CredenceException.badInput(
        "no runs table under " + warehouse,
        "a report describes a published run, and no run has been recorded there (or the path"
            + " is wrong)",
        ErrorText.SCORE_FIRST);
  }

  /** The run report cannot be written at {@code path} ({@code detail}: why) (exit 2). */
  public static CredenceException reportUnwritable(String path, String detail, Throwable cause) {
    return CredenceException.badInput(
        "cannot write the run report " + path + ": " + detail,
        "the report is a file in the warehouse's reports folder, which must be a folder this user"
            + " can write",
        "move away whatever stands in the way (e.g. a file named reports in the warehouse), or"
            + " give this user write access to the folder, then run `credence report --date D`"
            + " again",
        cause);
  }

  /** The runs table has no published snapshot for {@code date} (exit 2). */
  public static CredenceException noPublishedSnapshot(Object date, String warehouse) {
    return CredenceException.badInput(
        "no published snapshot for " + date + " under " + warehouse,
        "a report describes a published run, and the runs table has none for that date",
        "run `credence score --date "
            + date
            + "` first, or pick a date from `credence sql \"SELECT snapshot_date FROM runs"
            + " WHERE status = 'PUBLISHED'\"`");
  }

  /**
   * The runs table holds runs of {@code date}, none of them PUBLISHED: the latest, {@code runId},
   * ended {@code status} (BLOCKED or FAILED) with {@code message} (exit 2).
   */
  public static CredenceException noPublishedRun(
      Object date, String warehouse, String runId, String status, String message) {
    String what =
        "no published snapshot for "
            + date
            + " under "
            + warehouse
            + ": its latest run "
            + runId
            + " was "
            + status
            + " ("
            + ErrorText.firstLine(message)
            + ")";
    if ("BLOCKED".equals(status)) {
      return CredenceException.badInput(
          what,
          "only a published run has a report, and quality gates blocked this one before it"
              + " wrote a snapshot",
          "inspect the runs and quarantine tables (`credence sql \"SELECT * FROM runs WHERE"
              + " snapshot_date = DATE'"
              + date
              + "'\"`); fix the inputs and run `credence score --date "
              + date
              + "` again, or rerun it with --force if the change is expected");
    }
    return CredenceException.badInput(
        what,
        "only a published run has a report, and this one failed before it published a snapshot",
        "fix the cause its message names, then run `credence score --date " + date + "` again");
  }

  /**
   * The snapshot of {@code date} was written by {@code snapshotRun}, which has no runs row, while
   * the date's published runs row is {@code recordedRun}'s: a run was stopped after it published
   * the snapshot and before it recorded itself (exit 2).
   */
  public static CredenceException snapshotOfUnfinishedRun(
      Object date, String warehouse, String snapshotRun, String recordedRun) {
    String recorded =
        recordedRun == null
            ? "the runs table has no run of that date"
            : "the runs table's published run of that date is " + recordedRun;
    return CredenceException.badInput(
        "the snapshot of "
            + date
            + " under "
            + warehouse
            + " was written by run "
            + snapshotRun
            + ", which did not finish; "
            + recorded,
        "run "
            + snapshotRun
            + " was interrupted after it published the snapshot and before it wrote its runs row"
            + " (and perhaps scores_current)"
            + (recordedRun == null
                ? ", and a report is built from a run's row"
                : "; a page would show "
                    + recordedRun
                    + "'s run figures beside "
                    + snapshotRun
                    + "'s scores"),
        "run `credence score --date "
            + date
            + "` again: it rewrites the snapshot, scores_current and its runs row; then `credence"
            + " report --date "
            + date
            + "`");
  }

  /**
   * The {@code table} rows of {@code date} were written by {@code otherRun}, not by the date's
   * published run {@code recordedRun}: a rerun failed or was stopped after committing that table
   * and before its snapshot (exit 2).
   */
  public static CredenceException tableOfUnpublishedRun(
      String table, Object date, String warehouse, String otherRun, String recordedRun) {
    return CredenceException.badInput(
        "the "
            + table
            + " rows of "
            + date
            + " under "
            + warehouse
            + " were written by run "
            + otherRun
            + ", which did not publish; the runs table's published run of that date is "
            + recordedRun,
        "a run commits quarantine, features and the monitoring groups beside its snapshot, one"
            + " table at a time; run "
            + otherRun
            + " failed or was stopped after committing "
            + table
            + " and before its snapshot, so a page would show "
            + recordedRun
            + "'s figures beside "
            + otherRun
            + "'s "
            + table,
        "run `credence score --date "
            + date
            + "` again: a published rerun rewrites every table of the date; then `credence"
            + " report --date "
            + date
            + "`");
  }

  /**
   * {@code sql} or {@code report}: the erasures table at {@code path} cannot be read ({@code e}
   * says what failed, quoted as {@link ServeErrors#readFailure} does, never the files' contents),
   * so the rows of the persons with an erasure on record cannot be left out (exit 2).
   */
  public static CredenceException erasuresUnreadable(String path, Throwable e) {
    return CredenceException.badInput(
        "cannot read the erasures table (" + path + ")",
        ServeErrors.readFailure(e)
            + ": sql's views and report's figures leave out the rows of every person whose"
            + " erasure is on record (finished or not), so while erasures cannot be read queries"
            + " are refused and no report is written, and no erased person's rows are shown; its"
            + " Delta log (_delta_log) or a data file the log lists is damaged, cut short, removed"
            + " or not readable by this user",
        "run the command again; if it fails again, check "
            + path
            + "/_delta_log and the table's files (a disk error, a partial copy or restore, an"
            + " edit, their permissions) and repair them, the log from a backup of the same"
            + " version or later"
            + ErrorText.KEEP_ERASURES,
        e);
  }

  /**
   * The erasures table at {@code path} is older than the version {@code held} that erase recorded
   * in the mark {@code mark} (or that serve read before): its newest version is {@code now}, or -1
   * when the table is gone. An older copy was put back, or it was removed, so erasure requests
   * recorded since may be lost (exit 2). Every command refuses it; see {@code
   * io.credence.publish.ErasuresMark}.
   */
  public static CredenceException erasuresWentBack(String path, String mark, long held, long now) {
    return CredenceException.badInput(
        now < 0
            ? "the erasures table (" + path + ") is gone; erase recorded version " + held
            : "the erasures table (" + path + ") went back from version " + held + " to " + now,
        "an older copy of it was put back, or it was removed, so erasure requests recorded since"
            + " may be lost, and the persons erased by them could be scored or answered again:"
            + " every command refuses the warehouse until erasures is whole",
        "put back its newest copy (version "
            + held
            + " or later); if no copy is that new, stop the scheduled runs, delete "
            + mark
            + " and record each lost request again with credence erase; restart a running serve"
            + " after either");
  }

  /** The erasures mark {@code mark} holds no version: it was changed by hand (exit 2). */
  public static CredenceException erasuresMarkCorrupt(String mark) {
    return CredenceException.badInput(
        "the erasures mark " + mark + " does not hold a version number",
        "it holds the newest erasures version that erase recorded, so that an erasures table put"
            + " back from an older copy is noticed; without it that cannot be checked",
        "write the erasures table's newest version into it (one line, e.g. 12), or, if the erasures"
            + " table is its newest copy, delete it: the next credence erase writes it again");
  }

  /** Spark SQL rejected a {@code credence sql} query (exit 2). */
  public static CredenceException queryRejected(String detail, Object views) {
    return CredenceException.badInput(
        "the query cannot run: " + detail,
        "Spark SQL rejected it",
        "check the syntax and names; views available: " + views);
  }

  /**
   * A query failed while it ran on its own data or logic ({@code detail}: Spark's error, e.g.
   * "[DIVIDE_BY_ZERO] Division by zero. ..."), which Spark finds only then, not when it plans.
   */
  public static CredenceException queryFailed(String detail) {
    return CredenceException.badInput(
        "the query failed while it ran: " + detail,
        "Spark SQL raises errors of the data (a division by zero, an overflow, a value that does"
            + " not cast) only when it meets the rows that cause them",
        "guard the expression (try_divide, try_add, try_cast, NULLIF(x, 0), a wider type such as"
            + " DECIMAL(38,0)) or filter the rows out; nothing was written");
  }

  /** A query read data files no longer in the warehouse (time travel past an erasure). */
  public static CredenceException queryReadsRemovedFiles() {
    return CredenceException.badInput(
        "the query reads data files that are no longer in the warehouse",
        "an erasure rewrites the files that held the person and removes the old ones at once, and"
            + " `maintain` removes files older than its retention, so time travel (VERSION AS OF,"
            + " TIMESTAMP AS OF) to a version before either ends there (docs/privacy.md)",
        "query the current version, or a version after the last erasure and within the kept"
            + " history; `DESCRIBE HISTORY delta.`<table path>`` lists the versions and what wrote"
            + " them");
  }

  /** The sql command was given a statement that is not a query ({@code kind}, e.g. DELETE). */
  public static CredenceException queryWrites(String kind) {
    return CredenceException.badInput(
        "the sql command runs queries only, and this statement is not one (Spark's " + kind + ")",
        "the tables change only through score, erase and maintain, which take the warehouse lock"
            + " and record what they did; a statement here would do neither",
        "write a SELECT (DESCRIBE, SHOW and EXPLAIN are read-only and also allowed); to remove a"
            + " person use `credence erase`");
  }

  /** {@code --limit} is below 1. */
  public static CredenceException limitNotPositive(int limit) {
    return CredenceException.badInput(
        "--limit is " + limit,
        "it is the most rows the query prints",
        "pass 1 or more (default 100)");
  }

  /**
   * Quality gates blocked the run's publication (exit 3). {@code laterRowsOnly} names the datasets
   * whose reject ratio blocks only because of rows dated after the as-of date, when nothing else
   * blocks: the run is then a backfill scored from inputs extracted later.
   */
  public static CredenceException gateBlocked(
      String runId, Object asOf, String message, List<String> laterRowsOnly) {
    String what = "run " + runId + " for " + asOf + " was BLOCKED by quality gates: " + message;
    if (laterRowsOnly.isEmpty()) {
      return CredenceException.gateBlocked(
          what,
          "inspect the runs and quarantine tables; if the change is expected, rerun with --force");
    }
    return CredenceException.gateBlocked(
        what,
        "the reject ratio of "
            + String.join(", ", laterRowsOnly)
            + " is over the limit only because of rows dated after "
            + asOf
            + " (quarantined as "
            + RowRules.FUTURE_DATE
            + "), as when an earlier date is scored from inputs extracted later; for such a"
            + " backfill, rerun with --force (the runs table records it) or score inputs"
            + " extracted as of "
            + asOf);
  }

  /** The person tables hold both raw and pseudonymized ids (exit 2). */
  public static CredenceException mixedIdKinds(String warehouse, Object modes) {
    return CredenceException.badInput(
        "the tables under " + warehouse + " mix raw and pseudonymized person ids " + modes,
        "lookups and erasures need one kind of id per warehouse",
        "rebuild the warehouse with one privacy.pseudonymize setting");
  }

  /** privacy.pseudonymize disagrees with the kind of ids the warehouse holds (exit 2). */
  public static CredenceException idKindMismatch(
      boolean pseudonymize, String warehouse, String existing) {
    return CredenceException.badInput(
        "privacy.pseudonymize is "
            + pseudonymize
            + " but the warehouse "
            + warehouse
            + " holds "
            + existing
            + " person ids",
        "mixing raw ids and pseudonyms in one warehouse would split persons in two",
        "use the setting the warehouse was built with, or score into a new --warehouse");
  }

  /** The pseudonym key given is not the one {@code table} was written with (exit 2). */
  public static CredenceException keyMismatch(
      String table, String tableFingerprint, String givenFingerprint) {
    return CredenceException.badInput(
        "the pseudonym key differs from the warehouse's: "
            + table
            + " was written with the key of fingerprint "
            + tableFingerprint
            + ", the key given has fingerprint "
            + givenFingerprint,
        "another key gives every person another pseudonym: a run would start every history anew"
            + " and let erased persons back in, and lookup and erase would find nobody",
        "export the key this warehouse was built with in the variable privacy.key_env names; a new"
            + " key needs a new warehouse (docs/privacy.md)");
  }

  /** Another run holds the warehouse lock (exit 4). */
  public static CredenceException lockedBy(
      String warehouse, String runId, long pid, String host, Object since, String lockFile) {
    return CredenceException.locked(
        "warehouse "
            + warehouse
            + " is locked by run "
            + runId
            + " (pid "
            + pid
            + " on "
            + host
            + ", since "
            + since
            + ")",
        "wait for that run to finish; if it is certainly dead, delete " + lockFile);
  }

  /**
   * This run lost the warehouse lock it held: another run took it over as stale (exit 4, another
   * run holds the warehouse), or its heartbeat could not be written for long enough that another
   * host may (exit 1: no other run need be there, and a scheduler's retry may succeed). The run
   * commits nothing more; {@code rerun} says how to finish what it left (the command's own advice).
   */
  public static CredenceException lockLost(
      String lockFile, String runId, String why, boolean takenOver, String rerun) {
    String what =
        "run "
            + runId
            + " lost the warehouse lock "
            + lockFile
            + " ("
            + why
            + ") and stopped before its next commit";
    if (takenOver) {
      return CredenceException.locked(
          what,
          "see whether the run that took the warehouse over finished; if this run was paused (a"
              + " frozen host or VM, a store unreachable for minutes), "
              + rerun);
    }
    return CredenceException.transientFailure(
        what,
        "it could not write its heartbeat for minutes (the store unreachable or refusing writes, a"
            + " frozen host or VM), and another host may soon judge its lock stale and take it"
            + " over, so it commits nothing more",
        "check that the warehouse's store is reachable and writable from this host, then " + rerun);
  }

  /** The lock changed hands {@code attempts} times while this run tried to take it (exit 4). */
  public static CredenceException lockContended(String lockFile, int attempts) {
    return CredenceException.locked(
        "the warehouse lock at "
            + lockFile
            + " changed hands "
            + attempts
            + " times while this run tried to take it",
        "rerun when the other runs have finished");
  }

  /** Another run has held the lock's guard file for longer than {@code wait} (exit 4). */
  public static CredenceException guardHeld(String guardFile, Duration wait) {
    return CredenceException.locked(
        "another run has held " + guardFile + " for over " + wait,
        "rerun later; if no credence run is active on this warehouse, delete that file");
  }

  /**
   * The warehouse folder cannot be created or written: a file stands where it or a parent should
   * be, or permission is denied ({@code detail} says which path and why). Exit 2.
   */
  public static CredenceException warehouseUnusable(
      String warehouse, String detail, Throwable cause) {
    return CredenceException.badInput(
        "the warehouse " + warehouse + " cannot be used as a folder: " + detail,
        "score, erase and maintain take the warehouse lock, a file in the warehouse folder, before"
            + " reading anything; the folder is created when absent",
        "set `warehouse` in the job config (or --warehouse) to a folder this user can create"
            + " and write, or move the file that stands in its way",
        cause);
  }

  /** The lock file cannot be parsed (exit 2). */
  public static CredenceException lockFileCorrupt(String lockFile, String detail, Throwable cause) {
    return CredenceException.badInput(
        "the warehouse lock file " + lockFile + " is empty or corrupt (" + detail + ")",
        "credence cannot tell whether the run that wrote it is still running, so it neither"
            + " takes the warehouse nor removes the file",
        "make sure no credence run is using this warehouse, then delete " + lockFile,
        cause);
  }

  /** {@code key} names a lock mode that does not exist (exit 2). */
  public static CredenceException unknownLockMode(String key, String mode) {
    return CredenceException.badInput(
        key + " is '" + mode + "'",
        "the warehouse lock has two modes",
        "set storage.warehouse_lock in the job config to exclusive or single_writer_asserted");
  }

  /** The warehouse's store offers no atomic create-if-absent ({@code missing} says why). */
  public static CredenceException noAtomicCreate(String warehouse, String scheme, String missing) {
    return CredenceException.badInput(
        "the warehouse "
            + warehouse
            + " is on a "
            + scheme
            + ":// store, where credence cannot take its one-writer lock: "
            + missing,
        "the lock needs an atomic create-if-absent (a local disk, HDFS, or an object store's"
            + " conditional write); without it two runs could both believe they hold the warehouse"
            + " and interleave their writes",
        "set `warehouse` in the job config (or --warehouse) to a local or HDFS folder, or to a"
            + " store that honours conditional writes; or, if exactly one scheduler ever runs"
            + " credence against this warehouse, set storage.warehouse_lock:"
            + " single_writer_asserted in the job config (docs/operations.md, \"Object storage\","
            + " says what that makes safe and what not)");
  }

  /**
   * The warehouse is on a store whose connector offers no atomic create-if-absent (gs, abfs, wasb)
   * and whose file system could not be had either, typically for want of the connector (exit 2):
   * said first, so that nobody installs a connector for a warehouse the lock would refuse.
   */
  public static CredenceException storeUnsupported(
      String warehouse, String scheme, Throwable cause) {
    return CredenceException.badInput(
        "a warehouse on "
            + scheme
            + ":// is not supported: "
            + warehouse
            + " (and no usable Hadoop file system for "
            + scheme
            + ":// is on the classpath: "
            + ErrorText.firstLine(String.valueOf(cause.getMessage()))
            + ")",
        "credence's one-writer lock needs an atomic create-if-absent (a local disk, HDFS, or"
            + " S3's conditional write through s3a://), which the "
            + scheme
            + ":// connector does not offer; installing its connector would not change that",
        "set `warehouse` in the job config (or --warehouse) to a local or HDFS folder, or to an"
            + " s3a:// store that honours conditional writes (inputs may stay on "
            + scheme
            + ":// with its connector); or, if exactly one scheduler ever runs credence against"
            + " this warehouse, set storage.warehouse_lock: single_writer_asserted in the job"
            + " config and put the "
            + scheme
            + ":// connector on the classpath (docs/operations.md, \"Object storage\")",
        cause);
  }

  /** The warehouse's local file system cannot hard-link, the lock's atomic create (exit 2). */
  public static CredenceException noHardLinks(String folder, Throwable cause) {
    return CredenceException.badInput(
        "the file system of the warehouse " + folder + " does not support hard links",
        "credence's one-writer lock publishes its file with a hard link, the local atomic"
            + " create-if-absent",
        "put the warehouse on a local file system with hard links (ext4, xfs, NFS, ...) or"
            + " on HDFS",
        cause);
  }
}
