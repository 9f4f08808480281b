package io.credence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/** File helpers for tests that work on a copy of a warehouse or of inputs. */
public final class TestFiles {
  private TestFiles() {}

  /** Copies the tree under {@code from} to {@code to}. */
  public static void copyTree(Path from, Path to) throws IOException {
    copyTree(from, to, path -> true);
  }

  /** Copies the files and folders under {@code from} that {@code keep} accepts to {@code to}. */
  public static void copyTree(Path from, Path to, Predicate<Path> keep) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path path : paths.filter(keep).toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
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
