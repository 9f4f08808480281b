package io.credence.publish;

import io.credence.config.StorageConfig.WarehouseLockMode;
import io.credence.error.ErrorText;
import io.credence.error.WarehouseErrors;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few file operations the warehouse lock needs, each atomic on the store it runs on: create a
 * file with its whole content only if absent, remove a stale file only if it is still the one
 * judged, read, delete. A local disk uses the operating system (a hard link refuses to replace);
 * HDFS uses its NameNode's rename, which refuses to overwrite; an object store uses its conditional
 * write (S3's PUT with If-None-Match, through S3A's conditional create), once a probe has shown the
 * store honours it. Any other store is refused, unless the operator has asserted a single writer
 * ({@link WarehouseLockMode#SINGLE_WRITER_ASSERTED}), which takes a best-effort lock.
 */
abstract class LockFiles {
  private static final Logger LOG = LoggerFactory.getLogger(LockFiles.class);

  /** The folder the lock files live in (the warehouse), for messages. */
  final String folder;

  private LockFiles(String folder) {
    this.folder = folder;
  }

  /**
   * The lock files of {@code warehouse}; exit 2 when its store has no atomic create-if-absent and
   * {@code mode} does not allow a best-effort lock.
   */
  static LockFiles of(Configuration conf, String warehouse, WarehouseLockMode mode)
      throws IOException {
    Path dir = new Path(warehouse);
    FileSystem fs = fileSystem(conf, dir, warehouse, mode);
    if (fs instanceof LocalFileSystem local) {
      return new Local(local.pathToFile(dir).toPath(), warehouse);
    }
    if (fs instanceof RawLocalFileSystem raw) {
      return new Local(raw.pathToFile(dir).toPath(), warehouse);
    }
    Path qualified = fs.makeQualified(dir);
    if ("hdfs".equals(fs.getScheme())) {
      return new Hdfs(fs, qualified);
    }
    String missing;
    if (ConditionalPut.offered(fs, qualified)) {
      ObjectStore store = new ObjectStore(fs, qualified);
      missing = store.probe();
      if (missing == null) {
        return store;
      }
    } else {
      missing =
          "its connector offers no conditional create (for S3A: Hadoop 3.4.2 or later, with"
              + " fs.s3a.create.conditional.enabled=true, the default)";
    }
    if (mode == WarehouseLockMode.SINGLE_WRITER_ASSERTED) {
      LOG.warn(
          "the warehouse lock on {} is best effort ({}): storage.warehouse_lock is"
              + " single_writer_asserted, so the operator guarantees one scheduler writes it",
          warehouse,
          missing);
      return new Asserted(fs, qualified);
    }
    throw WarehouseErrors.noAtomicCreate(warehouse, fs.getScheme(), missing);
  }

  /**
   * Schemes of stores whose Hadoop connectors offer no atomic create-if-absent (docs/operations.md,
   * "One writer"): a warehouse there is refused unless a single writer is asserted.
   */
  static final Set<String> WITHOUT_ATOMIC_CREATE = Set.of("gs", "abfs", "abfss", "wasb", "wasbs");

  /**
   * The warehouse's file system. When it cannot be had (typically its connector is missing) on a
   * store the lock refuses anyway, that refusal comes first: installing the connector would not
   * help.
   */
  private static FileSystem fileSystem(
      Configuration conf, Path dir, String warehouse, WarehouseLockMode mode) throws IOException {
    try {
      return dir.getFileSystem(conf);
    } catch (IOException | RuntimeException e) {
      String scheme = dir.toUri().getScheme();
      if (mode == WarehouseLockMode.EXCLUSIVE
          && scheme != null
          && WITHOUT_ATOMIC_CREATE.contains(scheme.toLowerCase(Locale.ROOT))) {
        throw WarehouseErrors.storeUnsupported(warehouse, scheme.toLowerCase(Locale.ROOT), e);
      }
      throw e;
    }
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

  /**
   * When {@code name} was last written, in milliseconds since the epoch by the store's clock (the
   * file system's, the NameNode's, the object store's), or null when it does not exist.
   */
  abstract Long modified(String name) throws IOException;

  /**
   * Writes {@code content} as {@code name}, replacing any file of that name. For files that only
   * their writer changes (a heartbeat).
   */
  abstract void replace(String name, byte[] content) throws IOException;

  /** Renames {@code from} to the unused name {@code to}; false when {@code from} is missing. */
  abstract boolean rename(String from, String to) throws IOException;

  /**
   * Removes {@code name} if it still holds {@code expected} (a stale file): renames it to {@code
   * tomb}, a name only this caller uses, then compares, and puts back (without replacing) a file
   * that turns out to be another, fresh one.
   */
  void removeStale(String name, byte[] expected, String tomb) throws IOException {
    if (!rename(name, tomb)) {
      return;
    }
    byte[] moved = read(tomb);
    if (!Arrays.equals(moved, expected) && moved != null) {
      createIfAbsent(name, moved, tomb);
    }
    delete(tomb);
  }

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
        throw WarehouseErrors.noHardLinks(folder, e);
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
    Long modified(String name) throws IOException {
      try {
        return Files.getLastModifiedTime(dir.resolve(name)).toMillis();
      } catch (NoSuchFileException e) {
        return null;
      }
    }

    @Override
    void replace(String name, byte[] content) throws IOException {
      java.nio.file.Path tmp = dir.resolve(name + "." + UUID.randomUUID() + ".tmp");
      try {
        Files.write(tmp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
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

  /** A store reached through a Hadoop FileSystem: reads, deletes and names are the same on all. */
  abstract static class OnHadoop extends LockFiles {
    final FileSystem fs;
    final Path dir;

    OnHadoop(FileSystem fs, Path dir) {
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
    Long modified(String name) throws IOException {
      try {
        return fs.getFileStatus(new Path(dir, name)).getModificationTime();
      } catch (FileNotFoundException e) {
        return null;
      }
    }

    /**
     * One PUT on an object store; on HDFS a new file, whose time is that of its creation even when
     * its writer dies before closing it.
     */
    @Override
    void replace(String name, byte[] content) throws IOException {
      try (OutputStream out = fs.create(new Path(dir, name), true)) {
        out.write(content);
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

  /** HDFS: a temporary file renamed into place; the NameNode's rename never overwrites a file. */
  static final class Hdfs extends OnHadoop {
    Hdfs(FileSystem fs, Path dir) {
      super(fs, dir);
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
  }

  /**
   * An object store with conditional writes: the lock file is one PUT with If-None-Match: *, which
   * the store applies only if no object has that key, with the whole content at once. There are no
   * folders to create or remove, and no atomic rename: a stale file is removed by the one caller
   * that wins a claim named after its content (see {@link #removeStale}).
   */
  static final class ObjectStore extends OnHadoop {
    ObjectStore(FileSystem fs, Path dir) {
      super(fs, dir);
    }

    /**
     * Checks that the store honours the condition rather than ignores it: a second conditional
     * create of the same probe object must be refused. Returns null when it is, else what is
     * missing. A store that checks the condition separately from the write (a HEAD, then a PUT)
     * passes this probe yet is not atomic: docs/operations.md, "Object storage", says which stores
     * were tested.
     */
    String probe() throws IOException {
      String name = "_credence.lock.probe-" + UUID.randomUUID();
      byte[] content = "probe\n".getBytes(StandardCharsets.UTF_8);
      try {
        if (!createIfAbsent(name, content, name)) {
          return "a conditional create of a new object " + where(name) + " was refused";
        }
        if (createIfAbsent(name, content, name)) {
          return "the store ignores If-None-Match (a second conditional create of "
              + where(name)
              + " replaced the first)";
        }
        return null;
      } catch (IOException e) {
        if (e.getClass().getSimpleName().equals("AWSUnsupportedFeatureException")) {
          return "the store does not implement conditional writes ("
              + ErrorText.firstLine(e.getMessage())
              + ")";
        }
        throw e;
      } finally {
        delete(name);
      }
    }

    @Override
    boolean ensureFolder() {
      return false; // keys need no folder, and none is left behind
    }

    @Override
    void deleteFolderIfEmpty() {}

    @Override
    boolean createIfAbsent(String name, byte[] content, String unique) throws IOException {
      return ConditionalPut.create(fs, new Path(dir, name), content);
    }

    /**
     * Removes the stale file {@code name} if it still holds {@code expected}. An object store has
     * no atomic rename, so the cleaners of one stale file first race for a claim named after its
     * content: one wins (a conditional create), re-reads, deletes, and drops its claim; the others
     * leave it alone. A later cleaner that wins a new claim re-reads a different file and keeps it.
     */
    @Override
    void removeStale(String name, byte[] expected, String tomb) throws IOException {
      String claim = name + ".clear-" + HexFormat.of().formatHex(sha256(expected), 0, 8);
      if (!createIfAbsent(claim, tomb.getBytes(StandardCharsets.UTF_8), tomb)) {
        return;
      }
      try {
        if (Arrays.equals(read(name), expected)) {
          delete(name);
        }
      } finally {
        delete(claim);
      }
    }

    private static byte[] sha256(byte[] bytes) {
      try {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is part of every JDK", e);
      }
    }
  }

  /**
   * A store without an atomic create-if-absent, used only when the operator asserted a single
   * writer: the create checks for the file and then writes it, so two runs started at the same
   * instant could both hold it. It still stops a second run that starts while one is running.
   */
  static final class Asserted extends OnHadoop {
    Asserted(FileSystem fs, Path dir) {
      super(fs, dir);
    }

    @Override
    boolean createIfAbsent(String name, byte[] content, String unique) throws IOException {
      try (OutputStream out = fs.create(new Path(dir, name), false)) {
        out.write(content);
      } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
        return false;
      }
      return true;
    }
  }
}
