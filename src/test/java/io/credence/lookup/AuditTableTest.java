package io.credence.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.SparkTestBase;
import io.credence.privacy.PersonIds;
import io.credence.publish.EmptyPersonTables;
import io.credence.publish.Table;
import io.credence.schema.OutputSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lookup_audit written with Delta Kernel reads back in Spark, carries the properties the Spark
 * writers give it, keeps no person_key statistics in its log, and adds a tagged batch once.
 */
class AuditTableTest extends SparkTestBase {
  private static final String KEY =
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @TempDir Path dir;

  @Test
  void createsTheTableLikeTheSparkWritersAndKeepsNoPersonKeyStatistics() throws IOException {
    KernelWarehouse warehouse = KernelWarehouse.open(dir.toString());
    PersonIds ids = PersonIds.pseudonymized(key());
    AuditRecord r1 = record("a", KEY, true);
    AuditRecord r2 = record("b", KEY.replace('a', 'b'), false);
    assertThat(AuditTable.append(warehouse, ids, List.of(r1, r2), Optional.empty()))
        .isEqualTo(AuditTable.Outcome.COMMITTED);

    List<Row> rows = audit();
    assertThat(rows).hasSize(2);
    Row first = rows.stream().filter(r -> r.getAs("requester").equals("a")).findFirst().get();
    assertThat(first.<java.sql.Timestamp>getAs("looked_up_at").toInstant())
        .isEqualTo(r1.lookedUpAt());
    assertThat(first.<String>getAs("purpose")).isEqualTo("deposit check");
    assertThat(first.<String>getAs("person_key")).isEqualTo(KEY);
    assertThat(first.<Boolean>getAs("found")).isTrue();

    Map<String, String> properties =
        warehouse.latest(WarehouseTable.LOOKUP_AUDIT).orElseThrow().getTableProperties();
    assertThat(properties)
        .containsEntry(PersonIds.MODE_PROPERTY, PersonIds.PSEUDONYMIZED)
        .containsEntry(PersonIds.FINGERPRINT_PROPERTY, ids.fingerprint())
        .containsEntry("delta.dataSkippingStatsColumns", "looked_up_at,requester,purpose");
    assertThat(logText()).contains("deposit check").doesNotContain(KEY);
  }

  @Test
  void appendsToTheTableTheSparkWritersCreated() {
    EmptyPersonTables.create(spark(), dir.toString(), PersonIds.raw(), Table.LOOKUP_AUDIT);
    KernelWarehouse warehouse = KernelWarehouse.open(dir.toString());
    AuditTable.append(
        warehouse, PersonIds.raw(), List.of(record("a", KEY, true)), Optional.empty());
    assertThat(audit()).hasSize(1);
  }

  @Test
  void aTaggedBatchIsAddedOnceHoweverOftenItIsRetried() {
    KernelWarehouse warehouse = KernelWarehouse.open(dir.toString());
    AuditTable.Tag tag = new AuditTable.Tag("credence-serve-test", 3);
    List<AuditRecord> batch = List.of(record("a", KEY, true), record("b", KEY, true));
    assertThat(AuditTable.append(warehouse, PersonIds.raw(), batch, Optional.of(tag)))
        .isEqualTo(AuditTable.Outcome.COMMITTED);
    assertThat(AuditTable.append(warehouse, PersonIds.raw(), batch, Optional.of(tag)))
        .isEqualTo(AuditTable.Outcome.ALREADY_COMMITTED);
    assertThat(
            AuditTable.append(
                warehouse,
                PersonIds.raw(),
                batch,
                Optional.of(new AuditTable.Tag("credence-serve-test", 2))))
        .as("an older tag of the same journal was folded before the newer one")
        .isEqualTo(AuditTable.Outcome.ALREADY_COMMITTED);
    assertThat(audit()).hasSize(2);
  }

  @Test
  void theKernelSchemaIsTheOneSchemaOfLookupAudit() {
    List<String> kernel =
        AuditTable.SCHEMA.fields().stream()
            .map(f -> f.getName() + ":" + f.getDataType().toString().toLowerCase())
            .toList();
    List<String> spark =
        java.util.Arrays.stream(OutputSchemas.LOOKUP_AUDIT.fields())
            .map(f -> f.name() + ":" + f.dataType().typeName())
            .toList();
    assertThat(kernel).isEqualTo(spark);
    for (WarehouseTable t : WarehouseTable.values()) {
      assertThat(t.tableName()).isEqualTo(Table.valueOf(t.name()).tableName());
    }
  }

  private List<Row> audit() {
    return spark()
        .read()
        .format("delta")
        .load(Table.LOOKUP_AUDIT.path(dir.toString()))
        .collectAsList();
  }

  private String logText() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir.resolve("lookup_audit/_delta_log"))) {
      for (Path f :
          files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".json")).toList()) {
        all.append(Files.readString(f));
      }
    }
    return all.toString();
  }

  private static AuditRecord record(String requester, String key, boolean found) {
    return new AuditRecord(
        Instant.parse("2026-11-30T10:15:30.123456Z"), requester, "deposit check", key, found);
  }

  private static byte[] key() {
    return "test-only-key-0123456789abcdef-0123456789abcdef".getBytes();
  }
}
