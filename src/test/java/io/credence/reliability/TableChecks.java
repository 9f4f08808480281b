package io.credence.reliability;

import io.credence.config.StorageSettings;
import io.credence.lookup.KernelScans;
import io.credence.lookup.KernelWarehouse;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The row-for-row checks of Delta tables that scripts/lib/table-checks.sh declares (the crash test
 * and the cluster tests), evaluated on tables read with Delta Kernel, without Spark: a table is
 * read once however many checks name it, which is where Spark SQL spent most of a minute (one Delta
 * snapshot and one file-filtering query per table reference while planning).
 *
 * <p>Usage: {@code TableChecks SPEC}. SPEC holds one check per line, its fields separated by tabs:
 * {@code KIND NAME DROP RELATION...}, where KIND is {@code same_rows}, {@code empty_or_same},
 * {@code same_as_one}, {@code readable} or {@code empty} (their meaning is in table-checks.sh),
 * DROP lists the columns left out of the comparison (comma-separated, may be empty), and a RELATION
 * is a Delta table's path ({@code /abs/path} or {@code s3a://bucket/path}), optionally followed by
 * {@code ?COLUMN=VALUE} to keep only the rows whose COLUMN reads VALUE (a date as yyyy-MM-dd). A
 * row is compared as the text of every column but DROP, names included; each side is a multiset of
 * such rows.
 *
 * <p>Prints one line per check, {@code name | left_rows | right_rows | passed | only_left |
 * only_right} (the last two count distinct rows found on one side only; -1 when a table could not
 * be read, which fails the check and is explained on stderr). JVM properties {@code spark.hadoop.*}
 * go to the Hadoop configuration without their prefix, as Spark would pass them (the cluster test's
 * S3A settings). Exits 0 when every check was evaluated, whatever its result; 2 on a malformed
 * SPEC.
 */
public final class TableChecks {
  private final Engine engine;
  private final Map<String, Table> tables = new HashMap<>();

  TableChecks(Engine engine) {
    this.engine = engine;
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: TableChecks SPEC (see the class comment)");
      System.exit(2);
    }
    List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
    KernelWarehouse.Prepared prepared = KernelWarehouse.prepare().join();
    StorageSettings.copySparkHadoopProperties(prepared.conf());
    TableChecks checks = new TableChecks(prepared.engine());
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      try {
        System.out.println(checks.run(line));
      } catch (IllegalArgumentException e) {
        System.err.println("table-checks: " + e.getMessage());
        System.exit(2);
      }
    }
  }

  /** One check's result line for its SPEC line. */
  String run(String specLine) {
    String[] f = specLine.split("\t", -1);
    if (f.length < 4) {
      throw new IllegalArgumentException(
          "a check needs KIND, NAME, DROP and a relation: " + specLine);
    }
    String kind = f[0];
    String name = f[1];
    Set<String> drop = f[2].isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(f[2].split(",", -1)));
    List<String> relations = List.of(f).subList(3, f.length);
    int want =
        switch (kind) {
          case "same_rows", "empty_or_same" -> 2;
          case "same_as_one" -> 3;
          case "readable", "empty" -> 1;
          default -> throw new IllegalArgumentException("unknown check kind '" + kind + "'");
        };
    if (relations.size() != want) {
      throw new IllegalArgumentException(
          kind + " takes " + want + " relations, not " + relations.size() + ": " + specLine);
    }
    List<Map<String, Long>> sides = new ArrayList<>();
    for (String relation : relations) {
      Map<String, Long> rows = rows(relation, drop);
      if (rows == null) {
        return line(name, -1, -1, false, -1, -1);
      }
      sides.add(rows);
    }
    Map<String, Long> l = sides.get(0);
    long left = size(l);
    return switch (kind) {
      case "same_rows" -> {
        Map<String, Long> r = sides.get(1);
        yield line(name, left, size(r), l.equals(r) && left > 0, onlyIn(l, r), onlyIn(r, l));
      }
      case "empty_or_same" -> {
        Map<String, Long> r = sides.get(1);
        long right = size(r);
        yield line(
            name,
            left,
            right,
            (left == 0 || l.equals(r)) && right > 0,
            onlyIn(l, r),
            left == 0 ? 0 : onlyIn(r, l));
      }
      case "same_as_one" -> {
        Map<String, Long> a = sides.get(1);
        Map<String, Long> b = sides.get(2);
        Map<String, Long> m = l.equals(b) ? b : a;
        yield line(
            name,
            left,
            size(m),
            left > 0 && (l.equals(a) || l.equals(b)),
            onlyIn(l, m),
            onlyIn(m, l));
      }
      case "readable" -> line(name, left, left, left > 0, 0, 0);
      default -> line(name, left, 0, left == 0, left, 0); // empty
    };
  }

  private static String line(
      String name, long left, long right, boolean passed, long onlyLeft, long onlyRight) {
    return String.join(
        " | ",
        name,
        Long.toString(left),
        Long.toString(right),
        Boolean.toString(passed),
        Long.toString(onlyLeft),
        Long.toString(onlyRight));
  }

  private static long size(Map<String, Long> rows) {
    return rows.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The distinct rows of {@code a} that {@code b} does not hold. */
  private static long onlyIn(Map<String, Long> a, Map<String, Long> b) {
    return a.keySet().stream().filter(k -> !b.containsKey(k)).count();
  }

  /**
   * The rows of {@code relation} as counts per row text without the columns {@code drop}, or null
   * when its table could not be read (said on stderr).
   */
  private Map<String, Long> rows(String relation, Set<String> drop) {
    int q = relation.indexOf('?');
    String path = q < 0 ? relation : relation.substring(0, q);
    String filterColumn = null;
    String filterValue = null;
    if (q >= 0) {
      String filter = relation.substring(q + 1);
      int eq = filter.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("a filter reads ?COLUMN=VALUE, not '?" + filter + "'");
      }
      filterColumn = filter.substring(0, eq);
      filterValue = filter.substring(eq + 1);
    }
    Table table = tables.computeIfAbsent(path, this::read);
    if (table.failure() != null) {
      return null;
    }
    int filterAt = -1;
    if (filterColumn != null) {
      filterAt = table.columns().indexOf(filterColumn);
      if (filterAt < 0) {
        throw new IllegalArgumentException(path + " has no column " + filterColumn);
      }
      if (table.types().get(filterAt) instanceof StringType) {
        filterValue = quoted(filterValue);
      }
    }
    Map<String, Long> out = new TreeMap<>();
    for (String[] values : table.rows()) {
      if (filterAt >= 0 && !filterValue.equals(values[filterAt])) {
        continue;
      }
      StringBuilder key = new StringBuilder();
      for (int i = 0; i < values.length; i++) {
        String column = table.columns().get(i);
        if (!drop.contains(column)) {
          key.append(column).append('=').append(values[i] == null ? "\\N" : values[i]).append('\t');
        }
      }
      out.merge(key.toString(), 1L, Long::sum);
    }
    return out;
  }

  /** A table's columns and each row's values as text (null for SQL NULL), or why it failed. */
  private record Table(
      List<String> columns, List<DataType> types, List<String[]> rows, String failure) {}

  private Table read(String path) {
    try {
      String qualified = engine.getFileSystemClient().resolvePath(path);
      Snapshot snapshot = TableManager.loadSnapshot(qualified).build(engine);
      StructType schema = snapshot.getSchema();
      List<String> columns = schema.fields().stream().map(StructField::getName).toList();
      List<DataType> types = schema.fields().stream().map(StructField::getDataType).toList();
      List<String[]> rows = new ArrayList<>();
      KernelScans.forEachBatch(
          engine,
          snapshot,
          batch -> {
            ColumnarBatch data = batch.getData();
            Optional<ColumnVector> selected = batch.getSelectionVector();
            for (int i = 0; i < data.getSize(); i++) {
              if (selected.isPresent()
                  && (selected.get().isNullAt(i) || !selected.get().getBoolean(i))) {
                continue; // deleted
              }
              String[] values = new String[columns.size()];
              for (int j = 0; j < values.length; j++) {
                ColumnVector column = data.getColumnVector(j);
                values[j] = column.isNullAt(i) ? null : text(column, i, types.get(j));
              }
              rows.add(values);
            }
          });
      return new Table(columns, types, rows, null);
    } catch (Exception e) { // Kernel's and Hadoop's failures, checked or not
      System.err.println("table-checks: cannot read the Delta table " + path + ": " + e);
      return new Table(List.of(), List.of(), List.of(), e.toString());
    }
  }

  /** The text of a non-null value at {@code i} of a column vector. */
  static String text(ColumnVector v, int i, DataType type) {
    if (type instanceof StructType struct) {
      StringBuilder out = new StringBuilder("{");
      for (int j = 0; j < struct.length(); j++) {
        ColumnVector child = v.getChild(j);
        out.append(struct.at(j).getName()).append(':');
        out.append(child.isNullAt(i) ? "\\N" : text(child, i, struct.at(j).getDataType()));
        out.append(j + 1 < struct.length() ? "," : "");
      }
      return out.append('}').toString();
    }
    if (type instanceof ArrayType array) {
      return text(v.getArray(i), array.getElementType());
    }
    if (type instanceof MapType map) {
      return text(v.getMap(i), map);
    }
    if (type instanceof StringType) {
      return quoted(v.getString(i));
    }
    if (type instanceof DateType) {
      return LocalDate.ofEpochDay(v.getInt(i)).toString();
    }
    if (type instanceof BooleanType) {
      return Boolean.toString(v.getBoolean(i));
    }
    if (type instanceof ByteType) {
      return Byte.toString(v.getByte(i));
    }
    if (type instanceof ShortType) {
      return Short.toString(v.getShort(i));
    }
    if (type instanceof IntegerType) {
      return Integer.toString(v.getInt(i));
    }
    if (type instanceof LongType
        || type instanceof TimestampType
        || type instanceof TimestampNTZType) {
      return Long.toString(v.getLong(i));
    }
    if (type instanceof FloatType) {
      return Float.toString(v.getFloat(i));
    }
    if (type instanceof DoubleType) {
      return Double.toString(v.getDouble(i));
    }
    if (type instanceof DecimalType) {
      return v.getDecimal(i).toString();
    }
    if (type instanceof BinaryType) {
      return HexFormat.of().formatHex(v.getBinary(i));
    }
    throw new IllegalArgumentException("no text for a column of type " + type);
  }

  private static String text(ArrayValue array, DataType elementType) {
    ColumnVector elements = array.getElements();
    StringBuilder out = new StringBuilder("[");
    for (int k = 0; k < array.getSize(); k++) {
      out.append(elements.isNullAt(k) ? "\\N" : text(elements, k, elementType));
      out.append(k + 1 < array.getSize() ? "," : "");
    }
    return out.append(']').toString();
  }

  private static String text(MapValue map, MapType type) {
    ColumnVector keys = map.getKeys();
    ColumnVector values = map.getValues();
    StringBuilder out = new StringBuilder("<");
    for (int k = 0; k < map.getSize(); k++) {
      out.append(text(keys, k, type.getKeyType())).append("->");
      out.append(values.isNullAt(k) ? "\\N" : text(values, k, type.getValueType()));
      out.append(k + 1 < map.getSize() ? "," : "");
    }
    return out.append('>').toString();
  }

  /** A string with its length, so that no content can pass for a separator. */
  private static String quoted(String s) {
    return s.length() + "'" + s + "'";
  }
}
