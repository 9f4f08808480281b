package io.credence.bench;

import io.credence.config.StorageSettings;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Copies a local folder to an object store through Hadoop's S3A connector, so that every object
 * carries the ETag S3A checks when it reads: how {@code scripts/bench-object-store} puts the inputs
 * into a bucket. S3A's settings come from {@code spark.hadoop.fs.s3a.*} system properties,
 * credentials from S3A's provider chain (the environment).
 */
@Command(
    name = "copy-to-store",
    mixinStandardHelpOptions = true,
    description = "Copies a local folder to an s3a:// location.")
public final class CopyToStore implements Callable<Integer> {
  @Option(names = "--from", required = true, description = "Local folder to copy.")
  java.nio.file.Path from;

  @Option(names = "--to", required = true, description = "Target, e.g. s3a://bucket/inputs.")
  String to;

  /** Entry point for {@code scripts/bench-object-store}. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new CopyToStore()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Configuration conf = new Configuration();
    StorageSettings.copySparkHadoopProperties(conf);
    Path target = new Path(to);
    FileSystem fs = target.getFileSystem(conf);
    fs.copyFromLocalFile(false, true, new Path(from.toAbsolutePath().toUri()), target);
    return 0;
  }
}
