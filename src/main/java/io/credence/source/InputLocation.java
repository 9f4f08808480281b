package io.credence.source;

import io.credence.error.WarehouseErrors;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.client.HdfsClientConfigKeys;
import org.apache.hadoop.hdfs.protocol.HdfsConstants;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * Keeps the input root and the warehouse apart: a warehouse inside an input dataset's folder
 * publishes, and the next run meets the warehouse's files among the inputs. Paths are first
 * qualified as Hadoop qualifies them, without contacting any server: a path without a scheme is on
 * the default file system ({@code fs.defaultFS}; a relative one below its working folder), and
 * {@code hdfs:///x} on the default's name node when the default is on HDFS, and a name node without
 * a port on HDFS's (8020), so that {@code hdfs://nn/x} and {@code hdfs://nn:8020/x} are one folder.
 * Then they are compared normalized: local ones absolute, without {@code .} and {@code ..}, through
 * symbolic links for the part that exists; URIs by scheme (s3, s3a and s3n alike), authority (the
 * bucket, or the name node's host and port; the host in any case, as host names are
 * case-insensitive and bucket names lower-case only) and path (case-sensitive).
 */
public final class InputLocation {
  private InputLocation() {}

  /**
   * Exit 2 when {@code warehouse} lies inside {@code inputRoot} (or is it), or {@code inputRoot}
   * inside {@code warehouse}; {@code hadoop} names the default file system.
   */
  public static void requireApart(String inputRoot, String warehouse, Configuration hadoop) {
    URI defaultFs = FileSystem.getDefaultUri(hadoop);
    Place input = Place.of(inputRoot, defaultFs);
    Place tables = Place.of(warehouse, defaultFs);
    if (tables.within(input)) {
      throw WarehouseErrors.warehouseInsideInputs(warehouse, inputRoot);
    }
    if (input.within(tables)) {
      throw WarehouseErrors.inputsInsideWarehouse(inputRoot, warehouse);
    }
  }

  /**
   * Whether the path {@code inner} is {@code outer} or lies below it; {@code hadoop} names the
   * default file system.
   */
  public static boolean within(String inner, String outer, Configuration hadoop) {
    URI defaultFs = FileSystem.getDefaultUri(hadoop);
    return Place.of(inner, defaultFs).within(Place.of(outer, defaultFs));
  }

  /** A path's file system (scheme and authority) and its folders from the top. */
  private record Place(String scheme, String authority, List<String> parts) {
    static Place of(String path, URI defaultFs) {
      URI uri = qualified(path, defaultFs);
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      if (scheme.equals("file")) {
        java.nio.file.Path local =
            real(java.nio.file.Path.of(uri.getPath()).toAbsolutePath().normalize());
        return new Place(scheme, "", parts(local.toString()));
      }
      if (scheme.equals("s3") || scheme.equals("s3n")) {
        scheme = "s3a";
      }
      String folder = java.nio.file.Path.of("/", uri.getPath()).normalize().toString();
      return new Place(
          scheme,
          hostInLowerCase(Objects.toString(withPort(uri).getAuthority(), "")),
          parts(folder));
    }

    /**
     * {@code authority} with its host (and port) in lower case, its user, if any, as written:
     * {@code s3a://Bucket/x} is the bucket of {@code s3a://bucket/x}, and {@code
     * hdfs://NameNode:8020} the name node of {@code hdfs://namenode:8020} (RFC 3986, 3.2.2),
     * without asking DNS.
     */
    private static String hostInLowerCase(String authority) {
      int user = authority.lastIndexOf('@') + 1;
      return authority.substring(0, user) + authority.substring(user).toLowerCase(Locale.ROOT);
    }

    /**
     * {@code uri} with HDFS's port when it names a name node without one, as Hadoop's client
     * connects (DistributedFileSystem's default port, which is not configurable). Only the port:
     * Hadoop's NetUtils.getCanonicalUri would also resolve the host name, which asks DNS.
     */
    private static URI withPort(URI uri) {
      if (!HdfsConstants.HDFS_URI_SCHEME.equalsIgnoreCase(uri.getScheme())
          || uri.getHost() == null
          || uri.getPort() != -1) {
        return uri;
      }
      try {
        return new URI(
            uri.getScheme(),
            uri.getUserInfo(),
            uri.getHost(),
            HdfsClientConfigKeys.DFS_NAMENODE_RPC_PORT_DEFAULT,
            uri.getPath(),
            null,
            null);
      } catch (URISyntaxException e) {
        return uri; // compared as written
      }
    }

    /**
     * {@code path} as the reader and the writers see it: Hadoop's own parsing (spaces allowed),
     * qualified against {@code defaultFs} when it has no scheme or the default's scheme. A path on
     * another file system keeps its own authority (Path.makeQualified would give {@code file:///x}
     * the default's name node).
     */
    private static URI qualified(String path, URI defaultFs) {
      org.apache.hadoop.fs.Path hadoopPath = new org.apache.hadoop.fs.Path(path);
      String scheme = hadoopPath.toUri().getScheme();
      if (scheme != null && !scheme.equalsIgnoreCase(defaultFs.getScheme())) {
        return hadoopPath.toUri();
      }
      // The working folder is asked for only when needed: on HDFS it takes the user's login.
      org.apache.hadoop.fs.Path absolute =
          hadoopPath.isAbsolute()
              ? hadoopPath
              : new org.apache.hadoop.fs.Path(workingFolder(defaultFs), hadoopPath);
      return absolute.makeQualified(defaultFs, absolute).toUri();
    }

    /**
     * Where a relative path lies, as Hadoop's file systems say without being asked: the current
     * folder on the local one, the user's home folder ({@code /user/NAME}) on the others.
     */
    private static org.apache.hadoop.fs.Path workingFolder(URI defaultFs) {
      if ("file".equalsIgnoreCase(defaultFs.getScheme())) {
        return new org.apache.hadoop.fs.Path(java.nio.file.Path.of("").toAbsolutePath().toUri());
      }
      String user;
      try {
        user = UserGroupInformation.getCurrentUser().getShortUserName();
      } catch (IOException e) {
        user = System.getProperty("user.name"); // as FileSystem.getHomeDirectory falls back
      }
      return new org.apache.hadoop.fs.Path("/user/" + user);
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
