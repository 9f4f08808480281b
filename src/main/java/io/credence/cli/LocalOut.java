package io.credence.cli;

import io.credence.error.CredenceException;
import io.credence.error.StoreErrors;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * The {@code --out} folder of generate and train, which they check and write on this machine's
 * disk: a path or a {@code file:} URI, read as Spark reads a path. Another file system exits 2, and
 * so does a path without a scheme when the default file system ({@code fs.defaultFS}) is not the
 * local one: there Spark, which reads {@code --input} and {@code --warehouse} on the default file
 * system, would have written it while the command checked and wrote the local folder.
 */
final class LocalOut {
  private LocalOut() {}

  /**
   * The local folder {@code out} names; {@code hadoop} gives the default file system and {@code
   * notLocal} the command's refusal of another file system.
   */
  static Path of(String out, Configuration hadoop, Function<String, CredenceException> notLocal) {
    URI uri;
    try {
      uri = new org.apache.hadoop.fs.Path(out).toUri();
    } catch (IllegalArgumentException e) {
      uri = null; // no URI at all (empty, a:b/c): a local name, as before
    }
    if (uri != null && uri.getScheme() != null) {
      if (!uri.getScheme().equalsIgnoreCase("file")) {
        throw notLocal.apply(out);
      }
      return Path.of(uri.getPath());
    }
    URI defaultFs = FileSystem.getDefaultUri(hadoop);
    if (!"file".equalsIgnoreCase(defaultFs.getScheme())) {
      throw StoreErrors.outOnDefaultFileSystem(
          out, defaultFs.toString(), Path.of(out).toAbsolutePath().toString());
    }
    return Path.of(out);
  }
}
