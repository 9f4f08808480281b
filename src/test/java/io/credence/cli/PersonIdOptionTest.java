package io.credence.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.error.CredenceException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** One id, read from standard input or a file, with its line ending and nothing else removed. */
class PersonIdOptionTest {
  @Test
  void readsOneLineFromStandardInputWithoutItsLineEnding() {
    assertThat(fromStdin("P0000000042\n")).isEqualTo("P0000000042");
    assertThat(fromStdin("P0000000042\r\n")).isEqualTo("P0000000042");
    assertThat(fromStdin("P0000000042")).isEqualTo("P0000000042");
    assertThat(fromStdin("P 42\n")).isEqualTo("P 42");
  }

  @Test
  void refusesABlankOrPaddedIdFromEverySource() {
    // A padded id finds nobody: erase reported "rows removed 0" and the person stayed published.
    // A blank one given as --person "" erased the inputs' rows without a person id.
    for (String id : new String[] {"", "  ", "P0000000042  ", " P0000000042", "P0000000042\t"}) {
      PersonIdOption option = new PersonIdOption();
      option.person = id;
      assertThatThrownBy(() -> option.read(new ByteArrayInputStream(new byte[0])))
          .as("--person '%s'", id)
          .isInstanceOf(CredenceException.class)
          .hasMessageContaining(
              id.isBlank() ? "--person holds no person id" : "from --person begins or ends with");
      assertThatThrownBy(() -> fromStdin(id + "\n"))
          .as("standard input '%s'", id)
          .isInstanceOf(CredenceException.class)
          .hasMessageContaining("standard input (--person -)")
          .hasMessageNotContaining("P0000000042");
    }
  }

  @Test
  void aByteOrderMarkIsNoPartOfTheIdAndInvisiblePaddingIsRefused() {
    // Notepad saves UTF-8 with a byte-order mark: erase then exited 0 and removed nothing.
    assertThat(fromStdin("\uFEFFP0000000042\r\n")).isEqualTo("P0000000042");
    // strip() keeps a no-break space and zero-width characters; they find nobody either.
    for (String id :
        new String[] {"P0000000042\u00A0", "\u200BP0000000042", "P0000000042\uFEFF", "P00\t42"}) {
      assertThatThrownBy(() -> fromStdin(id + "\n"))
          .as("standard input '%s'", id)
          .isInstanceOf(CredenceException.class)
          .hasMessageContaining("invisible character")
          .hasMessageNotContaining("P00");
    }
  }

  @Test
  void refusesNoIdOrMoreThanOneWithoutPrintingThem() {
    for (String input : new String[] {"", "\n", "  \n", "P1\nP2\n", "x".repeat(5000)}) {
      assertThatThrownBy(() -> fromStdin(input))
          .isInstanceOf(CredenceException.class)
          .hasMessageContaining("standard input (--person -)")
          .hasMessageNotContaining("P1");
    }
  }

  @Test
  void anIdGivenOnTheCommandLineIsTakenAsIs() {
    PersonIdOption option = new PersonIdOption();
    option.person = "P0000000042";
    assertThat(option.read(new ByteArrayInputStream(new byte[0]))).isEqualTo("P0000000042");
  }

  @Test
  void aLongInputIsCalledLongNotManyLines() {
    assertThatThrownBy(() -> fromStdin("P".repeat(5000)))
        .isInstanceOf(CredenceException.class)
        .hasMessageStartingWith("standard input (--person -) holds more than 4096 bytes");
  }

  @Test
  void anIdOnTheCommandLineIsOneLineToo() {
    PersonIdOption option = new PersonIdOption();
    option.person = "P0000000001\nP0000000002";
    assertThatThrownBy(() -> option.read(new ByteArrayInputStream(new byte[0])))
        .isInstanceOf(CredenceException.class)
        .hasMessageStartingWith("--person holds more than one line");
  }

  @Test
  void aRequesterIsTheOneGivenOrTheOsUserButNeverBlank() {
    assertThat(Requester.orOsUser("desk-7")).isEqualTo("desk-7");
    assertThat(Requester.orOsUser(null)).isEqualTo(System.getProperty("user.name"));
    assertThatThrownBy(() -> Requester.orOsUser(" "))
        .isInstanceOf(CredenceException.class)
        .hasMessageStartingWith("--requester is blank");
  }

  @Test
  void anAuditFieldIsOneLineOfAtMostFiveHundredCharacters() {
    // A line break in --requester or --purpose made one audit row print as several in `sql`.
    assertThatThrownBy(() -> Requester.orOsUser("desk-7\nfake row"))
        .isInstanceOf(CredenceException.class)
        .hasMessageStartingWith("--requester is longer than 500 characters or holds a line break");
    assertThatThrownBy(() -> Requester.required("x".repeat(501), "--purpose"))
        .isInstanceOf(CredenceException.class)
        .hasMessageStartingWith("--purpose is longer than 500");
    // Characters, not UTF-16 units: 500 emoji are 500 characters.
    String emoji = "\uD83D\uDE00".repeat(500);
    assertThat(Requester.required(emoji, "--purpose")).isEqualTo(emoji);
    assertThatThrownBy(() -> Requester.required(emoji + "\uD83D\uDE00", "--purpose"))
        .isInstanceOf(CredenceException.class)
        .hasMessageStartingWith("--purpose is longer than 500");
    assertThat(Requester.optional(null, "--reason")).isNull();
    assertThatThrownBy(() -> Requester.optional("ref\t42", "--reason"))
        .isInstanceOf(CredenceException.class);
  }

  private static String fromStdin(String text) {
    PersonIdOption option = new PersonIdOption();
    option.person = "-";
    return option.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }
}
