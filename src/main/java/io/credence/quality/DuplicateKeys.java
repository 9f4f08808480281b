package io.credence.quality;

import static io.credence.schema.Columns.PERSON_ID;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.credence.schema.InputDataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * The duplicate-id rule without moving whole rows. A narrow pass hashes every row's (person_id, id)
 * to one 64-bit key and finds the keys that occur more than once ({@link #nominate}); the hashes
 * only nominate, so the rows of nominated keys (few) are then judged by the exact rule with their
 * real values ({@link #resolve}): within a (person_id, id) group of rows that break no other rule,
 * the first row in the order of all its values is kept and the others are duplicate_id. A hash
 * collision only nominates a group that is not a duplicate, which the exact rule then keeps.
 *
 * <p>The pass does not pay Spark's per-row shuffle cost: each map task sorts its hashes into one
 * long array per target partition, so a few hundred arrays cross the shuffle instead of one record
 * per row, and each reduce task sorts its hashes and reports those that repeat.
 */
public final class DuplicateKeys {
  /** The column holding a row's 64-bit (person_id, id) hash, as read (before pseudonyms). */
  public static final String KEY_HASH = "_key_hash";

  /** Kind of a {@link #nominate} row: a nominated (person_id, id) hash. */
  public static final byte CANDIDATE = 0;

  /** Kind of a {@link #nominate} row: the number of rows one reduce task saw. */
  public static final byte ROWS = 1;

  /**
   * Kind of a {@link #nominate} row: a person_id hash found in the rows but not among the known
   * persons' hashes, so surely not a known person (only when known hashes were given).
   */
  public static final byte SUSPECT = 2;

  /** Columns of {@link #nominate}'s rows: kind, and the hash or the row count. */
  public static final StructType NOMINATED =
      new StructType()
          .add("kind", DataTypes.ByteType, false)
          .add("value", DataTypes.LongType, false);

  /** Copies of a distinct candidate row kept, in {@link #resolve}'s output. */
  public static final String KEPT_COPIES = "_kept_copies";

  /** Copies of a distinct candidate row that are duplicates, in {@link #resolve}'s output. */
  public static final String DUPLICATE_COPIES = "_duplicate_copies";

  /** Longest array a map task sends at once (8 MB), so its memory stays bounded. */
  private static final int MAX_BATCH = 1 << 20;

  /** What a hash array holds: (person_id, id) keys, a source's person ids, known persons' ids. */
  private static final int KEYS = 0;

  private static final int PERSONS = 1;
  private static final int KNOWN = 2;
  private static final int STREAMS = 3;

  private DuplicateKeys() {}

  /**
   * Test hook: the number of low bits of the 64-bit hashes to keep (0 to 64). Fewer bits make
   * distinct keys collide, so tests can nominate every key and make every person id look known (0
   * bits), and show that the exact checks alone decide. Unset, as in every real run, the whole hash
   * is kept.
   */
  public static final String HASH_BITS = "credence.test.key-hash-bits";

  /** The (person_id, id) hash of a row of {@code dataset}, on the ids as read. */
  public static Column keyHash(InputDataset dataset) {
    return keyHash(col(PERSON_ID), col(dataset.idColumn()));
  }

  /** The hash of a (person_id, record id) pair as {@link #keyHash(InputDataset)} computes it. */
  public static Column keyHash(Column personId, Column id) {
    return narrowed(xxhash64(personId, id));
  }

  /** The hash of a row's person_id as read. */
  public static Column personHash() {
    return narrowed(xxhash64(col(PERSON_ID)));
  }

  private static Column narrowed(Column hash) {
    int bits = Integer.parseInt(System.getProperty(HASH_BITS, "64"));
    return bits >= 64 ? hash : hash.bitwiseAND(lit((1L << bits) - 1));
  }

  /**
   * The hashes that occur more than once among all rows of {@code rows} (kind {@link #CANDIDATE},
   * each once), and the number of rows read (kind {@link #ROWS}, one row per reduce task; their sum
   * is the row count). Reads only person_id and the id column.
   *
   * <p>With {@code knownPersons} (column {@link #PERSON_HASH}: the known persons' {@link
   * #personHash}), also the person_id hashes of the rows that no known person has (kind {@link
   * #SUSPECT}): a hash-partitioned anti-join of narrow keys in the same pass, for populations too
   * large to broadcast. A hash found here is surely not a known person; a person id whose hash
   * collides with a known person's is not found, and must be caught later by an exact check.
   *
   * @param rows rows of {@code dataset} with person_id as read
   * @param partitions reduce tasks; each sorts about rows / partitions hashes
   */
  public static Dataset<Row> nominate(
      SparkSession spark,
      Dataset<Row> rows,
      InputDataset dataset,
      int partitions,
      Optional<Dataset<Row>> knownPersons) {
    boolean persons = knownPersons.isPresent();
    Dataset<Row> narrow =
        persons ? rows.select(keyHash(dataset), personHash()) : hashes(rows, dataset);
    JavaPairRDD<Integer, long[]> batches =
        narrow
            .queryExecution()
            .toRdd()
            .toJavaRDD()
            .mapPartitionsToPair(it -> batches(it, partitions, persons ? PERSONS : KEYS));
    if (persons) {
      batches =
          batches.union(
              knownPersons
                  .get()
                  .select(col(PERSON_HASH))
                  .queryExecution()
                  .toRdd()
                  .toJavaRDD()
                  .mapPartitionsToPair(it -> batches(it, partitions, KNOWN)));
    }
    JavaRDD<Row> found =
        batches.partitionBy(new StreamPartitioner(partitions)).mapPartitions(DuplicateKeys::found);
    return spark.createDataFrame(found, NOMINATED);
  }

  /** Column of a known person's {@link #personHash}, as {@link #nominate} takes them. */
  public static final String PERSON_HASH = "_person_hash";

  /** The narrow query of the key pass: one column, each row's {@link #keyHash}. */
  public static Dataset<Row> hashes(Dataset<Row> rows, InputDataset dataset) {
    return rows.select(keyHash(dataset).as(KEY_HASH));
  }

  /** Sends each hash array to the reduce task of its partition, whatever stream it belongs to. */
  private static final class StreamPartitioner extends Partitioner {
    private final int partitions;

    StreamPartitioner(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key / STREAMS;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof StreamPartitioner p && p.partitions == partitions;
    }

    @Override
    public int hashCode() {
      return partitions;
    }
  }

  /**
   * Splits a task's hashes into arrays by target partition, at most {@link #MAX_BATCH} long, keyed
   * by partition × {@link #STREAMS} + stream. Rows hold one hash (stream {@code first}), or for
   * {@link #PERSONS} two: a key hash (stream {@link #KEYS}) and a person hash. Person hashes are
   * sorted and deduplicated before they are sent.
   */
  private static Iterator<Tuple2<Integer, long[]>> batches(
      Iterator<InternalRow> rows, int partitions, int first) {
    Batcher keys = new Batcher(partitions, first == PERSONS ? KEYS : first);
    Batcher persons = first == PERSONS ? new Batcher(partitions, PERSONS) : null;
    while (rows.hasNext()) {
      InternalRow row = rows.next();
      keys.add(row.getLong(0));
      if (persons != null) {
        persons.add(row.getLong(1));
      }
    }
    List<Tuple2<Integer, long[]>> out = keys.finish();
    if (persons != null) {
      out.addAll(persons.finish());
    }
    return out.iterator();
  }

  /** Growing long arrays of one stream, one per target partition. */
  private static final class Batcher {
    private final int stream;
    private final long[][] open;
    private final int[] filled;
    private final List<Tuple2<Integer, long[]>> out = new ArrayList<>();
    private boolean added;
    private long last;

    Batcher(int partitions, int stream) {
      this.stream = stream;
      this.open = new long[partitions][];
      this.filled = new int[partitions];
    }

    void add(long h) {
      if (stream != KEYS) { // only set membership matters, and a person's rows mostly come together
        if (added && h == last) {
          return;
        }
        added = true;
        last = h;
      }
      int p = (int) Long.remainderUnsigned(h, open.length);
      if (open[p] == null) {
        open[p] = new long[1024];
      } else if (filled[p] == open[p].length) {
        if (filled[p] == MAX_BATCH) {
          emit(p, open[p], filled[p]);
          open[p] = new long[1024];
          filled[p] = 0;
        } else {
          open[p] = Arrays.copyOf(open[p], Math.min(MAX_BATCH, 2 * open[p].length));
        }
      }
      open[p][filled[p]++] = h;
    }

    List<Tuple2<Integer, long[]>> finish() {
      for (int p = 0; p < open.length; p++) {
        if (filled[p] > 0) {
          emit(p, open[p], filled[p]);
        }
      }
      return out;
    }

    private void emit(int p, long[] values, int n) {
      long[] batch = Arrays.copyOf(values, n);
      if (stream != KEYS) { // only set membership matters: send each hash once
        Arrays.sort(batch);
        batch = distinct(batch);
      }
      out.add(new Tuple2<>(p * STREAMS + stream, batch));
    }
  }

  /**
   * One reduce task: its key hashes sorted, each repeated hash once, its row count, and with known
   * persons the person hashes no known person has.
   */
  private static Iterator<Row> found(Iterator<Tuple2<Integer, long[]>> batches) {
    List<List<long[]>> streams = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    while (batches.hasNext()) {
      Tuple2<Integer, long[]> batch = batches.next();
      streams.get(batch._1() % STREAMS).add(batch._2());
    }
    List<Row> out = new ArrayList<>();
    long[] keys = sorted(streams.get(KEYS));
    for (int i = 1; i < keys.length; i++) {
      if (keys[i] == keys[i - 1] && (i == 1 || keys[i - 1] != keys[i - 2])) {
        out.add(RowFactory.create(CANDIDATE, keys[i]));
      }
    }
    out.add(RowFactory.create(ROWS, (long) keys.length));
    if (!streams.get(PERSONS).isEmpty()) {
      long[] seen = distinct(sorted(streams.get(PERSONS)));
      long[] known = sorted(streams.get(KNOWN));
      for (long h : seen) {
        if (Arrays.binarySearch(known, h) < 0) {
          out.add(RowFactory.create(SUSPECT, h));
        }
      }
    }
    return out.iterator();
  }

  /** All arrays in one, sorted; the arrays are released. */
  private static long[] sorted(List<long[]> arrays) {
    long total = 0;
    for (long[] a : arrays) {
      total += a.length;
    }
    long[] all = new long[Math.toIntExact(total)];
    int at = 0;
    for (long[] a : arrays) {
      System.arraycopy(a, 0, all, at, a.length);
      at += a.length;
    }
    arrays.clear();
    Arrays.sort(all);
    return all;
  }

  /** The distinct values of a sorted array. */
  private static long[] distinct(long[] sorted) {
    int n = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[n++] = sorted[i];
      }
    }
    return n == sorted.length ? sorted : Arrays.copyOf(sorted, n);
  }

  /**
   * The exact duplicate rule over the distinct rows of candidate groups. Needs the columns of
   * {@code dataset}'s schema and {@code copies} (how many identical input rows each distinct row
   * stands for); every row must have passed the row rules and belong to a known person. Adds {@link
   * #KEPT_COPIES} (1 for the first distinct row of each (person_id, id) in the order of all values,
   * nulls first, else 0) and {@link #DUPLICATE_COPIES} (the other copies). Drops no row.
   */
  public static Dataset<Row> resolve(Dataset<Row> candidates, InputDataset dataset, String copies) {
    List<Column> order = new ArrayList<>();
    for (String name : dataset.schema().fieldNames()) {
      order.add(col(name).asc_nulls_first());
    }
    Column first =
        row_number()
            .over(
                Window.partitionBy(col(PERSON_ID), col(dataset.idColumn()))
                    .orderBy(order.toArray(Column[]::new)))
            .equalTo(1);
    return candidates
        .withColumn(KEPT_COPIES, when(first, 1L).otherwise(0L))
        .withColumn(DUPLICATE_COPIES, col(copies).minus(col(KEPT_COPIES)));
  }
}
