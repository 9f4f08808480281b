package io.credence.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.error.CredenceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTest {
  private static final String TOKEN =
      "3f1c9a0b7e2d4c6a8b0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e";

  @TempDir Path dir;

  @Test
  void namesTheCallerOfAKnownTokenOnly() throws Exception {
    Tokens tokens = Tokens.read(file("# callers\n\nrental-desk sha256:" + hash(TOKEN) + "\n"));
    assertThat(tokens.size()).isEqualTo(1);
    assertThat(tokens.caller("Bearer " + TOKEN)).contains("rental-desk");
    assertThat(tokens.caller("bearer " + TOKEN)).contains("rental-desk");
    assertThat(tokens.caller("Bearer " + TOKEN.replace('3', '4'))).isEmpty();
    assertThat(tokens.caller("Basic " + TOKEN)).isEmpty();
    assertThat(tokens.caller(TOKEN)).isEmpty();
    assertThat(tokens.caller(null)).isEmpty();
    assertThat(tokens.toString()).doesNotContain(hash(TOKEN));
  }

  @Test
  void refusesShortTokensEvenWhenListed() throws Exception {
    Tokens tokens = Tokens.read(file("weak sha256:" + hash("short") + "\n"));
    assertThat(tokens.caller("Bearer short")).isEmpty();
  }

  @Test
  void refusesAMalformedLineOrAnEmptyFileNamingTheLine() throws Exception {
    assertThatThrownBy(() -> Tokens.read(file("ok sha256:" + hash(TOKEN) + "\nbad " + TOKEN)))
        .isInstanceOf(CredenceException.class)
        .hasMessageContaining("line 2")
        .hasMessageNotContaining(TOKEN);
    assertThatThrownBy(() -> Tokens.read(file("# nothing\n")))
        .isInstanceOf(CredenceException.class)
        .hasMessageContaining("holds no token");
    assertThatThrownBy(() -> Tokens.read(dir.resolve("missing")))
        .isInstanceOf(CredenceException.class)
        .hasMessageContaining("cannot read the token file");
  }

  /** A file saved with a byte-order mark (Windows Notepad) reads as without it. */
  @Test
  void aByteOrderMarkAtTheStartIsNoPartOfTheFirstLine() throws Exception {
    Tokens tokens = Tokens.read(file("\uFEFFrental-desk sha256:" + hash(TOKEN) + "\r\n"));
    assertThat(tokens.caller("Bearer " + TOKEN)).contains("rental-desk");
    assertThat(Tokens.read(file("\uFEFF# callers\nrental-desk sha256:" + hash(TOKEN))).size())
        .isEqualTo(1);
  }

  @Test
  void refusesATokenListedUnderTwoNames() throws Exception {
    String twice = "desk sha256:" + hash(TOKEN) + "\n# note\nbranch sha256:" + hash(TOKEN) + "\n";
    assertThatThrownBy(() -> Tokens.read(file(twice)))
        .isInstanceOf(CredenceException.class)
        .hasMessageContaining("lines 1 and 3")
        .hasMessageContaining("the same token under two names")
        .hasMessageContaining("fix:")
        .hasMessageNotContaining(hash(TOKEN));
    String sameName = "desk sha256:" + hash(TOKEN) + "\ndesk sha256:" + hash(TOKEN) + "\n";
    assertThat(Tokens.read(file(sameName)).caller("Bearer " + TOKEN)).contains("desk");
  }

  private Path file(String text) throws Exception {
    Path f = Files.createTempFile(dir, "tokens", "");
    Files.writeString(f, text);
    return f;
  }

  private static String hash(String token) {
    return HexFormat.of().formatHex(Tokens.sha256(token));
  }
}
