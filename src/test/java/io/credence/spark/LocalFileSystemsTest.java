package io.credence.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import io.credence.TestJvm;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local file systems without shell commands: the same files, folders, permissions, statuses and
 * renames as Hadoop's, in a JVM that cannot start {@code chmod}, {@code ls} or {@code readlink} (no
 * PATH), where Hadoop's own local file system fails.
 */
class LocalFileSystemsTest extends SparkTestBase {
  @TempDir java.nio.file.Path dir;

  @Test
  void createsListsAndRenamesWithoutStartingAProcess() throws Exception {
    Result ours = inJvmWithStandIns(dir.resolve("ours"), "ours");
    assertThat(ours.code()).as(ours.output()).isZero();
    assertThat(ours.commands()).as("commands started").isEmpty();
    String owner = Files.getOwner(dir).getName();
    assertThat(ours.output().lines())
        .containsExactly(
            "a/b rwxr-x--- " + owner,
            "a/b/f rw-r----- " + owner,
            "listed a/b/f rw-r----- " + owner,
            "located a/b/f rw-r----- " + owner,
            "single a/b/f rw-r-----",
            "renamed",
            "exists");
    assertThat(mode(dir.resolve("ours/a/b"))).isEqualTo("rwxr-x---");
    assertThat(mode(dir.resolve("ours/a/b/f"))).isEqualTo("rw-r-----");
    assertThat(dir.resolve("ours/a/b/.f.crc")).exists();
    assertThat(dir.resolve("ours/c/committed")).hasContent("x");
  }

  /** The check above means something: Hadoop's own classes need those commands. */
  @Test
  void hadoopsOwnLocalFileSystemStartsProcesses() throws Exception {
    Result hadoops = inJvmWithStandIns(dir.resolve("hadoop"), "hadoop");
    assertThat(hadoops.code()).isNotZero();
    assertThat(hadoops.commands()).startsWith("chmod ");
  }

  @Test
  void aSymbolicLinksOwnStatusIsALink() throws Exception {
    java.nio.file.Path target = Files.writeString(dir.resolve("target"), "x");
    java.nio.file.Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    FileSystem fs = FileSystem.newInstance(URI.create("file:///"), conf());
    assertThat(fs.getFileLinkStatus(new Path(link.toString())).isSymlink()).isTrue();
    assertThat(fs.getFileLinkStatus(new Path(target.toString())).isSymlink()).isFalse();
    assertThat(fs.getFileStatus(new Path(link.toString())).getLen()).isEqualTo(1);
  }

  @Test
  void sparkSessionsUseThem() {
    Configuration hadoop = spark().sparkContext().hadoopConfiguration();
    assertThat(hadoop.get(LocalFileSystems.FILE_SYSTEM_KEY))
        .isEqualTo(LocalFileSystems.Checksummed.class.getName());
    assertThat(hadoop.get(LocalFileSystems.CONTEXT_KEY))
        .isEqualTo(LocalFileSystems.Context.class.getName());
  }

  @Test
  void onlyLocalMastersWithTheClassesOnTheClassPathUseThem() {
    ClassLoader system = ClassLoader.getSystemClassLoader();
    assertThat(LocalFileSystems.usableWith("local", system)).isTrue();
    assertThat(LocalFileSystems.usableWith("local[2]", system)).isTrue();
    assertThat(LocalFileSystems.usableWith("local[*,4]", system)).isTrue();
    // Executors in other JVMs load the job's jar apart from Hadoop's classes.
    assertThat(LocalFileSystems.usableWith("spark://127.0.0.1:7077", system)).isFalse();
    assertThat(LocalFileSystems.usableWith("local-cluster[2,1,1024]", system)).isFalse();
    assertThat(LocalFileSystems.usableWith("yarn", system)).isFalse();
    assertThat(LocalFileSystems.usableWith(null, system)).isFalse();
    // A job jar that spark-submit adds at run time is not on the JVM's class path.
    assertThat(LocalFileSystems.usableWith("local[*]", ClassLoader.getPlatformClassLoader()))
        .isFalse();
  }

  /** The exit code, standard output and the stand-ins' calls (one line each) of a run. */
  private record Result(int code, String output, String commands) {}

  private static Result inJvmWithStandIns(java.nio.file.Path root, String which)
      throws IOException, InterruptedException {
    java.nio.file.Path bin = Files.createDirectories(root.resolveSibling(which + "-bin"));
    java.nio.file.Path calls = root.resolveSibling(which + "-calls.txt");
    Files.writeString(calls, "");
    for (String command : List.of("chmod", "ls", "readlink")) {
      java.nio.file.Path script = bin.resolve(command);
      Files.writeString(
          script, "#!/bin/sh\necho \"" + command + " $*\" >> '" + calls + "'\nexit 1\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    }
    ProcessBuilder builder =
        TestJvm.of(Operations.class, List.of("-Xmx256m"), List.of(which, root.toString()))
            .redirectError(root.resolveSibling(which + ".log").toFile());
    builder.environment().put("PATH", bin.toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Result(process.exitValue(), output, Files.readString(calls));
  }

  private static String mode(java.nio.file.Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  static Configuration conf() {
    Configuration conf = new Configuration();
    conf.set(LocalFileSystems.FILE_SYSTEM_KEY, LocalFileSystems.Checksummed.class.getName());
    conf.set(LocalFileSystems.CONTEXT_KEY, LocalFileSystems.Context.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    return conf;
  }

  /**
   * Run in another JVM: {@code ours|hadoop ROOT}. Makes a folder (0750) and a file in it (0640),
   * prints their statuses as a listing sees them, writes a file through a {@code FileContext} and
   * renames it, then renames onto it, which must fail.
   */
  public static final class Operations {
    private Operations() {}

    public static void main(String[] args) throws Exception {
      Configuration conf = args[0].equals("ours") ? conf() : new Configuration();
      conf.setBoolean("fs.file.impl.disable.cache", true);
      Path root = new Path(java.nio.file.Path.of(args[1]).toUri());
      FileSystem fs = FileSystem.newInstance(URI.create("file:///"), conf);
      Path folder = new Path(root, "a/b");
      Path file = new Path(folder, "f");
      fs.mkdirs(folder, new FsPermission((short) 0750));
      try (FSDataOutputStream out =
          fs.create(file, new FsPermission((short) 0640), true, 4096, (short) 1, 1 << 20, null)) {
        out.write('x');
      }
      List<String> lines = new ArrayList<>();
      lines.add(line("", fs.getFileStatus(folder), root));
      lines.add(line("", fs.getFileStatus(file), root));
      for (FileStatus s : fs.listStatus(folder)) {
        lines.add(line("listed ", s, root));
      }
      RemoteIterator<LocatedFileStatus> located = fs.listFiles(folder, false);
      while (located.hasNext()) {
        lines.add(line("located ", located.next(), root));
      }
      FileStatus single = fs.listStatus(file)[0];
      lines.add("single " + relative(single, root) + " " + single.getPermission());
      FileContext fc = FileContext.getFileContext(URI.create("file:///"), conf);
      Path temp = new Path(root, "c/.temp");
      Path committed = new Path(root, "c/committed");
      try (FSDataOutputStream out =
          fc.create(temp, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
        out.write('x');
      }
      fc.rename(temp, committed, Options.Rename.NONE);
      lines.add("renamed");
      try (FSDataOutputStream out =
          fc.create(temp, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
        out.write('y');
      }
      try {
        fc.rename(temp, committed, Options.Rename.NONE);
        lines.add("overwrote");
      } catch (FileAlreadyExistsException e) {
        lines.add("exists");
      }
      lines.forEach(System.out::println);
    }

    private static String line(String prefix, FileStatus s, Path root) {
      return prefix + relative(s, root) + " " + s.getPermission() + " " + s.getOwner();
    }

    private static String relative(FileStatus s, Path root) {
      return root.toUri().relativize(s.getPath().toUri()).getPath().replaceAll("/$", "");
    }
  }
}
