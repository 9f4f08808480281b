package io.credence.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.credence.error.ErrorText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one reader of settings files (the job config and the train config): one strict YAML mapper
 * (unknown keys and nulls for numbers refused) and one set of {@link ConfigException}s naming the
 * file, in the what / why / fix shape.
 *
 * @param label what the file is called in messages, e.g. "config file"
 * @param example the documented example that lists every key, e.g. jobs/nightly-score.yaml
 * @param otherFileKeys top-level keys of another kind of settings file, which the user may have
 *     passed instead
 * @param otherFileFix the fix when an unknown top-level key is one of {@code otherFileKeys}
 */
public record YamlFiles(
    String label, String example, Set<String> otherFileKeys, String otherFileFix) {
  /**
   * Strict: unknown keys, a key given twice in one mapping (YAML keeps the last silently), nulls
   * for primitives and decimals for whole numbers (0.9 would be read as 0) fail; map entries
   * serialize sorted.
   */
  static final ObjectMapper YAML =
      YAMLMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  /** The job YAML ({@code --config} of the nightly commands). */
  public static final YamlFiles JOB =
      new YamlFiles("config file", "jobs/nightly-score.yaml", Set.of(), null);

  /** The train YAML ({@code train --config}). */
  public static final YamlFiles TRAIN =
      new YamlFiles(
          "train config file",
          "jobs/train-scorecard.yaml",
          Arrays.stream(JobConfig.class.getRecordComponents())
              .map(c -> c.getAccessor().getAnnotation(JsonProperty.class).value())
              .collect(Collectors.toUnmodifiableSet()),
          "train's --config takes the training config (binning, model, scaling, ...; see"
              + " jobs/train-scorecard.yaml); pass a job config (inputs, warehouse, features,"
              + " eligibility, ...; see jobs/nightly-score.yaml) with --job-config");

  /** {@code value} (a config record) as a tree, e.g. to merge a file over defaults. */
  public static ObjectNode toTree(Object value) {
    return YAML.valueToTree(value);
  }

  /** The mapping {@code file} holds; an empty file is an empty mapping. */
  public ObjectNode readMapping(Path file) {
    if (!Files.isRegularFile(file)) {
      throw fail(
          name(file) + " does not exist",
          "the command reads its settings from it",
          "pass --config with the path of a file such as " + example);
    }
    try {
      JsonNode node = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
      if (node == null || node.isMissingNode() || node.isNull()) {
        return YAML.createObjectNode();
      }
      if (!node.isObject()) {
        throw fail(
            name(file) + " must hold a YAML mapping",
            "its top level names sections (such as binning, scoring, …) and their keys",
            "write it as in " + example);
      }
      return (ObjectNode) node;
    } catch (JsonProcessingException e) {
      throw invalid(file, e);
    } catch (IOException e) {
      throw fail(
          name(file) + " cannot be read: " + e.getMessage(),
          "the command's settings are in it",
          "check the path and its permissions");
    }
  }

  /**
   * Binds {@code tree} to {@code type}; {@code file} (null: no file) is named if that fails. A
   * {@link ConfigException} from a record's compact constructor is thrown as it is.
   */
  public <T> T bind(ObjectNode tree, Class<T> type, Path file) {
    try {
      return YAML.treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      throw invalid(file, e);
    } catch (IllegalArgumentException e) {
      throw unwrap(e);
    }
  }

  private ConfigException invalid(Path file, JsonProcessingException e) {
    if (e.getCause() instanceof ConfigException c) {
      return c;
    }
    // A key found unknown after the defaults and overrides were merged into one tree has no line.
    String location =
        e.getLocation() == null || e.getLocation().getLineNr() < 1
            ? ""
            : " at line " + e.getLocation().getLineNr();
    String message = e.getOriginalMessage();
    if (e instanceof UnrecognizedPropertyException u
        && u.getPath().size() == 1
        && otherFileKeys.contains(u.getPropertyName())) {
      return fail(
          (file == null ? "the configuration" : name(file))
              + location
              + ": unknown key '"
              + u.getPropertyName()
              + "', a key of another kind of settings file",
          "the " + label + " holds other settings; known keys here: " + u.getKnownPropertyIds(),
          otherFileFix);
    }
    if (e instanceof UnrecognizedPropertyException u) {
      message =
          "unknown key '" + u.getPropertyName() + "'; known keys here: " + u.getKnownPropertyIds();
    } else if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      Matcher decimal = DECIMAL_FOR_WHOLE.matcher(message);
      message =
          "key '"
              + keyPath(m)
              + "': "
              + (decimal.find() ? decimal.group(1) + " is not a whole number" : message);
    }
    return fail(
        (file == null ? "the configuration" : name(file)) + location + ": " + message,
        "a setting credence cannot read exactly as written would silently fall back to a default",
        "correct it; see " + example + " for every key");
  }

  /** Jackson's words for a decimal where a whole number is needed; group 1 is the value. */
  private static final Pattern DECIMAL_FOR_WHOLE =
      Pattern.compile("^Cannot coerce Floating-point value \\((.*?)\\) to `(int|long|short)`");

  /** The dotted key of a binding failure, e.g. scoring.tiers[1].min_score. */
  private static String keyPath(JsonMappingException m) {
    StringBuilder key = new StringBuilder();
    for (JsonMappingException.Reference ref : m.getPath()) {
      if (ref.getFieldName() != null) {
        key.append(key.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        key.append('[').append(ref.getIndex()).append(']');
      }
    }
    return key.toString();
  }

  private String name(Path file) {
    return label + " '" + file + "'";
  }

  private static ConfigException fail(String what, String why, String fix) {
    return new ConfigException(ErrorText.format(what, why, fix));
  }

  private static RuntimeException unwrap(IllegalArgumentException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConfigException c) {
        return c;
      }
    }
    return e;
  }
}
