package io.credence.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.error.CredenceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token file read again while the service runs. */
class TokenFileTest {
  private static final String TOKEN = "5d".repeat(32);
  private static final String OTHER = "6e".repeat(32);

  @TempDir Path dir;

  @Test
  void anErrorWhileReadingKeepsTheTokensAndIsRetriedAtTheNextPoll() throws Exception {
    Path file = write(dir.resolve("tokens"), "desk sha256:" + hash(TOKEN) + "\n", 1);
    AtomicInteger failures = new AtomicInteger();
    AtomicInteger failuresLeft = new AtomicInteger();
    TokenFile tokens =
        new TokenFile(
            file,
            path -> {
              if (failuresLeft.getAndDecrement() > 0) {
                failures.incrementAndGet();
                throw new OutOfMemoryError("Java heap space");
              }
              return Tokens.read(path);
            });
    failuresLeft.set(Integer.MAX_VALUE);
    write(file, "other sha256:" + hash(OTHER) + "\n", 2);
    try (LogLines log = new LogLines(TokenFile.class)) {
      PeriodicTasks.runUntil(tokens::reloadQuietly, () -> failures.get() >= 3);
      assertThat(tokens.tokens().caller("Bearer " + TOKEN)).contains("desk");
      assertThat(log.lines())
          .first()
          .asString()
          .startsWith("ERROR token file ")
          .contains("the previous tokens stay")
          .contains("OutOfMemoryError");
    }
    failuresLeft.set(0);
    PeriodicTasks.runUntil(
        tokens::reloadQuietly, () -> tokens.tokens().caller("Bearer " + OTHER).isPresent());
    assertThat(tokens.tokens().caller("Bearer " + TOKEN)).isEmpty();
  }

  @Test
  void aReloadedFileWithoutCallersRevokesEveryCaller() throws Exception {
    Path file = write(dir.resolve("tokens"), "desk sha256:" + hash(TOKEN) + "\n", 1);
    TokenFile tokens = new TokenFile(file);
    write(file, "# every caller revoked\n", 2);
    try (LogLines log = new LogLines(TokenFile.class)) {
      tokens.reloadQuietly();
      assertThat(tokens.tokens().caller("Bearer " + TOKEN)).isEmpty();
      assertThat(log.lines())
          .singleElement()
          .asString()
          .startsWith("WARN token file ")
          .contains("every request will now be refused (401)");
    }
  }

  @Test
  void aTokenFileThatDisappearedRevokesEveryCallerWithAnError() throws Exception {
    Path file = write(dir.resolve("tokens"), "desk sha256:" + hash(TOKEN) + "\n", 1);
    TokenFile tokens = new TokenFile(file);
    Files.delete(file);
    try (LogLines log = new LogLines(TokenFile.class)) {
      tokens.reloadQuietly();
      tokens.reloadQuietly();
      assertThat(tokens.tokens().caller("Bearer " + TOKEN)).isEmpty();
      assertThat(log.lines())
          .as("logged once")
          .singleElement()
          .asString()
          .startsWith("ERROR token file ")
          .contains("is gone; every caller is revoked");
    }
    write(file, "desk sha256:" + hash(TOKEN) + "\n", 3);
    tokens.reloadQuietly();
    assertThat(tokens.tokens().caller("Bearer " + TOKEN)).contains("desk");
  }

  @Test
  void aReloadedFileWithATokenUnderTwoNamesIsRefusedAndTheTokensStay() throws Exception {
    Path file = write(dir.resolve("tokens"), "desk sha256:" + hash(TOKEN) + "\n", 1);
    TokenFile tokens = new TokenFile(file);
    write(
        file,
        "desk sha256:"
            + hash(TOKEN)
            + "\nother sha256:"
            + hash(OTHER)
            + "\nthird sha256:"
            + hash(OTHER)
            + "\n",
        2);
    try (LogLines log = new LogLines(TokenFile.class)) {
      tokens.reloadQuietly();
      assertThat(log.lines())
          .singleElement()
          .asString()
          .startsWith("ERROR token file ")
          .contains("is refused; the previous tokens stay")
          .contains("lines 2 and 3");
    }
    assertThat(tokens.tokens().caller("Bearer " + TOKEN)).contains("desk");
    assertThat(tokens.tokens().caller("Bearer " + OTHER)).isEmpty();
  }

  @Test
  void atStartAFileWithoutCallersOrNoFileIsRefused() throws Exception {
    Path file = write(dir.resolve("tokens"), "# none yet\n", 1);
    assertThatThrownBy(() -> new TokenFile(file))
        .isInstanceOf(CredenceException.class)
        .hasMessageContaining("holds no token");
    assertThatThrownBy(() -> new TokenFile(dir.resolve("missing")))
        .isInstanceOf(CredenceException.class)
        .hasMessageContaining("cannot read the token file");
  }

  /** Writes {@code text} to {@code file} with a modification time {@code second}s after 2026. */
  static Path write(Path file, String text, int second) throws Exception {
    Files.writeString(file, text);
    Files.setLastModifiedTime(
        file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second)));
    return file;
  }

  static String hash(String token) {
    return java.util.HexFormat.of().formatHex(Tokens.sha256(token));
  }
}
