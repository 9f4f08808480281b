package io.credence.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.credence.schema.InputDataset;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SchemaContractTest {
  @Test
  void acceptsSafeWidenings() {
    assertThat(SchemaContract.isSafe(DataTypes.IntegerType, DataTypes.LongType)).isTrue();
    assertThat(SchemaContract.isSafe(DataTypes.IntegerType, DataTypes.createDecimalType(12, 2)))
        .isTrue();
    assertThat(
            SchemaContract.isSafe(
                DataTypes.createDecimalType(10, 2), DataTypes.createDecimalType(12, 2)))
        .isTrue();
    assertThat(SchemaContract.isSafe(DataTypes.TimestampNTZType, DataTypes.TimestampType)).isTrue();
  }

  @Test
  void rejectsLossyOrForeignTypes() {
    assertThat(SchemaContract.isSafe(DataTypes.LongType, DataTypes.createDecimalType(12, 2)))
        .isFalse();
    assertThat(
            SchemaContract.isSafe(
                DataTypes.createDecimalType(14, 2), DataTypes.createDecimalType(12, 2)))
        .isFalse();
    assertThat(
            SchemaContract.isSafe(
                DataTypes.createDecimalType(12, 3), DataTypes.createDecimalType(12, 2)))
        .isFalse();
    assertThat(SchemaContract.isSafe(DataTypes.DoubleType, DataTypes.createDecimalType(12, 2)))
        .isFalse();
    assertThat(SchemaContract.isSafe(DataTypes.StringType, DataTypes.DateType)).isFalse();
    assertThat(SchemaContract.isSafe(DataTypes.TimestampType, DataTypes.DateType)).isFalse();
    assertThat(SchemaContract.isSafe(DataTypes.LongType, DataTypes.IntegerType)).isFalse();
  }

  @Test
  void namesDatasetColumnExpectedAndFoundType() {
    StructType found =
        InputDataset.PAYMENTS.schema().add("extra", DataTypes.StringType); // extra columns are fine
    StructType broken = new StructType();
    for (var f : found.fields()) {
      if (f.name().equals("amount_due")) {
        broken = broken.add("amount_due", DataTypes.StringType);
      } else if (!f.name().equals("due_date")) {
        broken = broken.add(f);
      }
    }
    var violations = SchemaContract.check(InputDataset.PAYMENTS, broken);
    assertThat(violations)
        .extracting(Object::toString)
        .containsExactlyInAnyOrder(
            "payments.due_date: expected DATE, found no such column",
            "payments.amount_due: expected DECIMAL(12,2), found STRING");
  }

  @Test
  void acceptsTheContractSchemaItself() {
    for (InputDataset d : InputDataset.values()) {
      assertThat(SchemaContract.check(d, d.schema())).isEmpty();
    }
  }
}
