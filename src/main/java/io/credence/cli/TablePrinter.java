package io.credence.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/** Prints collected rows as an aligned text table. */
final class TablePrinter {
  private TablePrinter() {}

  static void print(String[] header, List<Row> rows, PrintWriter out) {
    List<String[]> cells = new ArrayList<>();
    cells.add(header);
    for (Row row : rows) {
      String[] line = new String[header.length];
      for (int i = 0; i < header.length; i++) {
        line[i] = row.isNullAt(i) ? "null" : String.valueOf(row.get(i));
      }
      cells.add(line);
    }
    int[] widths = new int[header.length];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], Math.min(line[i].length(), 60));
      }
    }
    for (int r = 0; r < cells.size(); r++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < header.length; i++) {
        String v = cells.get(r)[i];
        v = v.length() > 60 ? v.substring(0, 57) + "..." : v;
        sb.append(i == 0 ? "" : " | ").append(String.format("%-" + widths[i] + "s", v));
      }
      out.println(sb.toString().stripTrailing());
      if (r == 0) {
        out.println("-".repeat(sb.toString().stripTrailing().length()));
      }
    }
  }
}
