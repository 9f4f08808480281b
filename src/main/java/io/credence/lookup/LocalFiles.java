package io.credence.lookup;

import io.credence.spark.LocalFileSystems;
import io.delta.storage.HadoopFileSystemLogStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Local-disk plumbing for Delta Kernel without Hadoop's shell commands (see {@link
 * LocalFileSystems}): about twenty processes per audited lookup otherwise.
 */
public final class LocalFiles {
  private LocalFiles() {}

  /** Where S3A buffers the blocks of a file it uploads: disk (its default), array or bytebuffer. */
  static final String S3A_UPLOAD_BUFFER = "fs.s3a.fast.upload.buffer";

  /** Points {@code conf}'s {@code file:} scheme at these classes. */
  static void use(Configuration conf) {
    conf.set(LocalFileSystems.FILE_SYSTEM_KEY, LocalFileSystems.Raw.class.getName());
    // A new instance per use: a JVM that also runs Spark (tests) has Hadoop's own local file
    // system cached under the same scheme.
    conf.setBoolean("fs.file.impl.disable.cache", true);
    // S3A buffers what it uploads in files of the local file system by default, which it takes to
    // be Hadoop's LocalFileSystem (a cast that fails on Raw above): the audit rows and log entries
    // Kernel writes to a bucket are small, so they are buffered in memory instead.
    conf.set(S3A_UPLOAD_BUFFER, "bytebuffer");
    conf.set("io.delta.kernel.logStore.file.impl", LogStore.class.getName());
  }

  /**
   * Delta's log store for local disks: a commit file is written under a temporary name, fsync'd,
   * and hard-linked to its final name. {@code link(2)} fails when the name exists, so two processes
   * committing the same version cannot overwrite each other (Hadoop's rename-based store checks and
   * then renames, which a concurrent writer can slip between).
   */
  public static final class LogStore extends HadoopFileSystemLogStore {
    public LogStore(Configuration conf) {
      super(conf);
    }

    @Override
    public void write(Path path, Iterator<String> actions, Boolean overwrite, Configuration conf)
        throws IOException {
      java.nio.file.Path target = java.nio.file.Path.of(path.toUri());
      if (!Files.isDirectory(target.getParent())) {
        throw new java.io.FileNotFoundException("No such file or directory: " + path.getParent());
      }
      java.nio.file.Path temp =
          target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
      try {
        writeDurably(temp, actions);
        if (overwrite) {
          Files.move(
              temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } else {
          Files.createLink(target, temp);
        }
        syncDirectory(target.getParent());
      } catch (FileAlreadyExistsException e) {
        throw new FileAlreadyExistsException(path.toString());
      } finally {
        Files.deleteIfExists(temp);
      }
    }

    @Override
    public Boolean isPartialWriteVisible(Path path, Configuration conf) {
      return false;
    }

    private static void writeDurably(java.nio.file.Path file, Iterator<String> actions)
        throws IOException {
      try (FileChannel out =
          FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        while (actions.hasNext()) {
          ByteBuffer line =
              ByteBuffer.wrap((actions.next() + "\n").getBytes(StandardCharsets.UTF_8));
          while (line.hasRemaining()) {
            out.write(line);
          }
        }
        out.force(true);
      }
    }

    private static void syncDirectory(java.nio.file.Path dir) throws IOException {
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      }
    }
  }
}
