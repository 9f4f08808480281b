package io.credence.score;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import io.credence.config.ConfigException;
import io.credence.error.ErrorText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads and writes scorecards as YAML with snake_case keys: {@code id, description, base_points,
 * features: [{feature, reason_code, reason_text, missing_points, bins: [{upper, points}]}]}.
 */
public final class ScorecardYaml {
  private ScorecardYaml() {}

  // Strict on purpose: a misspelt key in a hand-written scorecard must fail, not be ignored.
  private static final YAMLMapper MAPPER =
      YAMLMapper.builder(YAMLFactory.builder().stringQuotingChecker(new QuoteNonStrings()).build())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
          .disable(YAMLGenerator.Feature.SPLIT_LINES)
          .build();

  /**
   * Quotes, besides what Jackson quotes anyway, every string that the reader's resolver
   * (SnakeYAML's YAML 1.1 rules) would read as something other than a string when written plain:
   * {@code .inf}, {@code .NaN}, {@code 0o17}, {@code 1:20}, {@code 2024-01-01}, {@code <<}, ... A
   * category value of a trained card can be any string, and its card must read back.
   */
  static final class QuoteNonStrings extends StringQuotingChecker.Default {
    private static final long serialVersionUID = 1L;
    private static final Resolver RESOLVER = new Resolver();

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value)
          || RESOLVER.resolve(NodeId.scalar, value, true) != Tag.STR;
    }
  }

  /**
   * The local file {@code file} names: a path, or a {@code file:} URI (as --input and --warehouse
   * take them; it was read as a relative path named "file:/..."). Another scheme is refused: the
   * scorecard is read from the local disk before Spark starts.
   */
  static Path localFile(String file) {
    java.net.URI uri;
    try {
      uri = new java.net.URI(file);
    } catch (java.net.URISyntaxException e) {
      return Path.of(file); // not a URI (a space, a bracket): a local path
    }
    String scheme = uri.getScheme();
    if (scheme != null && scheme.equalsIgnoreCase("file") && uri.getPath() != null) {
      return Path.of(uri.getPath());
    }
    if (scheme == null || !file.contains("://")) { // a path, even one holding a colon
      return Path.of(file);
    }
    throw new ConfigException(
        ErrorText.format(
            "scorecard '" + file + "' is not a local file",
            "the scorecard is read from the local disk (or a file: URI) before Spark starts",
            "copy it to a local path and pass that to --scorecard (or scoring.scorecard)"));
  }

  /** Loads and validates a scorecard; every problem a user can fix is a {@link ConfigException}. */
  public static Scorecard read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(
          ErrorText.format(
              "scorecard file '"
                  + file
                  + "' does not exist or is not a file"
                  + (file.isAbsolute()
                      ? ""
                      : " (a relative path, read from " + Path.of("").toAbsolutePath() + ")"),
              "every run scores with a scorecard; the default, jobs/scorecards/expert-v1.yaml,"
                  + " is relative to the folder credence is started from",
              "start credence from the repository's root, or pass --scorecard (or"
                  + " scoring.scorecard in the job config) with the scorecard's full path"));
    }
    try {
      String yaml = Files.readString(file);
      if (yaml.isBlank()) {
        throw new ConfigException(
            "scorecard file '" + file + "' is empty; see jobs/scorecards/expert-v1.yaml.");
      }
      return MAPPER.readValue(yaml, Scorecard.class);
    } catch (JsonProcessingException e) {
      throw explain(file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read scorecard file " + file, e);
    }
  }

  /**
   * Reads the scorecard a nightly run applies and checks that it scores the nightly features (a
   * scorecard trained on a user's table does not); {@code score} and {@code validate} both start
   * with it, so that validate refuses what score would refuse.
   */
  public static Scorecard readForNightlyRun(String file) {
    Scorecard card = read(localFile(file));
    card.requireFeaturesInput();
    return card;
  }

  /**
   * The scorecard as {@link #write} would write it: the same text for the same points, whatever the
   * file's comments, order of keys or number formats.
   */
  public static String canonical(Scorecard card) {
    try {
      return MAPPER.writeValueAsString(card);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a scorecard always serializes", e);
    }
  }

  /** Writes a scorecard in the format {@link #read} accepts, replacing the file. */
  public static void write(Scorecard card, Path file) {
    try {
      MAPPER.writeValue(file.toFile(), card);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write scorecard file " + file, e);
    }
  }

  /** Turns Jackson's exception into one message with file, line, key path and the fix. */
  private static ConfigException explain(Path file, JsonProcessingException e) {
    String where = "scorecard file '" + file + "'";
    JsonProcessingException syntax = syntaxError(e);
    if (syntax != null) {
      String problem = syntax.getOriginalMessage();
      return new ConfigException(
          where + " is not valid YAML" + line(syntax.getLocation()) + ": " + problem);
    }
    // A value's own checks and a missing key are found when the mapping holding them ends: that
    // line (often the file's last) would point past the problem, so those messages name the key.
    if (e.getCause() instanceof ConfigException c) {
      return new ConfigException(where + ": " + c.getMessage());
    }
    if (!(e instanceof MismatchedInputException m && missingKey(m) != null)) {
      where += line(e.getLocation());
    }
    if (e instanceof UnrecognizedPropertyException u) {
      return unknownKey(where, u);
    }
    if (e instanceof MismatchedInputException m && missingKey(m) != null) {
      return new ConfigException(
          where
              + ": missing key '"
              + missingKey(m)
              + "' at "
              + path(m, 1)
              + "; add it, or fix the spelling if a key there is misspelt.");
    }
    String at = e instanceof JsonMappingException m ? ": at " + path(m, 0) : "";
    return new ConfigException(where + at + ": " + e.getOriginalMessage());
  }

  private static ConfigException unknownKey(String where, UnrecognizedPropertyException u) {
    String allowed =
        u.getKnownPropertyIds().stream()
            .map(String::valueOf)
            .sorted()
            .collect(Collectors.joining(", "));
    return new ConfigException(
        where
            + ": unknown key '"
            + u.getPropertyName()
            + "' at "
            + path(u, 1)
            + "; allowed keys there: "
            + allowed
            + " (keys are snake_case).");
  }

  /**
   * The required key Jackson found missing, or null. Jackson checks required keys before unknown
   * ones, so a misspelt required key surfaces here rather than as an unknown key.
   */
  private static String missingKey(MismatchedInputException m) {
    if (!m.getOriginalMessage().startsWith("Missing required") || m.getPath().isEmpty()) {
      return null;
    }
    return m.getPath().get(m.getPath().size() - 1).getFieldName();
  }

  /** The YAML syntax error behind {@code e}, or null when the YAML itself parsed. */
  private static JsonProcessingException syntaxError(JsonProcessingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StreamReadException s) {
        return s;
      }
    }
    return null;
  }

  private static String line(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return ", line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /** The key path of the error, e.g. {@code features[2].bins}, less its last {@code drop} parts. */
  private static String path(JsonMappingException e, int drop) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath().subList(0, e.getPath().size() - drop)) {
      if (ref.getFieldName() != null) {
        sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.isEmpty() ? "the top level" : sb.toString();
  }
}
