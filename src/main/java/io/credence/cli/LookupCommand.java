package io.credence.cli;

import static io.credence.schema.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.credence.config.ConfigLoader;
import io.credence.error.CredenceException;
import io.credence.job.LookupAudit;
import io.credence.privacy.PersonIds;
import io.credence.publish.Table;
import io.delta.tables.DeltaTable;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints one person's current score, tier and reasons in plain text, and recent history. */
@Command(
    name = "lookup",
    mixinStandardHelpOptions = true,
    description =
        "Prints a person's latest published score, tier and reasons in plain language, then their"
            + " most recent snapshots. Every lookup, found or not, is recorded in the lookup_audit"
            + " table with --requester, --purpose and the person's key (never the raw id).")
final class LookupCommand implements Callable<Integer> {
  @Mixin JobOptions job;

  @ArgGroup(multiplicity = "1")
  PersonIdOption personId;

  /** The raw id, read from where {@link #personId} says when the command starts. */
  private String person;

  @Option(
      names = "--purpose",
      required = true,
      paramLabel = "TEXT",
      description = "Why you look this person up; recorded in the lookup_audit table.")
  String purpose;

  @Option(
      names = "--requester",
      paramLabel = "WHO",
      description = "Who looks up, for the lookup_audit table (default: the OS user).")
  String requester;

  @Option(
      names = "--history",
      defaultValue = "6",
      description = "Snapshots of history to show (default ${DEFAULT-VALUE}).")
  int history;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    person = personId.read(System.in);
    ConfigLoader.Loaded loaded = job.load();
    String warehouse = loaded.config().warehouse();
    SparkSession spark = job.spark.session("credence lookup");
    String current = Table.SCORES_CURRENT.path(warehouse);
    if (!DeltaTable.isDeltaTable(spark, current)) {
      throw CredenceException.badInput(
          "no scores_current table under " + warehouse,
          "nothing has been published there yet",
          "run `credence score` first, or pass --warehouse with the right folder");
    }
    PersonIds ids = PseudonymKeys.forWarehouse(spark, warehouse, loaded.config().privacy());
    String storedId = ids.stored(person); // their pseudonym in a pseudonymized warehouse
    List<Row> rows =
        spark
            .read()
            .format("delta")
            .load(current)
            .filter(col(PERSON_ID).equalTo(lit(storedId)))
            .collectAsList();
    LookupAudit.record(
        spark,
        warehouse,
        ids,
        Requester.orOsUser(requester),
        purpose,
        ids.personKey(person),
        !rows.isEmpty());
    if (rows.isEmpty()) {
      throw CredenceException.badInput(
          "no published score for that person id",
          "the id is not in the latest snapshot (unknown, mistyped, or quarantined input)",
          "check the id; `credence sql` can search score_snapshots and quarantine");
    }
    PrintWriter out = spec.commandLine().getOut();
    printCurrent(rows.get(0), out);
    printHistory(spark, warehouse, storedId, out);
    out.flush();
    return 0;
  }

  private void printCurrent(Row r, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "snapshot %s (scorecard %s, run %s)%n", // never the raw id: stdout may go to a log
        r.getAs(SNAPSHOT_DATE),
        r.getAs(SCORECARD_ID),
        r.getAs(RUN_ID));
    if (r.getAs(SCORE) == null) {
      out.printf(
          Locale.ROOT,
          "not scored: %s (%s)%n",
          r.getAs(UNSCORABLE_REASON),
          explainUnscorable(r.getAs(UNSCORABLE_REASON)));
      return;
    }
    out.printf(Locale.ROOT, "score %d, tier %s%n", (Integer) r.getAs(SCORE), r.getAs(TIER));
    List<Row> reasons = r.getList(r.fieldIndex(REASONS));
    if (reasons.isEmpty()) {
      out.println("no adverse reasons: every feature is in its best bin");
      return;
    }
    out.println("main reasons the score is not higher:");
    for (Row reason : reasons) {
      out.printf(
          Locale.ROOT,
          "  %-5s %s (%.0f points)%n",
          reason.getAs(REASON_CODE),
          reason.getAs(REASON_TEXT),
          -(Double) reason.getAs(POINTS_LOST));
    }
  }

  private void printHistory(
      SparkSession spark, String warehouse, String storedId, PrintWriter out) {
    List<Row> past =
        spark
            .read()
            .format("delta")
            .load(Table.SCORE_SNAPSHOTS.path(warehouse))
            .filter(col(PERSON_ID).equalTo(lit(storedId)))
            .orderBy(col(SNAPSHOT_DATE).desc())
            .select(SNAPSHOT_DATE, SCORE, TIER, SCORE_STATUS)
            .limit(history)
            .collectAsList();
    out.println("recent snapshots:");
    for (Row p : past) {
      out.printf(
          Locale.ROOT,
          "  %s  %5s  %-13s %s%n",
          p.get(0),
          p.isNullAt(1) ? "-" : p.get(1),
          p.isNullAt(2) ? "-" : p.get(2),
          p.get(3));
    }
  }

  private static String explainUnscorable(String reason) {
    return switch (String.valueOf(reason)) {
      case "thin_file" -> "too little history to score";
      case "inactive" -> "no record in the last 12 months";
      default -> "see the eligibility rules in README.md";
    };
  }
}
