package io.credence.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.error.CredenceException;
import io.credence.error.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The erasures mark's rule, on its own: absent checks nothing, a table behind it is refused. */
class ErasuresMarkTest {
  private static final Configuration CONF = new Configuration();

  @TempDir Path dir;

  private long require(long version) {
    return ErasuresMark.require(
        CONF, dir.toString(), dir.resolve("erasures").toString(), () -> version, Long::longValue);
  }

  @Test
  void withoutAMarkAnyTableOrNoneIsAccepted() throws Exception {
    assertThat(require(-1)).isEqualTo(-1);
    assertThat(require(0)).isZero();
    Files.writeString(dir.resolve(ErasuresMark.FILE), ""); // a replacing write cut short
    assertThat(require(-1)).isEqualTo(-1);
  }

  @Test
  void aTableBehindTheMarkOrGoneIsRefused() throws Exception {
    Files.writeString(dir.resolve(ErasuresMark.FILE), "5\n");
    assertThat(require(5)).isEqualTo(5);
    assertThat(require(9)).isEqualTo(9); // the mark may lag the table
    assertThatThrownBy(() -> require(4))
        .isInstanceOfSatisfying(
            CredenceException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageContaining("erasures) went back from version 5 to 4")
        .hasMessageContaining("version 5 or later")
        .hasMessageContaining(ErasuresMark.FILE);
    assertThatThrownBy(() -> require(-1)).hasMessageContaining("erasures) is gone");
  }

  @Test
  void theMarkIsReadBeforeTheTable() throws Exception {
    Path mark = dir.resolve(ErasuresMark.FILE);
    Files.writeString(mark, "1\n");
    // An erasure that commits version 2 and raises the mark while the table is read: the table
    // read before its commit is not taken for one that went back.
    long read =
        ErasuresMark.require(
            CONF,
            dir.toString(),
            "erasures",
            () -> {
              try {
                Files.writeString(mark, "2\n");
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
              return 1L;
            },
            Long::longValue);
    assertThat(read).isEqualTo(1);
  }

  @Test
  void aMarkThatHoldsNoNumberIsRefused() throws Exception {
    Files.writeString(dir.resolve(ErasuresMark.FILE), "twelve\n");
    assertThatThrownBy(() -> require(12))
        .hasMessageContaining("does not hold a version number")
        .hasMessageContaining(ErasuresMark.FILE);
  }
}
