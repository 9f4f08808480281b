package io.credence.bench;

import static io.credence.schema.Columns.PERSON_ID;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.unix_seconds;

import io.credence.quality.RowRules;
import io.credence.schema.InputDataset;
import io.credence.source.InputReader;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The floor of the benchmark: a bare Spark scan that reads and sums exactly the input columns the
 * nightly job reads. The column list is taken from the planned file scans of the job's row rules
 * (which feed the quarantine, the counts and the features), so it follows the code.
 */
public final class ScanFloor {
  private ScanFloor() {}

  /** Per dataset, the input columns the job's plan scans, in schema order. */
  public static Map<InputDataset, List<String>> columnsRead(
      SparkSession spark, String root, LocalDate asOf) {
    Map<InputDataset, Dataset<Row>> raw = InputReader.readAll(spark, root);
    Map<InputDataset, List<String>> out = new EnumMap<>(InputDataset.class);
    for (InputDataset dataset : InputDataset.values()) {
      Dataset<Row> checked = RowRules.withRejectReason(dataset, raw.get(dataset), asOf, null);
      Set<String> columns = new LinkedHashSet<>();
      for (FileSourceScanExec scan : scans(checked.queryExecution().sparkPlan())) {
        columns.addAll(List.of(scan.requiredSchema().fieldNames()));
      }
      if (!columns.isEmpty()) { // an absent optional dataset is not scanned at all
        out.put(dataset, List.copyOf(columns));
      }
    }
    return out;
  }

  /** How the floor query moves the rows before summing them. */
  public enum Movement {
    /** Summed where they are read: the floor. */
    NONE,
    /**
     * Hash-partitioned by person_id first: the least any plan that shuffles each source once (as
     * the job's does) can cost, and so the floor of such a plan.
     */
    SHUFFLE_BY_PERSON
  }

  /** One aggregate row per dataset that touches every value of {@code columns}. */
  public static Map<InputDataset, Dataset<Row>> queries(
      SparkSession spark, String root, Map<InputDataset, List<String>> columns, Movement movement) {
    Map<InputDataset, Dataset<Row>> raw = InputReader.readAll(spark, root);
    Map<InputDataset, Dataset<Row>> out = new EnumMap<>(InputDataset.class);
    columns.forEach(
        (dataset, names) -> {
          Dataset<Row> rows =
              movement == Movement.NONE
                  ? raw.get(dataset)
                  : raw.get(dataset)
                      .select(names.stream().map(n -> col(n)).toArray(Column[]::new))
                      .repartition(col(PERSON_ID));
          List<Column> sums = new ArrayList<>();
          sums.add(count(org.apache.spark.sql.functions.lit(1)).as("rows"));
          for (String name : names) {
            sums.add(sumOf(rows.schema().apply(name)));
          }
          out.put(
              dataset, rows.agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new)));
        });
    return out;
  }

  /** A sum over one column whose evaluation must decode every value. */
  private static Column sumOf(StructField field) {
    Column c = col(field.name());
    DataType type = field.dataType();
    Column value;
    if (type.equals(DataTypes.StringType)) {
      value = sum(octet_length(c));
    } else if (type.equals(DataTypes.DateType)) {
      value = sum(unix_date(c));
    } else if (type.equals(DataTypes.TimestampType)) {
      value = sum(unix_seconds(c));
    } else if (type instanceof DecimalType || type.equals(DataTypes.LongType)) {
      value = sum(c);
    } else {
      value = count(c);
    }
    return value.as("sum_" + field.name());
  }

  private static List<FileSourceScanExec> scans(SparkPlan plan) {
    List<FileSourceScanExec> found = new ArrayList<>();
    if (plan instanceof FileSourceScanExec scan) {
      found.add(scan);
    }
    for (SparkPlan child : CollectionConverters.asJava(plan.children())) {
      found.addAll(scans(child));
    }
    return found;
  }
}
