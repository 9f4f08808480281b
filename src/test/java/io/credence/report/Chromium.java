package io.credence.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's headless Chromium for tests: found as {@code chromium} on the PATH, the way {@code
 * .ci/run} looks for it; isolated (fresh profile, no network services), bounded in time. Where it
 * is missing the test is skipped with a message naming the package, except in CI (environment
 * variable {@code CI=true}), where it fails: {@code .ci/run} installs the package, so a missing
 * browser there is a broken setup, not a reason to skip.
 */
public final class Chromium {
  private Chromium() {}

  static final String COMMAND = "chromium";
  private static final long TIMEOUT_SECONDS = 90;

  /** Skips the calling test when Chromium is absent, or fails it when running in CI. */
  public static void assumeInstalled() {
    requireOrSkip(find(System.getenv("PATH")), "true".equals(System.getenv("CI")));
  }

  /** The first executable {@value #COMMAND} in the directories of {@code path}, as a shell does. */
  static Optional<Path> find(String path) {
    if (path == null) {
      return Optional.empty();
    }
    return Arrays.stream(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, COMMAND))
        .filter(file -> Files.isRegularFile(file) && Files.isExecutable(file))
        .findFirst();
  }

  static void requireOrSkip(Optional<Path> binary, boolean inCi) {
    String missing =
        "headless Chromium not found: no executable '"
            + COMMAND
            + "' on the PATH; install the Debian package chromium (apt-get install -y chromium)";
    if (inCi && binary.isEmpty()) {
      Assertions.fail(missing + " (CI=true: .ci/run installs it, so the browser test must run)");
    }
    Assumptions.assumeTrue(binary.isPresent(), missing);
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
                find(System.getenv("PATH")).orElseThrow().toString(),
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
