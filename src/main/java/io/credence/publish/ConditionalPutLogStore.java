package io.credence.publish;

import io.delta.storage.HadoopFileSystemLogStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Delta's log on an object store with conditional writes (S3, or a compatible store that honours
 * {@code If-None-Match}): each commit file is written by one conditional PUT ({@link
 * ConditionalPut}), so of two writers committing the same version exactly one succeeds and the
 * other sees {@link java.nio.file.FileAlreadyExistsException}, retries on the next version, and
 * checks for conflicts as Delta does on HDFS. Delta's own S3 log store instead checks for the file
 * and then writes it, which is safe only when one driver writes a table (docs/operations.md,
 * "Object storage"). Listing is S3's, which has been strongly consistent since 2020.
 *
 * <p>Spark uses it through {@code spark.delta.logStore.s3a.impl}, Delta Kernel (lookup, serve)
 * through {@code io.delta.kernel.logStore.s3a.impl}; both are set by credence for {@code s3a://}.
 */
public final class ConditionalPutLogStore extends HadoopFileSystemLogStore {
  public ConditionalPutLogStore(Configuration conf) {
    super(conf);
  }

  @Override
  public void write(Path path, Iterator<String> actions, Boolean overwrite, Configuration conf)
      throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    StringBuilder text = new StringBuilder();
    actions.forEachRemaining(a -> text.append(a).append('\n'));
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    if (overwrite) {
      try (FSDataOutputStream out = fs.create(path, true)) {
        out.write(bytes);
      }
      return;
    }
    if (!ConditionalPut.offered(fs, path)) {
      // Only with storage.warehouse_lock: single_writer_asserted (the lock refuses such a store
      // otherwise): check, then write, as Delta's own S3 log store does for one writer.
      if (fs.exists(path)) {
        throw new java.nio.file.FileAlreadyExistsException(path.toString());
      }
      try (FSDataOutputStream out = fs.create(path, false)) {
        out.write(bytes);
      }
      return;
    }
    if (!ConditionalPut.create(fs, path, bytes)) {
      throw new java.nio.file.FileAlreadyExistsException(path.toString());
    }
  }

  /** A PUT is visible whole or not at all. */
  @Override
  public Boolean isPartialWriteVisible(Path path, Configuration conf) {
    return false;
  }
}
