package io.credence.config;

import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes the job config's storage section to Hadoop: the S3A endpoint, addressing style and region
 * (a {@code spark.hadoop.fs.s3a.*} setting given to spark-submit wins, as a command-line option
 * wins over the YAML) and the warehouse lock's mode; it also names the Delta log store that commits
 * to {@code s3a://} with conditional writes, which Spark's and Kernel's sessions set. Credentials
 * are never among them: S3A finds them in its provider chain. Needs only Hadoop, so the Spark-free
 * lookup and service use it too.
 */
public final class StorageSettings {
  private static final Logger LOG = LoggerFactory.getLogger(StorageSettings.class);

  static final String ENDPOINT = "fs.s3a.endpoint";
  static final String PATH_STYLE = "fs.s3a.path.style.access";
  static final String REGION = "fs.s3a.endpoint.region";

  /** The Hadoop key of the warehouse lock's mode; unset means exclusive. */
  public static final String LOCK_MODE = "credence.warehouse_lock";

  /** Delta Kernel's setting of the log store for {@code s3a://} tables. */
  public static final String KERNEL_S3A_LOG_STORE = "io.delta.kernel.logStore.s3a.impl";

  /** Delta (Spark)'s setting of the log store for {@code s3a://} tables. */
  public static final String SPARK_S3A_LOG_STORE = "spark.delta.logStore.s3a.impl";

  /** The log store both use: {@code io.credence.publish.ConditionalPutLogStore}. */
  public static final String CONDITIONAL_LOG_STORE = "io.credence.publish.ConditionalPutLogStore";

  private StorageSettings() {}

  /**
   * Sets each JVM property {@code spark.hadoop.KEY} on {@code conf} as {@code KEY}, as Spark does
   * for its own Hadoop configuration: for tools that reach storage without Spark.
   */
  public static void copySparkHadoopProperties(Configuration conf) {
    String prefix = "spark.hadoop.";
    System.getProperties()
        .stringPropertyNames()
        .forEach(
            key -> {
              if (key.startsWith(prefix)) {
                conf.set(key.substring(prefix.length()), System.getProperty(key), key);
              }
            });
  }

  /**
   * The storage settings a Spark session of this JVM will give Hadoop, known before it starts:
   * Hadoop's own files (core-site.xml), each {@code spark.hadoop.KEY} property spark-submit set,
   * and {@code storage} where none did.
   */
  public static Configuration beforeSpark(StorageConfig storage) {
    Configuration conf = new Configuration();
    copySparkHadoopProperties(conf);
    apply(conf, System::getProperty, storage);
    return conf;
  }

  /**
   * Applies {@code storage} to {@code hadoop}; {@code given} returns the value spark-submit was
   * given for a {@code spark.hadoop.} key (null when none, or outside Spark), which wins.
   */
  public static void apply(
      Configuration hadoop, Function<String, String> given, StorageConfig storage) {
    StorageConfig.S3a s3a = storage.s3a();
    set(hadoop, given, ENDPOINT, s3a.endpoint(), "storage.s3a.endpoint");
    set(
        hadoop,
        given,
        PATH_STYLE,
        s3a.pathStyleAccess() == null ? null : s3a.pathStyleAccess().toString(),
        "storage.s3a.path_style_access");
    set(hadoop, given, REGION, s3a.region(), "storage.s3a.region");
    set(hadoop, given, LOCK_MODE, storage.warehouseLock().yaml(), "storage.warehouse_lock");
  }

  private static void set(
      Configuration hadoop,
      Function<String, String> given,
      String key,
      String value,
      String yamlKey) {
    if (value == null) {
      return;
    }
    String theirs = given.apply("spark.hadoop." + key);
    if (theirs != null) {
      if (!theirs.equals(value)) {
        LOG.info("spark.hadoop.{} ({}) wins over {} ({})", key, theirs, yamlKey, value);
      }
      return;
    }
    hadoop.set(key, value, yamlKey + " in the job config");
  }
}
