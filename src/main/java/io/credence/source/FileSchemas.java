package io.credence.source;

import io.credence.error.InputErrors;
import io.credence.schema.InputDataset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.parquet.hadoop.Footer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat$;
import org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Holds every data file of a dataset to the input contract, not only the one Spark takes the
 * dataset's schema from (which one depends on the files' names): a file of another schema among
 * them would otherwise be read with nulls in the columns it lacks. Each file's schema is read from
 * its Parquet footer with Spark's own footer reader and schema converter (footers only, a few at a
 * time, on the driver), completed with the partition columns its {@code key=value} folders give it.
 */
final class FileSchemas {
  private FileSchemas() {}

  /** A data file of a dataset, and its path below the input root (e.g. payments/part-0.parquet). */
  record DataFile(FileStatus status, String path) {}

  /**
   * The contract violations of every file in {@code files}, named by file; empty when each file
   * holds every contract column in an accepted type. {@code read} is the schema Spark reads the
   * dataset with, for the partition columns' types. When every file is accepted, they must also
   * agree on each column's type (else exit 2).
   *
   * @throws org.apache.spark.SparkException (undeclared) when a footer cannot be read
   */
  static List<SchemaContract.Violation> check(
      SparkSession spark, InputDataset dataset, List<DataFile> files, StructType read) {
    Map<String, DataFile> byPath = new HashMap<>();
    List<FileStatus> statuses = new ArrayList<>();
    for (DataFile file : files) {
      byPath.put(file.status().getPath().toString(), file);
      statuses.add(file.status());
    }
    var footers =
        ParquetFileFormat$.MODULE$.readParquetFootersInParallel(
            spark.sparkContext().hadoopConfiguration(),
            CollectionConverters.asScala(statuses).toSeq(),
            false);
    ParquetToSparkSchemaConverter converter =
        new ParquetToSparkSchemaConverter(spark.sessionState().conf());
    List<SchemaContract.Violation> violations = new ArrayList<>();
    Map<DataFile, StructType> schemas = new LinkedHashMap<>();
    for (Footer footer : CollectionConverters.asJava(footers)) {
      DataFile file = byPath.get(footer.getFile().toString());
      StructType schema =
          withPartitionColumns(
              ParquetFileFormat$.MODULE$.readSchemaFromFooter(footer, converter), file, read);
      violations.addAll(SchemaContract.check(dataset, schema, file.path()));
      schemas.put(file, schema);
    }
    if (violations.isEmpty()) {
      Map<String, Typed> first = new HashMap<>();
      schemas.forEach((file, schema) -> requireOneType(dataset, schema, file, first));
    }
    return violations;
  }

  /** A contract column's type in the first file read that has it. */
  private record Typed(DataType type, String file) {}

  /**
   * Spark reads a dataset's files with one schema, so a column stored as int in one file and as
   * decimal in another fails mid-run, even though each is an accepted widening on its own.
   */
  private static void requireOneType(
      InputDataset dataset, StructType schema, DataFile file, Map<String, Typed> first) {
    Map<String, DataType> types = byLowerName(schema);
    for (StructField column : dataset.schema().fields()) {
      DataType type = types.get(column.name());
      if (type == null) {
        continue;
      }
      Typed seen = first.putIfAbsent(column.name(), new Typed(type, file.path()));
      if (seen != null && !seen.type().equals(type)) {
        throw InputErrors.filesDisagree(
            dataset.tableName(),
            column.name(),
            seen.type().sql() + " in " + seen.file(),
            type.sql() + " in " + file.path());
      }
    }
  }

  /** {@code schema} with the partition columns of {@code file}'s folders, typed as Spark reads. */
  private static StructType withPartitionColumns(
      StructType schema, DataFile file, StructType read) {
    Map<String, DataType> inFile = byLowerName(schema);
    Map<String, StructField> inRead = new HashMap<>();
    for (StructField field : read.fields()) {
      inRead.put(field.name().toLowerCase(Locale.ROOT), field);
    }
    String[] parts = file.path().split("/");
    StructType result = schema;
    for (int i = 0; i < parts.length - 1; i++) {
      int eq = parts[i].indexOf('=');
      String key = eq > 0 ? parts[i].substring(0, eq).toLowerCase(Locale.ROOT) : null;
      if (key != null && !inFile.containsKey(key) && inRead.containsKey(key)) {
        result = result.add(inRead.get(key));
      }
    }
    return result;
  }

  private static Map<String, DataType> byLowerName(StructType schema) {
    Map<String, DataType> types = new HashMap<>();
    for (StructField field : schema.fields()) {
      types.putIfAbsent(field.name().toLowerCase(Locale.ROOT), field.dataType());
    }
    return types;
  }
}
