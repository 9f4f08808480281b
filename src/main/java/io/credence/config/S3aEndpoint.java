package io.credence.config;

import io.credence.error.StoreErrors;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;

/**
 * The host and port S3A connects to for {@code s3a://} paths, and the check that it accepts a TCP
 * connection before a command first reaches its inputs or warehouse there: S3A's own retries keep
 * an unreachable endpoint silent for about four minutes, the check says so in seconds (exit 2).
 * Needs only Hadoop, so the Spark-free lookup and service use it too.
 *
 * @param host the endpoint's host name or address
 * @param port its port: the one given, else 443 for https (or no scheme) and 80 for http
 */
public record S3aEndpoint(String host, int port) {

  /**
   * How long the check waits for a connection: a store that answers at all answers in milliseconds.
   * S3A's own connection timeout and retries are left as they are.
   */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private static final String ENDPOINT = StorageSettings.ENDPOINT;
  private static final Pattern BUCKET =
      Pattern.compile("^s3a://([^/?#]+)", Pattern.CASE_INSENSITIVE);

  /** HOST:PORT ({@code [v6]:PORT} for an IPv6 address). */
  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /**
   * The host and port of an {@code fs.s3a.endpoint} value: {@code http://127.0.0.1:9000}, {@code
   * https://s3.eu-west-1.amazonaws.com} (443), {@code http://minio} (80), or without a scheme, as
   * S3A takes it, {@code s3.eu-west-1.amazonaws.com} (https, 443); null when it names no host.
   */
  public static S3aEndpoint parse(String endpoint) {
    if (endpoint == null || endpoint.isBlank()) {
      return null;
    }
    String url = endpoint.trim();
    if (!url.contains("://")) {
      url = "https://" + url;
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return null; // S3A says what is wrong with it
    }
    String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
    int defaultPort = "http".equals(scheme) ? 80 : 443;
    if (uri.getHost() != null) {
      return new S3aEndpoint(
          uri.getHost().replaceAll("^\\[|]$", ""), uri.getPort() < 0 ? defaultPort : uri.getPort());
    }
    // A host name URI will not take (an underscore, say): HOST[:PORT] of the authority.
    String authority = uri.getRawAuthority();
    if (authority == null || authority.contains("@")) {
      return null;
    }
    int colon = authority.lastIndexOf(':');
    if (colon < 0) {
      return new S3aEndpoint(authority, defaultPort);
    }
    try {
      return new S3aEndpoint(
          authority.substring(0, colon), Integer.parseInt(authority.substring(colon + 1)));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The endpoints S3A connects to for the {@code s3a://} paths among {@code paths} under {@code
   * conf} (a bucket's own {@code fs.s3a.bucket.BUCKET.endpoint}, else {@code fs.s3a.endpoint}),
   * each with the setting that names it. Empty when no path is on {@code s3a://}, when no endpoint
   * is set (S3A then finds AWS's own from the region), or when a proxy stands between (S3A connects
   * to the proxy, not the endpoint).
   */
  public static Map<S3aEndpoint, String> of(Configuration conf, Collection<String> paths) {
    Map<S3aEndpoint, String> endpoints = new LinkedHashMap<>();
    if (proxied(conf)) {
      return endpoints;
    }
    for (String path : paths) {
      Matcher bucket = path == null ? null : BUCKET.matcher(path.trim());
      if (bucket == null || !bucket.find()) {
        continue;
      }
      String key = "fs.s3a.bucket." + bucket.group(1) + ".endpoint";
      if (conf.getTrimmed(key, "").isEmpty()) {
        key = ENDPOINT;
      }
      String value = conf.getTrimmed(key, "");
      if (!value.contains("://") && !conf.getBoolean("fs.s3a.connection.ssl.enabled", true)) {
        value = "http://" + value; // S3A's scheme for an endpoint without one
      }
      S3aEndpoint endpoint = parse(value);
      if (endpoint != null) {
        endpoints.putIfAbsent(endpoint, setting(conf, key));
      }
    }
    return endpoints;
  }

  /**
   * Exit 2 naming HOST:PORT and the setting when an endpoint of the {@code s3a://} paths among
   * {@code paths} (see {@link #of}) accepts no TCP connection within {@code timeout}; anything else
   * passes.
   */
  public static void requireReachable(
      Configuration conf, Collection<String> paths, Duration timeout) {
    for (Map.Entry<S3aEndpoint, String> e : of(conf, paths).entrySet()) {
      S3aEndpoint endpoint = e.getKey();
      String refusal = TcpProbe.refusal(endpoint.host(), endpoint.port(), timeout);
      if (refusal != null) {
        throw StoreErrors.storeEndpointUnreachable(
            endpoint.toString(), e.getValue(), refusal, timeout);
      }
    }
  }

  /** Whether S3A, or the JVM, sends the store's requests through a proxy. */
  private static boolean proxied(Configuration conf) {
    return !conf.getTrimmed("fs.s3a.proxy.host", "").isEmpty()
        || System.getProperty("https.proxyHost") != null
        || System.getProperty("http.proxyHost") != null;
  }

  /** {@code key}, and where its value was set when Hadoop knows (the job config, a file). */
  private static String setting(Configuration conf, String key) {
    String[] sources = conf.getPropertySources(key);
    String source = sources == null || sources.length == 0 ? null : sources[sources.length - 1];
    return source == null || source.equals("programmatically") || source.equals(key)
        ? key
        : key + ", set by " + source;
  }
}
