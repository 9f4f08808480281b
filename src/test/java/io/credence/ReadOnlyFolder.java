package io.credence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A folder made once and shared by several tests, which only read it or copy it: every file under
 * it is listed with its size when it is made, and each use checks the listing again, so that a test
 * that changed it fails, naming the file, instead of leaving the change to whichever test comes
 * next.
 */
public final class ReadOnlyFolder {
  private final Path path;
  private final String what;
  private final String copyWith;
  private final SortedMap<String, Long> files;

  private ReadOnlyFolder(Path path, String what, String copyWith) {
    this.path = path;
    this.what = what;
    this.copyWith = copyWith;
    this.files = listing(path);
  }

  /**
   * The folder at {@code path} as it is now; {@code what} names it and {@code copyWith} says how a
   * test that changes it gets a copy, in the failure of a later {@link #path()}.
   */
  public static ReadOnlyFolder of(Path path, String what, String copyWith) {
    return new ReadOnlyFolder(path, what, copyWith);
  }

  /** Its path, once checked unchanged since {@link #of}. */
  public Path path() {
    change(files, listing(path))
        .ifPresent(
            change -> {
              throw new IllegalStateException(
                  what
                      + " was changed by a test ("
                      + change
                      + "): a test that changes it must work on "
                      + copyWith);
            });
    return path;
  }

  /** A copy of the folder at {@code target}, checked unchanged first; returns {@code target}. */
  public String copyTo(Path target) {
    try {
      TestFiles.copyTree(path(), target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target.toString();
  }

  /** Every file under {@code dir} (relative path) with its size. */
  static SortedMap<String, Long> listing(Path dir) {
    SortedMap<String, Long> out = new TreeMap<>();
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(p).toString(), Files.size(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The first file added, resized or removed between two listings, if any. */
  static Optional<String> change(SortedMap<String, Long> before, SortedMap<String, Long> now) {
    for (var e : now.entrySet()) {
      Long size = before.get(e.getKey());
      if (size == null) {
        return Optional.of("added " + e.getKey());
      }
      if (!size.equals(e.getValue())) {
        return Optional.of("resized " + e.getKey());
      }
    }
    return before.keySet().stream()
        .filter(k -> !now.containsKey(k))
        .findFirst()
        .map(k -> "removed " + k);
  }
}
