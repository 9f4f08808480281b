package io.credence.source;

import io.credence.error.WarehouseErrors;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Keeps the input root and the warehouse apart: a warehouse inside an input dataset's folder
 * publishes, and the next run meets the warehouse's files among the inputs. Paths are compared
 * normalized: local ones absolute, without {@code .} and {@code ..}, through symbolic links for the
 * part that exists; URIs by scheme (s3, s3a and s3n alike), authority (the bucket) and path.
 */
public final class InputLocation {
  private InputLocation() {}

  /**
   * Exit 2 when {@code warehouse} lies inside {@code inputRoot} (or is it), or {@code inputRoot}
   * inside {@code warehouse}.
   */
  public static void requireApart(String inputRoot, String warehouse) {
    Place input = Place.of(inputRoot);
    Place tables = Place.of(warehouse);
    if (tables.within(input)) {
      throw WarehouseErrors.warehouseInsideInputs(warehouse, inputRoot);
    }
    if (input.within(tables)) {
      throw WarehouseErrors.inputsInsideWarehouse(inputRoot, warehouse);
    }
  }

  /** Whether the path {@code inner} is {@code outer} or lies below it. */
  public static boolean within(String inner, String outer) {
    return Place.of(inner).within(Place.of(outer));
  }

  /** A path's file system (scheme and authority) and its folders from the top. */
  private record Place(String scheme, String authority, List<String> parts) {
    static Place of(String path) {
      // Hadoop's own parsing, as the reader and the writers see the path (spaces allowed).
      URI uri = new org.apache.hadoop.fs.Path(path).toUri();
      String scheme = uri.getScheme() == null ? "file" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (scheme.equals("file")) {
        java.nio.file.Path local =
            real(java.nio.file.Path.of(uri.getPath()).toAbsolutePath().normalize());
        return new Place(scheme, "", parts(local.toString()));
      }
      if (scheme.equals("s3") || scheme.equals("s3n")) {
        scheme = "s3a";
      }
      String folder = java.nio.file.Path.of("/", uri.getPath()).normalize().toString();
      return new Place(scheme, Objects.toString(uri.getAuthority(), ""), parts(folder));
    }

    boolean within(Place outer) {
      return scheme.equals(outer.scheme)
          && authority.equals(outer.authority)
          && parts.size() >= outer.parts.size()
          && parts.subList(0, outer.parts.size()).equals(outer.parts);
    }

    private static List<String> parts(String path) {
      return Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
    }

    /** {@code path} through the symbolic links of its longest part that exists. */
    private static java.nio.file.Path real(java.nio.file.Path path) {
      for (java.nio.file.Path p = path; p != null; p = p.getParent()) {
        if (Files.exists(p)) {
          try {
            return p.toRealPath().resolve(p.relativize(path));
          } catch (IOException e) {
            return path; // unreadable: compared as written
          }
        }
      }
      return path;
    }
  }
}
