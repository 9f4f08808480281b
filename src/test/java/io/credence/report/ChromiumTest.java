package io.credence.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class ChromiumTest {
  @TempDir Path dir;

  private Path executable(Path folder) throws Exception {
    Files.createDirectories(folder);
    Path file = folder.resolve("chromium");
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  @Test
  void findsChromiumAnywhereOnThePathLikeTheShell() throws Exception {
    Path notExecutable = Files.createDirectories(dir.resolve("a")).resolve("chromium");
    Files.writeString(notExecutable, "");
    Path found = executable(dir.resolve("b"));
    executable(dir.resolve("c"));
    String path =
        String.join(
            File.pathSeparator,
            dir.resolve("none").toString(),
            "",
            dir.resolve("a").toString(),
            dir.resolve("b").toString(),
            dir.resolve("c").toString());

    assertThat(Chromium.find(path)).contains(found);
    assertThat(Chromium.find(dir.resolve("a").toString())).isEmpty();
    assertThat(Chromium.find(null)).isEmpty();
  }

  @Test
  void missingChromiumFailsInCiAndSkipsElsewhere() throws Exception {
    assertThatThrownBy(() -> Chromium.requireOrSkip(Optional.empty(), true))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("apt-get install -y chromium")
        .hasMessageContaining("CI=true");
    assertThatThrownBy(() -> Chromium.requireOrSkip(Optional.empty(), false))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("apt-get install -y chromium");
    Path found = executable(dir);
    Chromium.requireOrSkip(Optional.of(found), true);
    Chromium.requireOrSkip(Optional.of(found), false);
  }
}
