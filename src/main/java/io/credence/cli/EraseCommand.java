package io.credence.cli;

import io.credence.config.ConfigLoader;
import io.credence.job.ErasureJob;
import io.credence.privacy.PersonIds;
import io.credence.run.Progress;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Erases one person from every table, history included, and records the request. */
@Command(
    name = "erase",
    mixinStandardHelpOptions = true,
    description = {
      "Erases a person from features, score_snapshots, scores_current and quarantine, history"
          + " included: a Delta DELETE, a purge of deletion vectors, then a VACUUM with zero"
          + " retention of each of those tables, which also removes the uncommitted files of a"
          + " run that was killed.",
      "This is the one exception to the retention of `credence maintain`: time travel to versions"
          + " before the erasure ends for those tables. Later runs keep the person out even while"
          + " the inputs still hold them (their rows are quarantined as erased_person, content"
          + " withheld).",
      "The request is recorded in the erasures table with the person's key (pseudonym, or"
          + " SHA-256 of the id), never the raw id. Takes the warehouse lock like score."
    })
final class EraseCommand implements Callable<Integer> {
  @Mixin JobOptions job;

  @ArgGroup(multiplicity = "1")
  PersonIdOption personId;

  /** The raw id, read from where {@link #personId} says when the command starts. */
  private String person;

  @Option(
      names = "--requester",
      paramLabel = "WHO",
      description = "Who asked for the erasure (default: the OS user).")
  String requester;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description = "Why, e.g. the data subject's request reference.")
  String reason;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    person = personId.read(System.in);
    String who = Requester.orOsUser(requester);
    Requester.optional(reason, "--reason");
    ConfigLoader.Loaded loaded = job.load();
    String warehouse = loaded.config().warehouse();
    SparkSession spark = job.spark.session("credence erase", loaded.config(), List.of(warehouse));
    PersonIds ids = PseudonymKeys.forWarehouse(spark, warehouse, loaded.config().privacy());
    ErasureJob.Result result =
        ErasureJob.run(spark, warehouse, ids, person, who, reason, new Progress());
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "erased person key %s from %s: rows removed %s; recorded in erasures%n",
        result.personKey(), warehouse, result.rowsByTable());
    out.flush();
    return 0;
  }
}
