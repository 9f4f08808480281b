package io.credence.lookup;

import static io.credence.schema.Columns.*;

import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.Row;
import io.delta.kernel.types.StructType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Turns Delta Kernel's rows of a score table (scores_current, score_snapshots) into records. */
final class KernelRows {
  private KernelRows() {}

  /** The row as a {@link ScoreRecord}; the row's schema must hold the score table's columns. */
  static ScoreRecord toRecord(Row row) {
    StructType schema = row.getSchema();
    return new ScoreRecord(
        string(row, schema, PERSON_ID),
        row.isNullAt(schema.indexOf(SNAPSHOT_DATE))
            ? null
            : LocalDate.ofEpochDay(row.getInt(schema.indexOf(SNAPSHOT_DATE))),
        row.isNullAt(schema.indexOf(SCORE)) ? null : row.getInt(schema.indexOf(SCORE)),
        string(row, schema, TIER),
        string(row, schema, SCORE_STATUS),
        string(row, schema, UNSCORABLE_REASON),
        reasons(row, schema.indexOf(REASONS)),
        string(row, schema, SCORECARD_ID),
        string(row, schema, RUN_ID));
  }

  private static List<ScoreRecord.Reason> reasons(Row row, int ordinal) {
    List<ScoreRecord.Reason> reasons = new ArrayList<>();
    if (row.isNullAt(ordinal)) {
      return reasons;
    }
    ArrayValue array = row.getArray(ordinal);
    ColumnVector elements = array.getElements();
    StructType type = (StructType) elements.getDataType();
    ColumnVector code = elements.getChild(type.indexOf(REASON_CODE));
    ColumnVector feature = elements.getChild(type.indexOf(REASON_FEATURE));
    ColumnVector points = elements.getChild(type.indexOf(POINTS_LOST));
    ColumnVector text = elements.getChild(type.indexOf(REASON_TEXT));
    for (int i = 0; i < array.getSize(); i++) {
      reasons.add(
          new ScoreRecord.Reason(
              code.isNullAt(i) ? null : code.getString(i),
              feature.isNullAt(i) ? null : feature.getString(i),
              points.isNullAt(i) ? 0.0 : points.getDouble(i),
              text.isNullAt(i) ? null : text.getString(i)));
    }
    return reasons;
  }

  private static String string(Row row, StructType schema, String column) {
    int ordinal = schema.indexOf(column);
    return row.isNullAt(ordinal) ? null : row.getString(ordinal);
  }
}
