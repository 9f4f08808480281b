package io.credence.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.CliRun;
import io.credence.error.CredenceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HomePathTest {
  private static final String HOME = System.getProperty("user.home");

  @Test
  void expandsALeadingTildeToTheUsersHomeOnly() {
    assertThat(HomePath.expand("~")).isEqualTo(HOME);
    assertThat(HomePath.expand("~/wh")).isEqualTo(HOME + "/wh");
    assertThat(HomePath.expand("/data/~/wh")).isEqualTo("/data/~/wh");
    assertThat(HomePath.expand("wh~")).isEqualTo("wh~");
    assertThat(HomePath.expand("s3a://bucket/wh")).isEqualTo("s3a://bucket/wh");
  }

  @Test
  void pathOptionsGivenWithEqualsOrQuotesAreExpanded() {
    // The shell expands neither --warehouse=~/wh nor "~/wh": a folder named ~ was created.
    CommandLine.ParseResult score =
        Main.commandLine(false)
            .parseArgs("score", "--warehouse=~/wh", "--input=~/in", "--config=~/job.yaml");
    assertThat(score.subcommand().matchedOptionValue("--warehouse", "")).isEqualTo(HOME + "/wh");
    assertThat(score.subcommand().matchedOptionValue("--input", "")).isEqualTo(HOME + "/in");
    assertThat(score.subcommand().<Path>matchedOptionValue("--config", null))
        .isEqualTo(Path.of(HOME, "job.yaml"));
    CommandLine.ParseResult train =
        Main.commandLine(false).parseArgs("train", "--table=~/t", "--input", "~", "--out=~/m");
    assertThat(train.subcommand().matchedOptionValue("--table", "")).isEqualTo(HOME + "/t");
    assertThat(train.subcommand().matchedOptionValue("--input", "")).isEqualTo(HOME);
    assertThat(train.subcommand().matchedOptionValue("--out", "")).isEqualTo(HOME + "/m");
    CommandLine.ParseResult serve =
        Main.commandLine(true).parseArgs("serve", "--tokens=~/tokens", "--journal=~/journal");
    assertThat(serve.subcommand().<Path>matchedOptionValue("--journal", null))
        .isEqualTo(Path.of(HOME, "journal"));
  }

  @Test
  void everyStringPathOptionExpandsTheTilde() {
    List<CommandLine> commands = new ArrayList<>();
    commands.addAll(Main.commandLine(false).getSubcommands().values());
    commands.addAll(Main.commandLine(true).getSubcommands().values());
    Set<String> pathLabels = Set.of("DIR", "PATH", "FILE", "YAML");
    int checked = 0;
    for (CommandLine command : commands) {
      for (CommandLine.Model.OptionSpec option : command.getCommandSpec().options()) {
        if (option.type() == String.class && pathLabels.contains(option.paramLabel())) {
          assertThat(
                  Arrays.stream(option.converters()).anyMatch(HomePath.AsString.class::isInstance))
              .as(command.getCommandName() + " " + option.longestName())
              .isTrue();
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(6);
  }

  @Test
  void anotherUsersHomeIsRefusedWithExitTwo() {
    assertThatThrownBy(() -> HomePath.expand("~bob/wh")).isInstanceOf(CredenceException.class);
    CliRun out = CliRun.of("score", "--warehouse=~bob/wh", "--date", "2026-10-31");
    assertThat(out.code()).isEqualTo(2);
    assertThat(out.stderr())
        .contains("~bob/wh starts with another user's home")
        .contains("why:")
        .contains("fix:")
        .doesNotContain("Usage:");
    assertThat(Files.exists(Path.of("~bob"))).isFalse();
  }
}
