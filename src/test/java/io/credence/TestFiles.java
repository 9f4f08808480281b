package io.credence;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Predicate;

/** File helpers for tests that work on a copy of a warehouse or of inputs. */
public final class TestFiles {
  private TestFiles() {}

  /** Copies the tree under {@code from} to {@code to}. */
  public static void copyTree(Path from, Path to) throws IOException {
    copyTree(from, to, path -> true);
  }

  /**
   * Copies the files and folders under {@code from} that {@code keep} accepts to {@code to}; a
   * folder it rejects is not entered. A file or folder removed while the tree is walked is left
   * out: a service running on {@code from} (ScoreServerTest's, folding its journal every second)
   * writes and renames temporary files in lookup_audit's log, and the walk failed on one of them.
   */
  public static void copyTree(Path from, Path to, Predicate<Path> keep) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (!keep.test(dir)) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            Files.createDirectories(to.resolve(from.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (keep.test(file)) {
              try {
                Files.copy(file, to.resolve(from.relativize(file).toString()));
              } catch (NoSuchFileException e) {
                // removed since it was listed
              }
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
              throw e;
            }
            return FileVisitResult.CONTINUE; // or removed while it was read
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE; // removed since its folder was listed
            }
            throw e;
          }
        });
  }

  /** Deletes {@code root} and everything under it. */
  public static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
