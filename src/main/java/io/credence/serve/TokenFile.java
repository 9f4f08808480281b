package io.credence.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token file, read again when it changes, so that a caller can be added or revoked without a
 * restart. A change that does not parse is refused and the tokens read before stay in force.
 */
final class TokenFile {
  private static final Logger LOG = LoggerFactory.getLogger(TokenFile.class);

  private final Path file;
  private final AtomicReference<Tokens> tokens;
  private FileTime read;

  TokenFile(Path file) {
    this.file = file;
    this.read = modified();
    this.tokens = new AtomicReference<>(Tokens.read(file));
  }

  /** The tokens in force. */
  Tokens tokens() {
    return tokens.get();
  }

  /** Reads the file again when it changed since the last read. */
  void reloadQuietly() {
    FileTime now = modified();
    if (now == null || now.equals(read)) {
      return;
    }
    try {
      Tokens fresh = Tokens.read(file);
      tokens.set(fresh);
      read = now;
      LOG.info("token file {} read again: {} callers", file, fresh.size());
    } catch (RuntimeException e) {
      read = now; // reported once per change
      LOG.error(
          "token file {} changed but is refused; the previous tokens stay: {}",
          file,
          e.getMessage());
    }
  }

  private FileTime modified() {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return null;
    }
  }
}
