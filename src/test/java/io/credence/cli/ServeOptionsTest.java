package io.credence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve's options checked before anything is opened or listened on. */
class ServeOptionsTest {
  @TempDir Path dir;

  @Test
  void plainHttpIsServedOnLoopbackOnly() throws Exception {
    assertThat(ServeCommand.loopback("127.0.0.1")).isTrue();
    assertThat(ServeCommand.loopback("127.0.0.2")).isTrue();
    assertThat(ServeCommand.loopback("::1")).isTrue();
    assertThat(ServeCommand.loopback("localhost")).isTrue();
    assertThat(ServeCommand.loopback("0.0.0.0")).isFalse();
    assertThat(ServeCommand.loopback("::")).isFalse();
    assertThat(ServeCommand.loopback("10.1.2.3")).isFalse(); // a literal: nothing is resolved
    for (String bind : new String[] {"0.0.0.0", "10.1.2.3", "::"}) {
      CliRun out = serve("--bind", bind);
      assertThat(out.code()).as(bind).isEqualTo(2);
      assertThat(out.stderr())
          .contains("credence: --bind " + bind + " without --keystore would serve plain HTTP")
          .contains("fix: serve HTTPS with --keystore");
      assertThat(out.stdout()).doesNotContain("listening");
    }
  }

  @Test
  void aPortOutsideOneToSixtyFiveThousandIsRefused() throws Exception {
    for (String port : new String[] {"-1", "65536", "70000"}) {
      CliRun out = serve("--port", port);
      assertThat(out.code()).as(port).isEqualTo(2);
      assertThat(out.stderr()).contains("credence: --port is " + port).contains("fix:");
    }
  }

  private CliRun serve(String option, String value) throws Exception {
    Path tokens = Files.writeString(dir.resolve("tokens"), "caller-a 0123456789abcdef0123\n");
    return CliRun.of(
        "serve",
        "--tokens",
        tokens.toString(),
        "--warehouse",
        dir.resolve("no-warehouse").toString(),
        option,
        value);
  }
}
