package io.credence.cli;

import io.credence.config.ConfigException;
import io.credence.error.CredenceException;
import io.credence.error.ErrorText;
import io.credence.error.ExitCode;
import io.credence.error.StoreFailures;
import io.credence.spark.StarvedSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The credence command line: one jar, one subcommand per task. */
@Command(
    name = "credence",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Nightly credit scoring on Spark and Delta Lake.",
    subcommands = {
      GenerateCommand.class,
      ValidateCommand.class,
      ScoreCommand.class,
      TrainCommand.class,
      LookupCommand.class,
      ServeCommand.class,
      SqlCommand.class,
      MaintainCommand.class,
      EraseCommand.class,
      ReportCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:unexpected failure",
      "2:bad usage, config or input contract",
      "3:a quality gate blocked publication",
      "4:another run holds the warehouse"
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand");
  }

  /**
   * Set once the JVM begins to shut down (SIGTERM, SIGINT, a scheduler's stop): Spark's own hook
   * then stops its context under the running command, which fails with whatever it was doing ("No
   * active or default Spark session found"), and that failure is the signal's, not a bug's.
   */
  static volatile boolean stopping;

  /** Runs the command line and exits with its documented code. */
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("serve")) {
      ServeCommand.logUntilStopped(); // before anything logs
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopping = true, "credence-stopping"));
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (tests call this). */
  public static int execute(String... args) {
    StarvedSession.commandStarts(); // nothing an earlier command in this JVM left is this one's
    try {
      boolean sparkFree = args.length > 0 && SparkFree.COMMANDS.contains(args[0]);
      return commandLine(sparkFree).execute(args);
    } finally {
      StarvedSession.commandEnds(); // its wait for executors ends with it
    }
  }

  /** The command line (of the Spark-free commands, or of all), with its converters and handlers. */
  static CommandLine commandLine(boolean sparkFree) {
    CommandLine cli = new CommandLine(sparkFree ? new SparkFree() : new Main());
    cli.registerConverter(java.nio.file.Path.class, new HomePath.AsPath());
    cli.setExecutionExceptionHandler(Main::handle);
    CommandLine.IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
    cli.setParameterExceptionHandler(
        (e, parsed) -> {
          // An option's converter refused its value with what, why and fix: no usage dump.
          if (e.getCause() instanceof CredenceException c) {
            cli.getErr().println("credence: " + c.getMessage());
            return c.exitCode().code();
          }
          return usage.handleParseException(e, parsed);
        });
    return cli;
  }

  static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    // First: a stopping JVM fails whatever the command was doing, reads included, which would
    // otherwise blame the input files.
    if (stopping) {
      cli.getErr()
          .println(
              "credence: stopped by a signal (SIGTERM, SIGINT or a scheduler's stop) while it ran"
                  + " (it was at: "
                  + ErrorText.firstLine(String.valueOf(e.getMessage()))
                  + ")\n  why: the JVM shuts down, and Spark stops under the command; whatever"
                  + " the command had committed stays, the rest is not published\n  fix: run"
                  + " the command again (a rerun of a date writes the same rows)");
      return ExitCode.FAILURE.code();
    }
    // Then: jobs cancelled for want of executors fail with whatever the command made of the
    // cancellation (Spark's "Job N cancelled", or a read failure blamed on the input), which is
    // not the cause, though it may say what the command had done (a snapshot already published).
    CredenceException starved = StarvedSession.failure();
    if (starved != null) {
      cli.getErr().println("credence: " + wasAt(starved.getMessage(), e));
      return starved.exitCode().code();
    }
    if (e instanceof CredenceException c) {
      cli.getErr().println("credence: " + c.getMessage());
      return c.exitCode().code();
    }
    if (e instanceof CommandLine.ParameterException p) {
      cli.getErr().println("credence: " + p.getMessage());
      p.getCommandLine().usage(cli.getErr());
      return ExitCode.BAD_INPUT.code();
    }
    if (e instanceof ConfigException c) {
      cli.getErr().println("credence: " + c.getMessage());
      return ExitCode.BAD_INPUT.code();
    }
    CredenceException store = StoreFailures.explain(e);
    if (store != null) { // an object store's failure found deep in Spark, Delta or Hadoop
      cli.getErr().println("credence: " + store.getMessage());
      return store.exitCode().code();
    }
    cli.getErr().println("credence: unexpected failure: " + e);
    e.printStackTrace(cli.getErr());
    return ExitCode.FAILURE.code();
  }

  /** {@code message}, its first line followed by "(it was at: " the first line of {@code e}")". */
  static String wasAt(String message, Exception e) {
    String what = ErrorText.firstLine(message);
    String at = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    return what
        + " (it was at: "
        + ErrorText.firstLine(at)
        + ")"
        + message.substring(message.indexOf(what) + what.length());
  }

  /**
   * The commands that run without Spark (lookup and serve read the tables with Delta Kernel), on
   * their own: picocli reads the options of every subcommand it is given, and the other commands'
   * signatures name Spark classes, which the launcher leaves off the classpath of these two.
   */
  @Command(
      name = "credence",
      mixinStandardHelpOptions = true,
      versionProvider = Main.Version.class,
      subcommands = {LookupCommand.class, ServeCommand.class})
  static final class SparkFree implements Runnable {
    static final java.util.Set<String> COMMANDS = java.util.Set.of("lookup", "serve");

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand");
    }
  }

  /** Reports the jar's version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"credence " + (v == null ? "(development build)" : v)};
    }
  }
}
