package io.credence.privacy;

import java.util.regex.Pattern;

/**
 * The pattern Spark uses to hide secret settings ({@code spark.redaction.regex}): Spark's default
 * plus the names credence gives its key, so that the key's environment variable is redacted in the
 * UI, event logs and logged configurations wherever it is passed as a setting (for example {@code
 * spark.executorEnv.CREDENCE_PSEUDONYM_KEY}); and the JVM's command line, the system property
 * {@code sun.java.command}, which Spark lists among the system properties of its environment (UI
 * page and event log) and which holds every argument, e.g. a {@code --person} id.
 */
public final class Redaction {
  private Redaction() {}

  /**
   * Spark's default {@code (?i)secret|password|token|access[.]?key} plus pseudonym, *_KEY and the
   * command line (Spark redacts a setting whose name or value matches).
   */
  public static final String REGEX =
      "(?i)secret|password|token|access[.]?key|pseudonym|_key\\b|sun[.]java[.]command";

  private static final Pattern PATTERN = Pattern.compile(REGEX);

  /** Whether a setting named {@code name} is redacted by {@link #REGEX}. */
  public static boolean coversName(String name) {
    return name != null && PATTERN.matcher(name).find();
  }
}
