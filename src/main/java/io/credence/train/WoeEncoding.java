package io.credence.train;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The weight-of-evidence encoding as Spark SQL for MLlib's SQLTransformer, so the saved
 * PipelineModel holds the whole model: one {@code woe_<feature>} column per feature, a CASE WHEN
 * over the same bins as the exported points table (null and NaN take the missing bin's WoE; a
 * categorical feature's CASE WHEN tests its categories, and anything else takes the other bin's).
 */
public final class WoeEncoding {
  private WoeEncoding() {}

  /** {@code SELECT *, CASE ... AS woe_f, ... FROM __THIS__}. */
  public static String statement(List<FeatureBins> bins) {
    return "SELECT *, "
        + bins.stream().map(WoeEncoding::caseWhen).collect(Collectors.joining(", "))
        + " FROM __THIS__";
  }

  private static String caseWhen(FeatureBins b) {
    if (b.categorical()) {
      return categoryCaseWhen(b);
    }
    String v = "CAST(`" + b.feature() + "` AS DOUBLE)";
    StringBuilder sql = new StringBuilder("CASE WHEN " + v + " IS NULL OR isnan(" + v + ") THEN ");
    sql.append(literal(b.missingWoe()));
    List<Double> uppers = b.uppers();
    for (int i = 0; i < uppers.size(); i++) {
      sql.append(" WHEN ").append(v).append(" < ").append(literal(uppers.get(i)));
      sql.append(" THEN ").append(literal(b.woe().get(i)));
    }
    sql.append(" ELSE ").append(literal(b.woe().get(uppers.size())));
    return sql.append(" END AS `").append(b.woeColumn()).append('`').toString();
  }

  private static String categoryCaseWhen(FeatureBins b) {
    // A boolean column's categories are its strings "true" and "false".
    String v = "CAST(`" + b.feature() + "` AS STRING)";
    StringBuilder sql = new StringBuilder("CASE WHEN " + v + " IS NULL THEN ");
    sql.append(literal(b.missingWoe()));
    int other = b.categories().size() - 1;
    for (int i = 0; i < other; i++) {
      String values =
          b.categories().get(i).stream()
              .map(WoeEncoding::literal)
              .collect(Collectors.joining(", "));
      sql.append(" WHEN ").append(v).append(" IN (").append(values).append(')');
      sql.append(" THEN ").append(literal(b.woe().get(i)));
    }
    sql.append(" ELSE ").append(literal(b.woe().get(other)));
    return sql.append(" END AS `").append(b.woeColumn()).append('`').toString();
  }

  /** A string literal of exactly {@code value}, whatever quotes or escapes it holds: its UTF-8. */
  private static String literal(String value) {
    return "CAST(X'"
        + HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8))
        + "' AS STRING)";
  }

  /** A double literal that Spark parses back to exactly the same double. */
  private static String literal(double value) {
    return "CAST('" + Double.toString(value) + "' AS DOUBLE)";
  }
}
