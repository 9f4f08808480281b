package io.credence.lookup;

import io.delta.storage.HadoopFileSystemLogStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Local-disk plumbing for Delta Kernel without Hadoop's shell commands. Without Hadoop's native
 * library (the usual case outside a Hadoop install), Hadoop's local file system runs {@code chmod}
 * for every file it creates and {@code readlink} for every rename check, each a fork of the JVM:
 * about twenty per audited lookup. These two classes do the same with Java's own file API.
 */
public final class LocalFiles {
  private LocalFiles() {}

  /** Points {@code conf}'s {@code file:} scheme at these classes. */
  static void use(Configuration conf) {
    conf.set("fs.file.impl", FileSystem.class.getName());
    // A new instance per use: a JVM that also runs Spark (tests) has Hadoop's own local file
    // system cached under the same scheme.
    conf.setBoolean("fs.file.impl.disable.cache", true);
    conf.set("io.delta.kernel.logStore.file.impl", LogStore.class.getName());
  }

  /**
   * Hadoop's raw local file system (no .crc side files), setting permissions with Java's file API
   * instead of a {@code chmod} process.
   */
  public static final class FileSystem extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission.toShort()));
    }

    private static Set<PosixFilePermission> posix(short mode) {
      Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
      PosixFilePermission[] bits = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_READ
      };
      for (int i = 0; i < bits.length; i++) {
        if ((mode & (1 << i)) != 0) {
          set.add(bits[i]);
        }
      }
      return set;
    }
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
