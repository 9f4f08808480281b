package io.credence.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token file, read again when it changes, so that a caller can be added or revoked without a
 * restart. A change that does not parse is refused and the tokens read before stay in force.
 */
final class TokenFile {
  private static final Logger LOG = LoggerFactory.getLogger(TokenFile.class);

  private final Path file;
  private final Function<Path, Tokens> reader;
  private final AtomicReference<Tokens> tokens;
  private FileTime read;

  TokenFile(Path file) {
    this(file, Tokens::read);
  }

  /** As above, the file read by {@code reader} (tests inject failures). */
  TokenFile(Path file, Function<Path, Tokens> reader) {
    this.file = file;
    this.reader = reader;
    this.read = modified();
    this.tokens = new AtomicReference<>(reader.apply(file));
  }

  /** The tokens in force. */
  Tokens tokens() {
    return tokens.get();
  }

  /**
   * Reads the file again when it changed since the last read. A change that is refused is reported
   * once; an Error while reading (an OutOfMemoryError) is logged and retried at the next poll,
   * since a periodic task that throws is cancelled for good without a word.
   */
  void reloadQuietly() {
    FileTime now = modified();
    if (now == null || now.equals(read)) {
      return;
    }
    try {
      Tokens fresh = reader.apply(file);
      tokens.set(fresh);
      read = now;
      LOG.info("token file {} read again: {} callers", file, fresh.size());
    } catch (RuntimeException e) {
      read = now; // reported once per change
      LOG.error(
          "token file {} changed but is refused; the previous tokens stay: {}",
          file,
          e.getMessage());
    } catch (Throwable e) {
      LOG.error(
          "token file {} changed but cannot be read; the previous tokens stay, retried at the"
              + " next poll: {}",
          file,
          e.toString());
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
