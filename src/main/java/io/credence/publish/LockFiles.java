package io.credence.publish;

import io.credence.error.CredenceException;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The few file operations the warehouse lock needs, each atomic on the store it runs on: create a
 * file with its whole content only if absent, rename a file to a new unique name, read, delete. A
 * local disk uses the operating system (a hard link refuses to replace); HDFS uses its NameNode's
 * rename, which refuses to overwrite. Other stores (object stores) are refused.
 */
abstract class LockFiles {
  /** The folder the lock files live in (the warehouse), for messages. */
  final String folder;

  private LockFiles(String folder) {
    this.folder = folder;
  }

  /** The lock files of {@code warehouse}, or exit 2 when its store has no atomic create. */
  static LockFiles of(Configuration conf, String warehouse) throws IOException {
    Path dir = new Path(warehouse);
    FileSystem fs = dir.getFileSystem(conf);
    if (fs instanceof LocalFileSystem local) {
      return new Local(local.pathToFile(dir).toPath(), warehouse);
    }
    if (fs instanceof RawLocalFileSystem raw) {
      return new Local(raw.pathToFile(dir).toPath(), warehouse);
    }
    if ("hdfs".equals(fs.getScheme())) {
      return new Hdfs(fs, fs.makeQualified(dir));
    }
    throw CredenceException.badInput(
        "the warehouse "
            + warehouse
            + " is on a "
            + fs.getScheme()
            + ":// store, where credence cannot take its one-writer lock",
        "the lock needs an atomic create-if-absent (a local disk or HDFS); without it two runs"
            + " could both believe they hold the warehouse and interleave their writes",
        "set `warehouse` in the job config (or --warehouse) to a local or HDFS folder; object"
            + " stores are not supported as a warehouse yet");
  }

  /** Creates the folder when missing; true when this call created it. */
  abstract boolean ensureFolder() throws IOException;

  /**
   * Creates {@code name} holding {@code content}, complete, only if no file has that name; false
   * when one does. {@code unique} names this caller's temporary file.
   */
  abstract boolean createIfAbsent(String name, byte[] content, String unique) throws IOException;

  /** The content of {@code name}, or null when it does not exist. */
  abstract byte[] read(String name) throws IOException;

  /** Renames {@code from} to the unused name {@code to}; false when {@code from} is missing. */
  abstract boolean rename(String from, String to) throws IOException;

  /** Deletes {@code name} if present. */
  abstract void delete(String name) throws IOException;

  /** Deletes the folder if it is empty. */
  abstract void deleteFolderIfEmpty() throws IOException;

  /** Where {@code name} lives, for messages. */
  abstract String where(String name);

  /** A local disk: java.nio, whose hard link fails rather than replace an existing name. */
  static final class Local extends LockFiles {
    private final java.nio.file.Path dir;

    Local(java.nio.file.Path dir, String warehouse) {
      super(warehouse);
      this.dir = dir;
    }

    @Override
    boolean ensureFolder() throws IOException {
      if (Files.isDirectory(dir)) {
        return false;
      }
      Files.createDirectories(dir);
      return true;
    }

    @Override
    boolean createIfAbsent(String name, byte[] content, String unique) throws IOException {
      java.nio.file.Path tmp = dir.resolve(name + "." + unique + ".tmp");
      try (FileChannel out =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        out.write(java.nio.ByteBuffer.wrap(content));
        out.force(true);
      }
      try {
        // link(2) publishes the finished file under the lock's name, or fails if the name exists:
        // nobody ever sees a lock file without its content.
        Files.createLink(dir.resolve(name), tmp);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (UnsupportedOperationException e) {
        throw CredenceException.badInput(
            "the file system of the warehouse " + folder + " does not support hard links",
            "credence's one-writer lock publishes its file with a hard link, the local atomic"
                + " create-if-absent",
            "put the warehouse on a local file system with hard links (ext4, xfs, NFS, ...) or"
                + " on HDFS",
            e);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }

    @Override
    byte[] read(String name) throws IOException {
      try {
        return Files.readAllBytes(dir.resolve(name));
      } catch (NoSuchFileException e) {
        return null;
      }
    }

    @Override
    boolean rename(String from, String to) throws IOException {
      try {
        Files.move(dir.resolve(from), dir.resolve(to), StandardCopyOption.ATOMIC_MOVE);
        return true;
      } catch (NoSuchFileException e) {
        return false;
      }
    }

    @Override
    void delete(String name) throws IOException {
      Files.deleteIfExists(dir.resolve(name));
    }

    @Override
    void deleteFolderIfEmpty() throws IOException {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          return;
        }
      }
      try {
        Files.delete(dir);
      } catch (java.nio.file.DirectoryNotEmptyException e) {
        // another run put its lock there meanwhile: the folder is in use
      }
    }

    @Override
    String where(String name) {
      return dir.resolve(name).toString();
    }
  }

  /** HDFS: a temporary file renamed into place; the NameNode's rename never overwrites a file. */
  static final class Hdfs extends LockFiles {
    private final FileSystem fs;
    private final Path dir;

    Hdfs(FileSystem fs, Path dir) {
      super(dir.toString());
      this.fs = fs;
      this.dir = dir;
    }

    @Override
    boolean ensureFolder() throws IOException {
      if (fs.exists(dir)) {
        return false;
      }
      fs.mkdirs(dir);
      return true;
    }

    @Override
    boolean createIfAbsent(String name, byte[] content, String unique) throws IOException {
      Path tmp = new Path(dir, name + "." + unique + ".tmp");
      try (OutputStream out = fs.create(tmp, false)) {
        out.write(content);
      }
      try {
        return fs.rename(tmp, new Path(dir, name));
      } finally {
        fs.delete(tmp, false);
      }
    }

    @Override
    byte[] read(String name) throws IOException {
      try (InputStream in = fs.open(new Path(dir, name))) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toByteArray();
      } catch (FileNotFoundException e) {
        return null;
      }
    }

    @Override
    boolean rename(String from, String to) throws IOException {
      return fs.rename(new Path(dir, from), new Path(dir, to));
    }

    @Override
    void delete(String name) throws IOException {
      fs.delete(new Path(dir, name), false);
    }

    @Override
    void deleteFolderIfEmpty() throws IOException {
      if (fs.listStatus(dir).length == 0) {
        fs.delete(dir, false);
      }
    }

    @Override
    String where(String name) {
      return new Path(dir, name).toString();
    }
  }
}
