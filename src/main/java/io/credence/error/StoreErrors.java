package io.credence.error;

/**
 * Failures of where the job reads, writes and runs: the object store or file system behind the
 * inputs and the warehouse, and the Spark master (exit 2; a cluster that gives no executor exits 1,
 * see {@link #noExecutors}).
 */
public final class StoreErrors {
  private StoreErrors() {}

  /** Spark cannot parse the master URL given with --master ({@code detail}: Spark's words). */
  public static CredenceException masterUnparsable(String master, String detail) {
    return CredenceException.badInput(
        "--master " + master + " is not a Spark master URL: " + detail,
        "Spark starts the run's executors where the master URL says",
        "pass local[*], local[N], spark://HOST:PORT, yarn or k8s://..., or leave --master out"
            + " under spark-submit, which sets it");
  }

  /**
   * Spark cannot parse the master URL spark-submit set ({@code spark.master}, from its --master,
   * --conf or spark-defaults.conf; {@code detail}: Spark's words).
   */
  public static CredenceException submittedMasterUnparsable(String master, String detail) {
    return CredenceException.badInput(
        "spark.master "
            + master
            + " (set by spark-submit: its --master, a --conf or spark-defaults.conf) is not a Spark"
            + " master URL: "
            + detail,
        "Spark starts the run's executors where the master URL says; under spark-submit its"
            + " master wins over credence's own --master",
        "give spark-submit --master local[*], local[N], spark://HOST:PORT, yarn or k8s://...,"
            + " and check spark.master in its --conf options and spark-defaults.conf");
  }

  /**
   * No master of a {@code spark://} URL accepts a connection ({@code refused}: each HOST:PORT with
   * why), found before any SparkContext starts (exit 2).
   */
  public static CredenceException masterUnreachable(
      String master, String refused, java.time.Duration timeout) {
    return CredenceException.badInput(
        "the Spark master "
            + master
            + " cannot be reached: no connection to "
            + refused
            + " within "
            + timeout.toSeconds()
            + " s",
        "the run's executors come from the standalone cluster's master, so nothing can run"
            + " without it",
        "is the master started? check --master (or spark-submit's --master) and that each"
            + " HOST:PORT is the one the master listens on (its log says \"Starting Spark master"
            + " at spark://...\"; 7077 by default) and reachable from this host; or run locally"
            + " with --master local[*]");
  }

  /**
   * A {@code spark://} master accepted a connection but the application never registered, so Spark
   * stopped its context (logging "All masters are unresponsive"): exit 2. {@code master} may be
   * null when not known.
   */
  public static CredenceException masterUnresponsive(String master, Throwable cause) {
    return CredenceException.badInput(
        "the Spark master "
            + (master == null ? "" : master + " ")
            + "did not take the application: Spark stopped it while the session started (the"
            + " log above says why: \"All masters are unresponsive\" when no master answered)",
        "Spark's client tried to register with every master URL for about a minute and none"
            + " answered as a Spark master; the run's executors come from it",
        "is the master started? check --master (or spark-submit's --master): each HOST:PORT must"
            + " be a running standalone master's (its log says \"Starting Spark master at"
            + " spark://...\"; 7077 by default, not its web UI's port) with the same Spark"
            + " version, reachable from this host",
        cause);
  }

  /**
   * The command's Spark jobs waited {@code waited} with no live executor on the cluster of {@code
   * master} (no worker left, or none with the cores and memory an executor asks for; a full YARN
   * queue or Kubernetes quota), at least the {@code limit} of the config key {@code key}, so the
   * command cancelled them: exit 1, which a schedule retries, since workers that come back make the
   * same run succeed. The master URL is shown without any user information it may hold.
   */
  public static CredenceException noExecutors(
      String master, java.time.Duration waited, java.time.Duration limit, String key) {
    return CredenceException.transientFailure(
        "the Spark master "
            + withoutUserInfo(master)
            + " gave the command no executor for "
            + minutesOrSeconds(waited)
            + " while its Spark jobs waited, so credence cancelled them (the limit, "
            + key
            + ", is "
            + minutesOrSeconds(limit)
            + ")",
        "no task runs without an executor, and Spark would wait for one forever (logging only"
            + " \"Initial job has not accepted any resources\"), a command that writes holding the"
            + " warehouse lock all that time, so that every later run would exit 4",
        noExecutorsFix(String.valueOf(master))
            + "; then run the command again. "
            + (sharesCapacity(String.valueOf(master))
                ? "On a shared cluster where waiting for capacity is normal, raise "
                    + key
                    + " in the job config, or set it to 0 (wait forever)"
                : "Raise "
                    + key
                    + " in the job config if executors are slow to come (0 waits"
                    + " forever)"));
  }

  /** Whether {@code master} is YARN or Kubernetes, where executors queue for shared capacity. */
  private static boolean sharesCapacity(String master) {
    return master.equals("yarn") || master.startsWith("k8s://");
  }

  /** How to get executors from the kind of cluster {@code master} names (standalone by default). */
  private static String noExecutorsFix(String master) {
    if (master.equals("yarn")) {
      return "check in the ResourceManager's web UI that the job's queue (spark.yarn.queue) has"
          + " free capacity and that NodeManagers are alive, and that an executor's"
          + " --executor-memory plus spark.executor.memoryOverhead and its --executor-cores fit"
          + " within yarn.scheduler.maximum-allocation-mb and -vcores";
    }
    if (master.startsWith("k8s://")) {
      return "look at the executor pods (kubectl get pods -l spark-role=executor in the job's"
          + " namespace, and kubectl describe on a Pending one): a ResourceQuota of the namespace,"
          + " too few nodes, or an executor asking for more than a node has (--executor-cores,"
          + " --executor-memory, spark.kubernetes.executor.request.cores) keeps them pending";
    }
    return "start the cluster's workers, or check in the master's web UI that they are alive and"
        + " have the cores and memory an executor asks for: spark-submit's --executor-cores and"
        + " --executor-memory (spark.executor.cores, spark.executor.memory) must fit within one"
        + " worker's, and other applications must not hold every core (give them spark.cores.max)";
  }

  /** {@code url} without a {@code user:password@} part after any {@code //}. */
  static String withoutUserInfo(String url) {
    return String.valueOf(url).replaceAll("//[^/@]*@", "//");
  }

  /** Whole minutes from two minutes up, else whole seconds: "30 min", "5 s". */
  static String minutesOrSeconds(java.time.Duration d) {
    return d.toSeconds() >= 120 ? d.toMinutes() + " min" : d.toSeconds() + " s";
  }

  /**
   * The driver's heap is below the minimum Spark's memory manager accepts ({@code detail}: Spark's
   * words, INVALID_DRIVER_MEMORY): exit 2.
   */
  public static CredenceException driverMemoryTooSmall(String detail, Throwable cause) {
    return CredenceException.badInput(
        "the driver's memory is too small for Spark: " + detail,
        "Spark keeps 300 MB of the driver's heap for itself and refuses a heap under 1.5 times"
            + " that (450 MB); in local mode the driver runs the tasks too",
        "give the driver at least 1g: export CREDENCE_DRIVER_MEMORY=1g for scripts/credence and"
            + " scripts/submit (whose --driver-memory also sets it), or spark-submit's"
            + " --driver-memory 1g; 4g is the default",
        cause);
  }

  /**
   * spark.executor.memory is below the minimum Spark accepts ({@code detail}: Spark's words,
   * INVALID_EXECUTOR_MEMORY): exit 2.
   */
  public static CredenceException executorMemoryTooSmall(String detail, Throwable cause) {
    return CredenceException.badInput(
        "the executors' memory is too small for Spark: " + detail,
        "Spark keeps 300 MB of each executor's heap for itself and refuses an executor memory"
            + " under 1.5 times that (450 MB)",
        "give spark-submit (or scripts/submit) --executor-memory 1g or more, or --conf"
            + " spark.executor.memory=1g; about 8g suits millions of persons (docs/operations.md)",
        cause);
  }

  /** An object store's bucket does not exist (exit 2). */
  public static CredenceException bucketMissing(String detail, Throwable cause) {
    return CredenceException.badInput(
        "the object store has no such bucket: " + detail,
        "every input and warehouse path must be in a bucket that exists; credence never creates"
            + " buckets",
        "create the bucket, or correct the bucket name in inputs.root / warehouse in the job config"
            + " (or --input / --warehouse); check storage.s3a.endpoint and storage.s3a.region point"
            + " at the store that holds it",
        cause);
  }

  /** No provider of S3A's credential chain had credentials (exit 2). */
  public static CredenceException noStoreCredentials(String detail, Throwable cause) {
    return CredenceException.badInput(
        "S3A found no credentials for the object store: " + detail,
        "every provider of S3A's chain came up empty: no AWS_ACCESS_KEY_ID and"
            + " AWS_SECRET_ACCESS_KEY in the environment, no Hadoop credential provider, and no"
            + " instance profile (which exists only on EC2, and off EC2 answers only after its"
            + " metadata address's timeouts)",
        "give the driver and the executors credentials (never in the job YAML): the environment"
            + " variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (AWS_SESSION_TOKEN for"
            + " temporary ones), or a Hadoop credential provider"
            + " (spark.hadoop.hadoop.security.credential.provider.path); choose providers with"
            + " spark.hadoop.fs.s3a.aws.credentials.provider; off EC2, AWS_EC2_METADATA_DISABLED=true"
            + " skips the instance profile's wait",
        cause);
  }

  /** The object store refused the credentials or the access (exit 2). */
  public static CredenceException storeAccessDenied(String detail, Throwable cause) {
    return CredenceException.badInput(
        "the object store refused access: " + detail,
        "the credentials S3A found are unknown to the store, wrong, or lack permission on the path",
        "fix the credentials in S3A's provider chain (never the job YAML): the environment"
            + " variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (AWS_SESSION_TOKEN for"
            + " temporary ones), the instance profile, or a Hadoop credential provider"
            + " (spark.hadoop.hadoop.security.credential.provider.path); choose providers with"
            + " spark.hadoop.fs.s3a.aws.credentials.provider; and grant them read on the inputs,"
            + " read-write on the warehouse",
        cause);
  }

  /**
   * The object store's endpoint cannot be reached, as S3A said after its retries (exit 2). {@code
   * endpoint}: the HOST:PORT it names, or null.
   */
  public static CredenceException storeUnreachable(
      String endpoint, String detail, Throwable cause) {
    return CredenceException.badInput(
        "the object store cannot be reached"
            + (endpoint == null ? "" : " at its endpoint " + endpoint)
            + ": "
            + detail,
        "no input can be read and nothing can be published without the store",
        CHECK_ENDPOINT,
        cause);
  }

  /**
   * The S3A endpoint {@code endpoint} (HOST:PORT, named by {@code setting}) accepted no TCP
   * connection within {@code timeout} ({@code reason}: the JVM's words), found before the command
   * first reached the store (exit 2).
   */
  public static CredenceException storeEndpointUnreachable(
      String endpoint, String setting, String reason, java.time.Duration timeout) {
    return CredenceException.badInput(
        "the object store cannot be reached: no connection to its endpoint "
            + endpoint
            + " ("
            + setting
            + ") within "
            + timeout.toSeconds()
            + " s: "
            + reason,
        "every s3a:// input and warehouse path is read and written through that endpoint (S3A"
            + " itself would retry for minutes before giving up)",
        CHECK_ENDPOINT);
  }

  private static final String CHECK_ENDPOINT =
      "check storage.s3a.endpoint in the job config (or spark.hadoop.fs.s3a.endpoint, which wins;"
          + " per bucket spark.hadoop.fs.s3a.bucket.NAME.endpoint): scheme, host and port of a"
          + " running store reachable from the driver and the executors";

  /** The S3A connector is not on the classpath (exit 2). */
  public static CredenceException storeConnectorMissing(String scheme, Throwable cause) {
    return CredenceException.badInput(
        "no Hadoop file system for " + scheme + ":// paths is on the classpath",
        "file system connectors (for s3a://: hadoop-aws and the AWS SDK bundle) are provided by"
            + " the cluster, not inside the credence jar",
        "put the connector for "
            + scheme
            + ":// on the driver's and executors' classpath (spark-submit --packages or --jars);"
            + " for s3a:// that is --packages org.apache.hadoop:hadoop-aws:HADOOP_VERSION with the"
            + " Hadoop version of your Spark build (3.4.2 for Spark 4.1.0); see"
            + " docs/operations.md, \"Object storage\"",
        cause);
  }

  /**
   * generate's or train's {@code --out} has no scheme and the default file system is not the local
   * one ({@code local}: the folder it would name on this machine).
   */
  public static CredenceException outOnDefaultFileSystem(
      String out, String defaultFs, String local) {
    return CredenceException.badInput(
        "--out "
            + out
            + " has no scheme, and the default file system (fs.defaultFS) is "
            + defaultFs,
        "--out is a folder on this machine, which the command checks and writes there, but Spark"
            + " puts a path without a scheme on the default file system (where --input and"
            + " --warehouse without a scheme are read): the output would be split between the two,"
            + " or written where it was not checked",
        "pass --out as a file: URI (--out file:"
            + local
            + ") to write on this machine, then copy it to "
            + defaultFs
            + " if needed; on a cluster, run the command with --master local[*] for that: a"
            + " file: folder is each executor's own disk, so executors on other hosts would"
            + " write their parts there");
  }
}
