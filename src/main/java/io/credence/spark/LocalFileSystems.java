package io.credence.spark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsConstants;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system without its shell commands. Without Hadoop's native library (the usual
 * case outside a Hadoop install), Hadoop's local file system starts a {@code chmod} process for
 * every file and folder it creates, an {@code ls -ld} for every file status whose permission is
 * read (each file of a listing) and a {@code readlink} for every rename check of a Delta commit:
 * 210 processes in a sample-data run, about 10 ms each. These classes do the same with Java's own
 * file API and are otherwise Hadoop's: {@link Checksummed} for {@code fs.file.impl} (the {@code
 * FileSystem} API, with Hadoop's .crc side files), {@link Context} for {@code
 * fs.AbstractFileSystem.file.impl} (the {@code FileContext} API that Delta's log store and Spark's
 * checkpoint files use), {@link Raw} underneath both. A set-uid, set-gid or sticky bit, which
 * Java's file API cannot set, is still set by Hadoop's {@code chmod}; Java's file API does not
 * report those bits either, so a status read here never shows them.
 */
public final class LocalFileSystems {
  private LocalFileSystems() {}

  /** The Hadoop setting that names the {@code FileSystem} class of the {@code file:} scheme. */
  public static final String FILE_SYSTEM_KEY = "fs.file.impl";

  /** The Hadoop setting that names the {@code AbstractFileSystem} class of {@code file:}. */
  public static final String CONTEXT_KEY = "fs.AbstractFileSystem.file.impl";

  private static final int PERMISSION_BITS = 0777;

  /**
   * {@code local}, a folder on this machine, as a path Spark writes there whatever the default file
   * system ({@code fs.defaultFS}): a {@code file:} URI, since Spark puts a path without a scheme on
   * the default file system.
   */
  public static String sparkPath(java.nio.file.Path local) {
    return new Path(local.toAbsolutePath().toUri()).toString();
  }

  /**
   * Whether a session on {@code master} can name these classes in its Hadoop settings: only when
   * every task runs in this JVM (a {@code local} master) and the JVM's class path holds them.
   * Hadoop looks a file system class up with the class loader of the {@code Configuration} that
   * asks, and some of them (S3A's buffer files on an executor, for one) are made by a loader that
   * sees Hadoop's jars but not the job's; an executor of a cluster, or a job jar that spark-submit
   * adds at run time, then fails every task that writes with "Class ... not found". There Hadoop's
   * own local file system stays.
   */
  public static boolean usableWith(String master, ClassLoader system) {
    if (master == null || !(master.equals("local") || master.startsWith("local["))) {
      return false;
    }
    try {
      return Class.forName(Checksummed.class.getName(), false, system) == Checksummed.class;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Hadoop's raw local file system (no .crc side files), permissions through Java's file API. */
  public static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      short mode = permission.toShort();
      if ((mode & ~PERMISSION_BITS) != 0) {
        super.setPermission(p, permission);
        return;
      }
      Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(mode));
    }

    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
      return withPermission(super.getFileStatus(f), pathToFile(f));
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
      // A folder's entries come from getFileStatus above; a file's own status does not.
      FileStatus[] statuses = super.listStatus(f);
      if (statuses.length == 1 && !(statuses[0] instanceof LazyStatus)) {
        statuses[0] = withPermission(statuses[0], pathToFile(statuses[0].getPath()));
      }
      return statuses;
    }

    /** A symbolic link's own status is Hadoop's; anything else's is its {@link #getFileStatus}. */
    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      if (Files.isSymbolicLink(pathToFile(f).toPath())) {
        return super.getFileLinkStatus(f);
      }
      return getFileStatus(f);
    }
  }

  /** Hadoop's checksummed local file system (as {@code fs.file.impl}) over {@link Raw}. */
  public static final class Checksummed extends LocalFileSystem {
    public Checksummed() {
      super(new Raw());
    }
  }

  /**
   * Hadoop's {@code FileContext} file system for {@code file:} (checksummed, as Hadoop's {@code
   * LocalFs}) over {@link Raw}.
   */
  public static final class Context extends ChecksumFs {
    public Context(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawContext(uri, conf));
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }
  }

  /** As Hadoop's {@code RawLocalFs}, delegating to {@link Raw}. */
  static final class RawContext extends DelegateToFileSystem {
    RawContext(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new Raw(), conf, FsConstants.LOCAL_FS_URI.getScheme(), false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }

    @Override
    public FsServerDefaults getServerDefaults() throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String src) {
      return true; // as RawLocalFs: the operating system decides
    }
  }

  /**
   * {@code status} whose permission, owner and group are read with Java's file API when first asked
   * for, as Hadoop's own local status reads them with {@code ls -ld}.
   */
  private static FileStatus withPermission(FileStatus status, File file) {
    return new LazyStatus(status, file);
  }

  private static final class LazyStatus extends FileStatus {
    private static final long serialVersionUID = 1L;
    private final File file;
    private boolean loaded;

    LazyStatus(FileStatus status, File file) {
      super(
          status.getLen(),
          status.isDirectory(),
          status.getReplication(),
          status.getBlockSize(),
          status.getModificationTime(),
          status.getAccessTime(),
          null,
          null,
          null,
          status.getPath());
      this.file = file;
    }

    @Override
    public FsPermission getPermission() {
      load();
      return super.getPermission();
    }

    @Override
    public String getOwner() {
      load();
      return super.getOwner();
    }

    @Override
    public String getGroup() {
      load();
      return super.getGroup();
    }

    private synchronized void load() {
      if (loaded) {
        return;
      }
      PosixFileAttributes attributes;
      try {
        attributes = Files.readAttributes(file.toPath(), PosixFileAttributes.class);
      } catch (IOException e) {
        // As Hadoop's own status, which cannot throw a checked exception here either.
        throw new UncheckedIOException("cannot read the permissions of " + file, e);
      }
      setPermission(new FsPermission(mode(attributes.permissions())));
      setOwner(attributes.owner().getName());
      setGroup(attributes.group().getName());
      loaded = true;
    }
  }

  /** Java's permissions in the order of a mode's bits, lowest first. */
  private static final PosixFilePermission[] BITS = {
    PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
    PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
    PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
    PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
    PosixFilePermission.OWNER_READ
  };

  static Set<PosixFilePermission> posix(short mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < BITS.length; i++) {
      if ((mode & (1 << i)) != 0) {
        set.add(BITS[i]);
      }
    }
    return set;
  }

  static short mode(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (int i = 0; i < BITS.length; i++) {
      if (permissions.contains(BITS[i])) {
        mode |= 1 << i;
      }
    }
    return (short) mode;
  }
}
