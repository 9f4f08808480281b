package io.credence.reliability;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.TaskContext;

/**
 * The local file system under the {@code flaky:} scheme, whose reads fail on the first attempt of
 * every even-numbered task partition: injected task failures without a hook in production code.
 * Register it with {@code spark.hadoop.fs.flaky.impl}; opens outside a task (the driver listing and
 * checking the inputs) and retried attempts read normally.
 */
public final class FlakyFileSystem extends RawLocalFileSystem {
  /** The URI scheme this file system serves. */
  public static final String SCHEME = "flaky";

  private static final AtomicInteger INJECTED = new AtomicInteger();

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FSDataInputStream open(Path file, int bufferSize) throws IOException {
    TaskContext task = TaskContext.get();
    if (task != null && task.attemptNumber() == 0 && task.partitionId() % 2 == 0) {
      INJECTED.incrementAndGet();
      throw new IOException(
          "injected failure: first attempt of partition "
              + task.partitionId()
              + " in stage "
              + task.stageId()
              + " reading "
              + file.getName());
    }
    return super.open(file, bufferSize);
  }

  @Override
  public FileStatus getFileStatus(Path file) throws IOException {
    return plain(super.getFileStatus(file));
  }

  @Override
  public FileStatus[] listStatus(Path folder) throws IOException {
    FileStatus[] statuses = super.listStatus(folder);
    FileStatus[] plain = new FileStatus[statuses.length];
    for (int i = 0; i < statuses.length; i++) {
      plain[i] = plain(statuses[i]);
    }
    return plain;
  }

  private static FileStatus plain(FileStatus s) {
    return new FileStatus(
        s.getLen(),
        s.isDirectory(),
        s.getReplication(),
        s.getBlockSize(),
        s.getModificationTime(),
        s.getPath());
  }

  /** Failures injected in this JVM so far. */
  public static int injected() {
    return INJECTED.get();
  }
}
