package io.credence.serve;

import io.credence.error.ServeErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token file, read again when it changes, so that a caller can be added or revoked without a
 * restart, the last one included. A change that does not parse is refused and the tokens read
 * before stay in force.
 */
final class TokenFile {
  private static final Logger LOG = LoggerFactory.getLogger(TokenFile.class);

  private final Path file;
  private final Function<Path, Tokens> reader;
  private final AtomicReference<Tokens> tokens;
  private FileTime read;

  TokenFile(Path file) {
    this(file, Tokens::readAllowingNone);
  }

  /** As above, the file read by {@code reader} (tests inject failures). */
  TokenFile(Path file, Function<Path, Tokens> reader) {
    this.file = file;
    this.reader = reader;
    try {
      this.read = modified(); // before reading: a change meanwhile is read at the next poll
    } catch (IOException e) {
      throw ServeErrors.tokenFileUnreadable(file, e);
    }
    this.tokens = new AtomicReference<>(Tokens.read(file)); // at start, no caller is refused
  }

  /** The tokens in force. */
  Tokens tokens() {
    return tokens.get();
  }

  /**
   * Reads the file again when it changed since the last read. A file without callers revokes every
   * caller, and so does a file that disappeared (the operator removed the last caller, or the file
   * is gone: either way no one should be let in on the old list). A change that is refused (a
   * malformed line, a token under two names, an unreadable file) is reported once and the previous
   * tokens stay; an Error while reading (an OutOfMemoryError) is logged and retried at the next
   * poll, since a periodic task that throws is cancelled for good without a word.
   */
  void reloadQuietly() {
    FileTime now;
    try {
      now = modified();
    } catch (IOException e) {
      now = read; // e.g. its folder cannot be read: unknown, so nothing changes
      LOG.error(
          "token file {} cannot be checked; the previous tokens stay: {}", file, e.toString());
    }
    if (Objects.equals(now, read)) {
      return;
    }
    if (now == null) {
      read = null; // reported once
      tokens.set(Tokens.none());
      LOG.error(
          "token file {} is gone; every caller is revoked and every request will now be refused"
              + " (401) until it is back",
          file);
      return;
    }
    try {
      Tokens fresh = reader.apply(file);
      tokens.set(fresh);
      read = now;
      if (fresh.size() == 0) {
        LOG.warn(
            "token file {} read again: it lists no caller, so every caller is revoked and every"
                + " request will now be refused (401)",
            file);
      } else {
        LOG.info("token file {} read again: {} callers", file, fresh.size());
      }
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

  /** The file's modification time, or null when it does not exist. */
  private FileTime modified() throws IOException {
    try {
      return Files.getLastModifiedTime(file);
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
