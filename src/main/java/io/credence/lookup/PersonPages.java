package io.credence.lookup;

import static io.credence.schema.Columns.PERSON_ID;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;

/**
 * Reads one person's rows from a Parquet data file of a score table, decoding only the pages whose
 * person_id range can hold them. Parquet writers record each page's min/max per column (the column
 * index) and where each page starts (the offset index); with a filter on person_id the reader skips
 * every page of every column outside the matching row ranges. Delta Kernel's own Parquet reader
 * prunes whole row groups only, and a 1M-person scores_current is a single row group, so this is
 * what keeps a cold lookup from decoding the whole file.
 *
 * <p>Only for files the Delta log says are read as stored: no deletion vector and no column
 * mapping; {@link PersonRows} decides. {@link PersonMaterializer} builds objects for the wanted
 * person's rows only.
 */
final class PersonPages {
  private PersonPages() {}

  /**
   * The rows of {@code path} whose person_id is {@code storedId}; {@code partitionDate} is the
   * snapshot_date of a file of a table partitioned by it (null for scores_current, which stores the
   * column).
   */
  static List<ScoreRecord> read(
      Configuration conf, String path, String storedId, LocalDate partitionDate) {
    return read(conf, path, storedId, partitionDate, PersonMaterializer.Columns.ALL);
  }

  /**
   * Whether {@code path} holds {@code storedId}, decoding only the person_id column of the pages
   * that may hold it.
   */
  static boolean holds(Configuration conf, String path, String storedId) {
    return !read(conf, path, storedId, null, PersonMaterializer.Columns.PERSON_ID_ONLY).isEmpty();
  }

  private static List<ScoreRecord> read(
      Configuration conf,
      String path,
      String storedId,
      LocalDate partitionDate,
      PersonMaterializer.Columns columns) {
    FilterCompat.Filter filter =
        FilterCompat.get(
            FilterApi.eq(FilterApi.binaryColumn(PERSON_ID), Binary.fromString(storedId)));
    ReadSupport<ScoreRecord> support =
        PersonMaterializer.readSupport(storedId, partitionDate, columns);
    List<ScoreRecord> rows = new ArrayList<>();
    try (ParquetReader<ScoreRecord> reader =
        new ParquetReader.Builder<ScoreRecord>(HadoopInputFile.fromPath(new Path(path), conf)) {
          @Override
          protected ReadSupport<ScoreRecord> getReadSupport() {
            return support;
          }
        }.withConf(conf)
            .withFilter(filter)
            .useStatsFilter(true)
            .useDictionaryFilter(true)
            .useColumnIndexFilter(true)
            // Record filtering is the materializer's: it builds only the wanted person's rows.
            .useRecordFilter(false)
            .build()) {
      for (ScoreRecord r = reader.read(); r != null; r = reader.read()) {
        rows.add(r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the score file " + path, e);
    }
    return rows;
  }
}
