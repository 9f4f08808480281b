package io.credence.train;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The weight-of-evidence encoding as Spark SQL for MLlib's SQLTransformer, so the saved
 * PipelineModel holds the whole model: one {@code woe_<feature>} column per feature, a CASE WHEN
 * over the same bins as the exported points table (null and NaN take the missing bin's WoE).
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

  /** A double literal that Spark parses back to exactly the same double. */
  private static String literal(double value) {
    return "CAST('" + Double.toString(value) + "' AS DOUBLE)";
  }
}
