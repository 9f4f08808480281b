package io.credence.cli;

import io.credence.config.ConfigLoader;
import io.credence.config.PrivacyConfig;
import io.credence.error.ServeErrors;
import io.credence.error.WarehouseErrors;
import io.credence.lookup.AnswerJson;
import io.credence.lookup.AnswerText;
import io.credence.lookup.KernelWarehouse;
import io.credence.lookup.KeyCheck;
import io.credence.lookup.PersonLookup;
import io.credence.lookup.WarehouseTable;
import io.credence.privacy.PersonIds;
import io.delta.kernel.Snapshot;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints one person's current score, tier and reasons in plain text, and recent history. It reads
 * the tables with Delta Kernel and never starts Spark (the launcher runs it without Spark's jars).
 */
@Command(
    name = "lookup",
    mixinStandardHelpOptions = true,
    description =
        "Prints a person's latest published score, tier and reasons in plain language, then their"
            + " most recent snapshots. Every lookup, found or not, is recorded in the lookup_audit"
            + " table with --requester, --purpose and the person's key (never the raw id), before"
            + " anything is printed. Reads the tables with Delta Kernel, without Spark.")
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

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "text|json",
      description = "Output: text for people (default), json for machines (one object per line).")
  Format format;

  /** How the answer is printed. */
  enum Format {
    text,
    json
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    var engine = KernelWarehouse.prepare(); // starts while the configuration and the id are read
    person = personId.read(System.in);
    String who = Requester.orOsUser(requester);
    Requester.required(purpose, "--purpose");
    if (history < 0) {
      throw ServeErrors.negativeCount("--history", history);
    }
    ConfigLoader.Loaded loaded = job.load();
    String warehouse = loaded.config().warehouse();
    PrivacyConfig privacy = loaded.config().privacy();
    KernelWarehouse tables = KernelWarehouse.open(warehouse, engine, loaded.config().storage());
    Snapshot current =
        tables
            .reading(
                WarehouseTable.SCORES_CURRENT, () -> tables.latest(WarehouseTable.SCORES_CURRENT))
            .orElseThrow(() -> WarehouseErrors.nothingToLookUp(warehouse));
    PersonIds ids = PseudonymKeys.forMode(KeyCheck.mode(current.getTableProperties()), privacy);
    KeyCheck.requireSameKey(current.getTableProperties(), ids, "scores_current");
    PersonLookup.Answer answer =
        PersonLookup.run(
            tables, current, ids, new PersonLookup.Request(person, who, purpose, history));
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.json) {
      out.println(AnswerJson.write(AnswerJson.answer(answer)));
    } else {
      AnswerText.print(answer, out);
    }
    out.flush();
    return 0;
  }
}
