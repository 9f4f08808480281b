package io.credence.error;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises object-store failures in an exception's cause chain (a missing bucket, refused
 * credentials, an unreachable endpoint, a missing connector), and a standalone Spark master that
 * never registered the application, and turns them into the catalogue's exit-2 errors that name the
 * setting to fix. It matches the S3A connector's exception classes by name, so it needs no S3A
 * class at run time.
 */
public final class StoreFailures {
  private StoreFailures() {}

  /** The user-facing error for {@code e}, or null when it is not an object-store failure. */
  public static CredenceException explain(Throwable e) {
    if (mastersUnresponsive(e)) {
      return StoreErrors.masterUnresponsive(null, e);
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      String type = t.getClass().getName();
      String message = String.valueOf(t.getMessage());
      String lower = message.toLowerCase(Locale.ROOT);
      if (type.endsWith(".UnknownStoreException") || message.contains("NoSuchBucket")) {
        return StoreErrors.bucketMissing(ErrorText.firstLine(message), e);
      }
      if (message.contains(NO_CREDENTIALS)) {
        return StoreErrors.noStoreCredentials(ErrorText.firstLine(message), e);
      }
      if (type.endsWith(".NoAuthWithAWSException")
          || type.equals("java.nio.file.AccessDeniedException") && lower.contains("s3a://")
          || message.contains("InvalidAccessKeyId")
          || message.contains("SignatureDoesNotMatch")
          || message.contains("Status Code: 403")) {
        return StoreErrors.storeAccessDenied(ErrorText.firstLine(message), e);
      }
      if (type.equals("org.apache.hadoop.fs.UnsupportedFileSystemException")
          && message.contains("No FileSystem for scheme")) {
        return StoreErrors.storeConnectorMissing(scheme(message), e);
      }
      Matcher missing = MISSING_FILE_SYSTEM.matcher(message);
      if (missing.find()) { // a scheme Hadoop knows (abfs, wasb) whose connector is not here
        return StoreErrors.storeConnectorMissing(
            CONNECTOR_SCHEMES.getOrDefault(missing.group(1), "this"), e);
      }
      if (isS3a(t) && (connectionFailure(t) || lower.contains("unable to execute http request"))) {
        return StoreErrors.storeUnreachable(endpoint(t), ErrorText.firstLine(s3aMessage(t)), e);
      }
    }
    return null;
  }

  /**
   * Whether {@code e} or a cause says a standalone master never registered the application (Spark's
   * words when its client gives up).
   */
  public static boolean mastersUnresponsive(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains(MASTERS_UNRESPONSIVE)) {
        return true;
      }
    }
    return false;
  }

  private static final String MASTERS_UNRESPONSIVE = "All masters are unresponsive";

  /** S3A's words when no provider of its chain had credentials (its NoAuthWithAWSException). */
  private static final String NO_CREDENTIALS = "No AWS Credentials provided by";

  /** Whether {@code t} is, or wraps, an exception raised by S3A or the AWS SDK. */
  private static boolean isS3a(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String type = c.getClass().getName();
      if (type.startsWith("org.apache.hadoop.fs.s3a.")
          || type.startsWith("software.amazon.awssdk.")) {
        return true;
      }
    }
    return false;
  }

  /** The message of the first exception of {@code t}'s chain that S3A or the AWS SDK raised. */
  private static String s3aMessage(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String type = c.getClass().getName();
      if (type.startsWith("org.apache.hadoop.fs.s3a.")
          || type.startsWith("software.amazon.awssdk.")) {
        return String.valueOf(c.getMessage());
      }
    }
    return String.valueOf(t.getMessage());
  }

  private static boolean connectionFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof java.net.ConnectException
          || c instanceof java.net.UnknownHostException
          || c instanceof java.net.NoRouteToHostException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The HOST:PORT an S3A connection failure names (the HTTP client's "Connect to HOST:PORT [...]
   * failed"), else the host of an unknown host; null when neither is said.
   */
  static String endpoint(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      Matcher connect = CONNECT_TO.matcher(String.valueOf(c.getMessage()));
      if (connect.find()) {
        return connect.group(1);
      }
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof java.net.UnknownHostException && c.getMessage() != null) {
        return ErrorText.firstLine(c.getMessage()).replaceAll(":.*", "");
      }
    }
    return null;
  }

  private static final Pattern CONNECT_TO = Pattern.compile("Connect to ([^\\s/\\[\\]]+:\\d+)");

  /** Hadoop's words when a file system class it maps a scheme to is not on the classpath. */
  private static final Pattern MISSING_FILE_SYSTEM =
      Pattern.compile("Class (org\\.apache\\.hadoop\\.fs\\.[\\w.]+) not found");

  /** The schemes of the file systems Hadoop names without shipping them. */
  private static final Map<String, String> CONNECTOR_SCHEMES =
      Map.of(
          "org.apache.hadoop.fs.azurebfs.AzureBlobFileSystem", "abfs",
          "org.apache.hadoop.fs.azurebfs.SecureAzureBlobFileSystem", "abfss",
          "org.apache.hadoop.fs.azure.NativeAzureFileSystem", "wasb",
          "org.apache.hadoop.fs.azure.NativeAzureFileSystem$Secure", "wasbs",
          "org.apache.hadoop.fs.s3a.S3AFileSystem", "s3a");

  private static String scheme(String message) {
    int quote = message.indexOf('"');
    int end = quote < 0 ? -1 : message.indexOf('"', quote + 1);
    return end < 0 ? "this" : message.substring(quote + 1, end);
  }
}
