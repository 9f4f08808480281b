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
    assertThat(fromStdin(" padded \n")).isEqualTo(" padded ");
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

  private static String fromStdin(String text) {
    PersonIdOption option = new PersonIdOption();
    option.person = "-";
    return option.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }
}
