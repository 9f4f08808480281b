package io.credence.privacy;

import java.util.regex.Pattern;

/**
 * The pattern Spark uses to hide secret settings ({@code spark.redaction.regex}): Spark's default
 * plus the names credence gives its key, so that the key's environment variable is redacted in the
 * UI, event logs and logged configurations wherever it is passed as a setting (for example {@code
 * spark.executorEnv.CREDENCE_PSEUDONYM_KEY}).
 */
public final class Redaction {
  private Redaction() {}

  /** Spark's default {@code (?i)secret|password|token|access[.]?key} plus pseudonym and *_KEY. */
  public static final String REGEX = "(?i)secret|password|token|access[.]?key|pseudonym|_key\\b";

  private static final Pattern PATTERN = Pattern.compile(REGEX);

  /** Whether a setting named {@code name} is redacted by {@link #REGEX}. */
  public static boolean coversName(String name) {
    return name != null && PATTERN.matcher(name).find();
  }
}
