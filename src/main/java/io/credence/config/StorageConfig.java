package io.credence.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where inputs and warehouse may live besides a local disk or HDFS: the settings of Hadoop's S3A
 * connector for {@code s3a://} paths (never credentials: those come from the provider chain), and
 * how the warehouse's one-writer lock may be taken (docs/operations.md, "Object storage").
 *
 * @param s3a endpoint, addressing style and region of the S3-compatible store
 * @param warehouseLock {@code exclusive} (default): refuse a warehouse whose store cannot create a
 *     file atomically only if absent; {@code single_writer_asserted}: the operator states that one
 *     scheduler alone runs credence against the warehouse, so a best-effort lock is enough
 */
public record StorageConfig(
    @JsonProperty("s3a") S3a s3a, @JsonProperty("warehouse_lock") WarehouseLockMode warehouseLock) {

  public StorageConfig {
    ConfigException.require(s3a != null, "storage.s3a", null, "an s3a section (may be empty)");
    ConfigException.require(
        warehouseLock != null,
        "storage.warehouse_lock",
        null,
        "exclusive or single_writer_asserted");
  }

  /**
   * The S3A settings credence passes on to Hadoop; an empty value leaves S3A's own default (or a
   * {@code spark.hadoop.fs.s3a.*} setting) in force.
   *
   * @param endpoint the store's URL, e.g. {@code https://s3.eu-west-1.amazonaws.com} or {@code
   *     http://127.0.0.1:9000}; empty: AWS S3, found from the region
   * @param pathStyleAccess true for stores that serve buckets as paths, not host names (most
   *     S3-compatible servers)
   * @param region the signing region, e.g. {@code eu-west-1}
   */
  public record S3a(
      @JsonProperty("endpoint") String endpoint,
      @JsonProperty("path_style_access") Boolean pathStyleAccess,
      @JsonProperty("region") String region) {

    public S3a {
      endpoint = blankToNull(endpoint);
      region = blankToNull(region);
      if (endpoint != null) {
        requireEndpoint(endpoint);
      }
      ConfigException.require(
          region == null || region.matches("[a-z0-9-]+"),
          "storage.s3a.region",
          region,
          "a region name such as eu-west-1, or empty");
    }

    private static void requireEndpoint(String endpoint) {
      // Shown in messages with any user:password@ masked, parseable or not.
      String shown = endpoint.replaceAll("//[^/]*@", "//***@");
      URI uri;
      try {
        uri = new URI(endpoint);
      } catch (URISyntaxException e) {
        uri = null;
      }
      ConfigException.require(
          uri != null
              && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
              && uri.getHost() != null,
          "storage.s3a.endpoint",
          shown,
          "an http:// or https:// URL such as https://s3.eu-west-1.amazonaws.com, or empty");
      // user:password@host would put a credential in the job YAML (and the run's config hash).
      ConfigException.require(
          uri.getRawUserInfo() == null,
          "storage.s3a.endpoint",
          shown,
          "a URL without user or password; credentials come from the provider chain"
              + " (docs/operations.md, \"Object storage\"), never from the job YAML");
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s.trim();
    }
  }

  /** How the warehouse lock may be taken. */
  public enum WarehouseLockMode {
    /** Only an atomic create-if-absent: a local disk, HDFS, or a store's conditional write. */
    @JsonProperty("exclusive")
    EXCLUSIVE,
    /** The operator states that one scheduler alone writes the warehouse; best effort elsewhere. */
    @JsonProperty("single_writer_asserted")
    SINGLE_WRITER_ASSERTED;

    /** The YAML spelling. */
    public String yaml() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
