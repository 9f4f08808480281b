package io.credence.publish;

import io.credence.error.WarehouseErrors;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The erasures table's high-water mark: the file {@value #FILE} at the warehouse root, beside the
 * lock, holding the newest erasures version that {@code erase} committed. It lives outside the
 * table, so an erasures table removed or put back from an older copy is noticed: every command that
 * reads erasures (Spark's and Delta Kernel's alike) refuses a table that is gone or older than the
 * mark ({@link WarehouseErrors#erasuresWentBack}, exit 2), since the requests recorded since may be
 * lost. Erase writes it under the warehouse lock and only after its commit, so the mark may lag the
 * table, never lead it. No mark (a warehouse from before it, or an erase killed in its first
 * commit) checks nothing. Hadoop only, no Spark: lookup and serve run without Spark's jars.
 */
public final class ErasuresMark {
  /** The mark's file name at the warehouse root. */
  public static final String FILE = "_credence.erasures";

  private ErasuresMark() {}

  /**
   * Records {@code version}, erasures' version just committed by the holder of {@code lock}.
   * Written after the commit: a crash in between leaves the mark behind the table, which is safe.
   */
  public static void advance(WarehouseLock lock, long version) {
    try {
      lock.replaceFile(FILE, (version + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the erasures mark " + FILE, e);
    }
  }

  /**
   * Reads the mark, then {@code latest} (a read of erasures' newest version, {@code versionOf} its
   * version, -1 when there is no table), and returns what {@code latest} read; exit 2 when the mark
   * is above it. The mark is read first: an erasure that commits in between only raises the table.
   */
  public static <T> T require(
      Configuration conf,
      String warehouse,
      String erasures,
      Supplier<T> latest,
      ToLongFunction<T> versionOf) {
    OptionalLong mark = read(conf, warehouse);
    T read = latest.get();
    long version = versionOf.applyAsLong(read);
    if (mark.isPresent() && version < mark.getAsLong()) {
      throw WarehouseErrors.erasuresWentBack(erasures, where(warehouse), mark.getAsLong(), version);
    }
    return read;
  }

  /** Where the mark of {@code warehouse} lives, for messages. */
  public static String where(String warehouse) {
    return new Path(warehouse, FILE).toString();
  }

  /**
   * The version the mark holds, or empty when there is none; an empty file (a write cut short on a
   * store where a replacing write is not atomic) counts as none, since the mark may lag.
   */
  static OptionalLong read(Configuration conf, String warehouse) {
    Path file = new Path(warehouse, FILE);
    String text;
    try (InputStream in = file.getFileSystem(conf).open(file)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (FileNotFoundException e) {
      return OptionalLong.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the erasures mark " + file, e);
    }
    if (text.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      throw WarehouseErrors.erasuresMarkCorrupt(file.toString());
    }
  }
}
