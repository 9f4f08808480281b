package io.credence.lookup;

import static io.credence.schema.Columns.PERSON_KEY;

import io.credence.error.CredenceException;
import io.credence.error.ServeErrors;
import io.credence.error.StoreFailures;
import io.credence.privacy.PersonIds;
import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.internal.data.DefaultColumnarBatch;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.ConcurrentTransactionException;
import io.delta.kernel.exceptions.ConcurrentWriteException;
import io.delta.kernel.exceptions.TableAlreadyExistsException;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.transaction.UpdateTableTransactionBuilder;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends rows to the lookup_audit Delta table with Delta Kernel, one commit per call, creating the
 * table first when it does not exist, with the same properties the Spark writers give it: the id
 * mode ({@value PersonIds#MODE_PROPERTY}, and the key's fingerprint when pseudonymized) and {@code
 * delta.dataSkippingStatsColumns} without person_key. Kernel does not honour that property when it
 * collects file statistics, so this writer passes the statistics columns itself: the log never
 * holds a person key.
 */
public final class AuditTable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditTable.class);
  private static final String ENGINE_INFO = "credence-lookup";
  private static final String STATS_COLUMNS = "delta.dataSkippingStatsColumns";

  /** lookup_audit's schema; {@code LookupTablesTest} checks it against OutputSchemas. */
  public static final StructType SCHEMA =
      new StructType()
          .add("looked_up_at", TimestampType.TIMESTAMP)
          .add("requester", StringType.STRING)
          .add("purpose", StringType.STRING)
          .add(PERSON_KEY, StringType.STRING)
          .add("found", BooleanType.BOOLEAN);

  /** Statistics columns of a new table: every column but the person key (booleans get none). */
  static final String DEFAULT_STATS_COLUMNS = "looked_up_at,requester,purpose";

  private AuditTable() {}

  /**
   * An idempotency tag for a commit (Delta's SetTransaction): a commit tagged with {@code version}
   * for {@code appId} is refused when one with that version or a later one is in the log.
   */
  public record Tag(String appId, long version) {}

  /** What an append did. */
  public enum Outcome {
    COMMITTED,
    /** The tag's version was already committed: the rows are in the table from an earlier try. */
    ALREADY_COMMITTED
  }

  /** Appends {@code records} in one commit. */
  public static Outcome append(
      KernelWarehouse warehouse, PersonIds ids, List<AuditRecord> records, Optional<Tag> tag) {
    Engine engine = warehouse.engine();
    Snapshot snapshot = existing(warehouse, ids);
    try {
      UpdateTableTransactionBuilder builder =
          snapshot.buildUpdateTableTransaction(ENGINE_INFO, Operation.WRITE);
      if (tag.isPresent()) {
        builder = builder.withTransactionId(tag.get().appId(), tag.get().version());
      }
      Transaction txn = builder.build(engine);
      TransactionCommitResult result =
          txn.commit(engine, CloseableIterable.inMemoryIterable(dataActions(engine, txn, records)));
      runHooks(engine, result);
      return Outcome.COMMITTED;
    } catch (ConcurrentTransactionException e) {
      return Outcome.ALREADY_COMMITTED;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + snapshot.getPath(), e);
    }
  }

  /**
   * Checks that lookup_audit can be written by writing to it: creates the table when it does not
   * exist, else commits an empty transaction (a version without rows). The lookup service calls it
   * at start, so that on a warehouse it may only read it exits 2 before answering lookups it could
   * never fold. A failure exits as {@link #explained} says.
   */
  public static void requireWritable(KernelWarehouse warehouse, PersonIds ids) {
    explained(
        warehouse,
        () -> {
          boolean existed = warehouse.latest(WarehouseTable.LOOKUP_AUDIT).isPresent();
          Snapshot snapshot = existing(warehouse, ids);
          if (existed) {
            Engine engine = warehouse.engine();
            Transaction txn =
                snapshot.buildUpdateTableTransaction(ENGINE_INFO, Operation.WRITE).build(engine);
            runHooks(engine, txn.commit(engine, CloseableIterable.emptyIterable()));
          }
          return null;
        });
  }

  /**
   * Runs {@code write}, a write to lookup_audit, and returns what it returns. A failure the user
   * can fix exits 2 saying what to do: an object store's ({@link StoreFailures}), or an I/O failure
   * such as a warehouse this user may only read ({@link ServeErrors#auditNotWritten}); any other is
   * thrown as it is. Every answered lookup must be in lookup_audit, so a command that cannot write
   * it must not run.
   */
  public static <T> T explained(KernelWarehouse warehouse, Supplier<T> write) {
    try {
      return write.get();
    } catch (CredenceException e) {
      throw e;
    } catch (RuntimeException e) {
      CredenceException store = StoreFailures.explain(e);
      if (store != null) {
        throw store;
      }
      IOException io = ioCause(e);
      if (io == null) {
        throw e;
      }
      throw ServeErrors.auditNotWritten(warehouse.path(WarehouseTable.LOOKUP_AUDIT), io);
    }
  }

  /** The first I/O failure in {@code e}'s causes, or null. */
  private static IOException ioCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException io) {
        return io;
      }
    }
    return null;
  }

  /**
   * The highest version committed to lookup_audit with a tag of {@code appId} (Delta's
   * SetTransaction, read from the table's latest snapshot), or 0 when there is none or no table.
   */
  public static long committedVersion(KernelWarehouse warehouse, String appId) {
    Optional<Snapshot> snapshot = warehouse.latest(WarehouseTable.LOOKUP_AUDIT);
    if (snapshot.isEmpty()) {
      return 0;
    }
    if (!(snapshot.get() instanceof SnapshotImpl impl)) {
      throw new IllegalStateException(
          "Delta Kernel returned a " + snapshot.get().getClass().getName() + " snapshot");
    }
    return impl.getLatestTransactionVersion(warehouse.engine(), appId).orElse(0L);
  }

  /** The table's latest snapshot, creating the (empty) table first when it does not exist. */
  private static Snapshot existing(KernelWarehouse warehouse, PersonIds ids) {
    Optional<Snapshot> snapshot = warehouse.latest(WarehouseTable.LOOKUP_AUDIT);
    if (snapshot.isPresent()) {
      return snapshot.get();
    }
    Engine engine = warehouse.engine();
    try {
      Transaction create =
          TableManager.buildCreateTableTransaction(
                  warehouse.path(WarehouseTable.LOOKUP_AUDIT), SCHEMA, ENGINE_INFO)
              .withTableProperties(properties(ids))
              .build(engine);
      runHooks(engine, create.commit(engine, CloseableIterable.emptyIterable()));
    } catch (TableAlreadyExistsException | ConcurrentWriteException e) {
      LOG.debug("lookup_audit was created concurrently; appending to it");
    }
    return warehouse
        .latest(WarehouseTable.LOOKUP_AUDIT)
        .orElseThrow(() -> new IllegalStateException("lookup_audit vanished after its creation"));
  }

  static Map<String, String> properties(PersonIds ids) {
    Map<String, String> properties = new HashMap<>();
    properties.put(PersonIds.MODE_PROPERTY, ids.mode());
    properties.put(STATS_COLUMNS, DEFAULT_STATS_COLUMNS);
    if (ids.pseudonymized()) {
      properties.put(PersonIds.FINGERPRINT_PROPERTY, ids.fingerprint());
    }
    return properties;
  }

  private static CloseableIterator<Row> dataActions(
      Engine engine, Transaction txn, List<AuditRecord> records) throws IOException {
    Row state = txn.getTransactionState(engine);
    CloseableIterator<FilteredColumnarBatch> physical =
        Transaction.transformLogicalData(
            engine,
            state,
            io.delta.kernel.internal.util.Utils.singletonCloseableIterator(batch(records)),
            Map.of());
    DataWriteContext context = Transaction.getWriteContext(engine, state, Map.of());
    CloseableIterator<DataFileStatus> written =
        engine
            .getParquetHandler()
            .writeParquetFiles(
                context.getTargetDirectory(), physical, statsColumns(txn.getSchema(engine), state));
    return Transaction.generateAppendActions(engine, state, written, context);
  }

  /**
   * The columns to keep statistics on: the table's {@code delta.dataSkippingStatsColumns}, or the
   * default list; never the person key.
   */
  private static List<Column> statsColumns(StructType schema, Row state) {
    Map<String, String> conf =
        io.delta.kernel.internal.data.TransactionStateRow.getConfiguration(state);
    String listed = conf.getOrDefault(STATS_COLUMNS, DEFAULT_STATS_COLUMNS);
    return Arrays.stream(listed.split(","))
        .map(String::trim)
        .filter(name -> !name.isEmpty() && !name.equals(PERSON_KEY) && schema.indexOf(name) >= 0)
        .filter(name -> !(schema.get(name).getDataType() instanceof BooleanType))
        .map(Column::new)
        .toList();
  }

  private static void runHooks(Engine engine, TransactionCommitResult result) {
    for (PostCommitHook hook : result.getPostCommitHooks()) {
      try {
        hook.threadSafeInvoke(engine);
      } catch (IOException | RuntimeException e) {
        // The commit stands; a missing checkpoint or checksum only slows later reads.
        LOG.warn("lookup_audit post-commit {} failed: {}", hook.getType(), e.toString());
      }
    }
  }

  private static FilteredColumnarBatch batch(List<AuditRecord> records) {
    ColumnVector[] vectors = {
      vector(
          records,
          TimestampType.TIMESTAMP,
          r -> ChronoUnit.MICROS.between(java.time.Instant.EPOCH, r.lookedUpAt())),
      vector(records, StringType.STRING, AuditRecord::requester),
      vector(records, StringType.STRING, AuditRecord::purpose),
      vector(records, StringType.STRING, AuditRecord::personKey),
      vector(records, BooleanType.BOOLEAN, AuditRecord::found)
    };
    ColumnarBatch batch = new DefaultColumnarBatch(records.size(), SCHEMA, vectors);
    return new FilteredColumnarBatch(batch, Optional.empty());
  }

  private static ColumnVector vector(
      List<AuditRecord> records, DataType type, Function<AuditRecord, Object> value) {
    Object[] values = records.stream().map(value).toArray();
    return new ColumnVector() {
      @Override
      public DataType getDataType() {
        return type;
      }

      @Override
      public int getSize() {
        return values.length;
      }

      @Override
      public void close() {}

      @Override
      public boolean isNullAt(int rowId) {
        return values[rowId] == null;
      }

      @Override
      public String getString(int rowId) {
        return (String) values[rowId];
      }

      @Override
      public long getLong(int rowId) {
        return (Long) values[rowId];
      }

      @Override
      public boolean getBoolean(int rowId) {
        return (Boolean) values[rowId];
      }
    };
  }
}
