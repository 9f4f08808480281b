package io.credence.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credence.error.ErrorText;
import io.credence.error.InputErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Loads the job configuration. Precedence, lowest first: built-in defaults ({@code
 * credence-defaults.yaml} on the classpath) &lt; the job YAML &lt; command-line overrides.
 */
public final class ConfigLoader {
  private static final String DEFAULTS = "/credence-defaults.yaml";

  /**
   * The keys that hold a path. A leading {@code ~} in them is the user's home, as in a path option
   * of the command line: nothing else would expand it, and a folder named {@code ~} was created.
   */
  static final List<String> PATH_KEYS = List.of("inputs.root", "warehouse", "scoring.scorecard");

  private ConfigLoader() {}

  /** A loaded config and the hash of its effective content (recorded in the runs table). */
  public record Loaded(JobConfig config, String hash) {}

  /**
   * Loads defaults, then {@code jobYaml} (may be null), then {@code overrides} given as dotted keys
   * (e.g. {@code inputs.root}) to string values.
   */
  public static Loaded load(Path jobYaml, Map<String, String> overrides) {
    ObjectNode tree = readDefaults();
    if (jobYaml != null) {
      merge(tree, YamlFiles.JOB.readMapping(jobYaml));
    }
    overrides.forEach((key, value) -> put(tree, key, value));
    expandHome(tree);
    refuseSecrets(tree, "");
    JobConfig config = YamlFiles.JOB.bind(tree, JobConfig.class, jobYaml);
    try {
      return new Loaded(config, sha256(YamlFiles.YAML.writeValueAsString(tree)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a config tree always serializes", e);
    }
  }

  /**
   * A key that names a credential (secret, password, token, access key, credential): the job YAML
   * is read by people, kept in version control and hashed into every run, so it never holds one.
   */
  private static final java.util.regex.Pattern SECRET_KEY =
      java.util.regex.Pattern.compile(
          "(?i).*(secret|password|passwd|token|credential|access[._-]?key|session[._-]?key).*");

  /** Refuses, with exit 2, any key of the config tree that looks like it holds a secret. */
  private static void refuseSecrets(JsonNode node, String prefix) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      if (SECRET_KEY.matcher(field.getKey()).matches()) {
        throw new ConfigException(
            ErrorText.format(
                "config key '" + key + "' looks like a credential",
                "credence never reads secrets from the job YAML, which people read, version"
                    + " control keeps and every run hashes",
                "remove it and give the object store's credentials through the provider chain:"
                    + " the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), the instance"
                    + " profile, or a Hadoop credential provider"
                    + " (spark.hadoop.hadoop.security.credential.provider.path); see"
                    + " docs/operations.md, \"Object storage\""));
      }
      refuseSecrets(field.getValue(), key);
    }
  }

  /** Each of {@link #PATH_KEYS} with its leading {@code ~} expanded; ~user/ exits 2. */
  private static void expandHome(ObjectNode tree) {
    for (String key : PATH_KEYS) {
      JsonNode value = tree.at("/" + key.replace('.', '/'));
      if (value.isTextual()) {
        put(
            tree,
            key,
            HomeExpansion.expand(
                value.asText(), path -> InputErrors.otherUsersHomeInConfig(key, path)));
      }
    }
  }

  private static ObjectNode readDefaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
      return (ObjectNode) YamlFiles.YAML.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("built-in defaults unreadable: " + DEFAULTS, e);
    }
  }

  /** Deep-merges {@code source} into {@code target}: mappings merge, anything else replaces. */
  public static void merge(ObjectNode target, JsonNode source) {
    Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode existing = target.get(field.getKey());
      if (existing instanceof ObjectNode obj && field.getValue().isObject()) {
        merge(obj, field.getValue());
      } else {
        target.set(field.getKey(), field.getValue());
      }
    }
  }

  private static void put(ObjectNode tree, String dottedKey, String value) {
    String[] parts = dottedKey.split("\\.");
    ObjectNode node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      node = node.with(parts[i]);
    }
    node.put(parts[parts.length - 1], value);
  }

  /** SHA-256 of a string, hex encoded. */
  public static String sha256(String content) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
