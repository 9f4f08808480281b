package io.credence.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's headless Chromium for tests: isolated (fresh profile, no network services), bounded in
 * time, skipped with a message naming the package when it is not installed.
 */
public final class Chromium {
  private Chromium() {}

  static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final long TIMEOUT_SECONDS = 90;

  /** Skips the calling test when Chromium is absent. */
  public static void assumeInstalled() {
    Assumptions.assumeTrue(
        Files.isExecutable(BINARY),
        "headless Chromium not found at "
            + BINARY
            + ": install the Debian package chromium (apt-get install -y chromium)");
  }

  /** The DOM of {@code page} after its scripts ran, as Chromium's --dump-dom prints it. */
  public static String dumpDom(Path page, Path scratch) throws IOException, InterruptedException {
    Path out = scratch.resolve("dom.html");
    run(scratch, out, "--dump-dom", page.toUri().toString());
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  /** A PNG screenshot of {@code page} at the given window size. */
  public static void screenshot(Path page, Path png, int width, int height, Path scratch)
      throws IOException, InterruptedException {
    run(
        scratch,
        scratch.resolve("screenshot.log"),
        "--hide-scrollbars",
        "--window-size=" + width + "," + height,
        "--screenshot=" + png.toAbsolutePath(),
        page.toUri().toString());
  }

  private static void run(Path scratch, Path stdout, String... args)
      throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(scratch, "chromium-profile");
    List<String> command =
        new ArrayList<>(
            List.of(
                BINARY.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(scratch.resolve("chromium.err").toFile())
            .start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new AssertionError("chromium did not finish within " + TIMEOUT_SECONDS + " s");
    }
    if (process.exitValue() != 0) {
      throw new AssertionError(
          "chromium exited with "
              + process.exitValue()
              + ": "
              + Files.readString(scratch.resolve("chromium.err")));
    }
  }
}
