package io.credence.train;

import static io.credence.schema.Columns.PERSON_ID;
import static io.credence.schema.Columns.SCORE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.credence.config.ConfigLoader;
import io.credence.error.TrainErrors;
import io.credence.publish.QualityGates;
import io.credence.run.Progress;
import io.credence.score.Scorecard;
import io.credence.score.ScorecardApplier;
import io.credence.score.ScorecardInput;
import io.credence.score.ScorecardYaml;
import io.credence.spark.LocalFileSystems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The part of training both sources share: bins and WoE, the sign-bounded logistic regression, the
 * points table, evaluation on training and holdout rows, and the outputs under {@code
 * <out>/<scorecard_id>/}: scorecard.yaml, model/ (the MLlib PipelineModel), metadata.json and
 * report.md.
 */
public final class ScorecardFit {
  private ScorecardFit() {}

  /**
   * What to fit and how to name it.
   *
   * @param features candidate feature columns, in reason-code order
   * @param input what the scorecard will read
   * @param idPrefix the id before the content hash, e.g. "trained-20241031"
   * @param description the scorecard's description
   * @param sample where the rows came from, for the report
   * @param proxies the likely-proxy check, or null (from the inputs: no check)
   */
  public record Spec(
      List<String> features,
      ScorecardInput input,
      String idPrefix,
      String description,
      TrainingReport.Sample sample,
      Proxies proxies) {}

  /**
   * What the likely-proxy check needs.
   *
   * @param protectedColumns columns of the training rows holding protected attributes
   * @param allowed features --allow-proxy keeps even when flagged
   * @param byName the allowed features flagged by their name, with why
   */
  public record Proxies(
      List<String> protectedColumns, List<String> allowed, Map<String, String> byName) {}

  /** Fits on {@code train} (features and {@code label}), evaluates, writes; both rows cached. */
  public static TrainedScorecard fitAndWrite(
      Dataset<Row> train,
      Dataset<Row> holdout,
      Spec spec,
      TrainConfig cfg,
      Path out,
      Progress progress) {
    List<FeatureBins> all = Binning.fit(train, spec.features(), cfg.binning(), Directions.FIXED);
    List<FeatureBins> kept = all.stream().filter(b -> b.iv() >= cfg.binning().minIv()).toList();
    if (kept.isEmpty()) {
      throw TrainErrors.noFeatureReachesIv(cfg.binning().minIv());
    }
    TrainingReport.Proxies proxies =
        spec.proxies() == null ? null : checkProxies(train, kept, spec.proxies(), cfg, progress);
    PipelineModel model = ModelFit.fit(train, kept, cfg.model());
    LogisticRegressionModel lr = ModelFit.logistic(model);
    Scorecard card = export(spec, kept, lr, cfg);
    Evaluation.Metrics trainMetrics = evaluate(train, card, cfg);
    Evaluation.Metrics holdoutMetrics = evaluate(holdout, card, cfg);
    double psi = QualityGates.psi(trainMetrics.histogram(), holdoutMetrics.histogram());
    TrainingReport report =
        new TrainingReport(
            card.id(),
            spec.sample(),
            cfg,
            kept(kept, lr),
            all.stream()
                .filter(b -> !kept.contains(b))
                .map(b -> new TrainingReport.DroppedFeature(b.feature(), b.iv()))
                .toList(),
            lr.intercept(),
            cfg.scaling().factor(),
            cfg.scaling().offset(),
            card.basePoints(),
            trainMetrics,
            holdoutMetrics,
            psi,
            proxies);
    Path dir = out.resolve(card.id());
    progress.stage("write " + dir, () -> write(dir, card, model, report));
    return new TrainedScorecard(report, dir);
  }

  /**
   * The strongest association of each kept feature with a protected column; refuses (exit 2) the
   * likely proxies --allow-proxy does not name. Collects only the contingency counts.
   */
  private static TrainingReport.Proxies checkProxies(
      Dataset<Row> train, List<FeatureBins> kept, Proxies p, TrainConfig cfg, Progress progress) {
    double max = cfg.proxy().maxAssociation();
    List<TrainingReport.Association> strongest =
        p.protectedColumns().isEmpty()
            ? List.of()
            : strongestAssociations(train, kept, p.protectedColumns(), progress);
    Map<String, String> flagged = new LinkedHashMap<>(p.byName());
    for (TrainingReport.Association a : strongest) {
      if (a.cramersV() > max) {
        String why =
            String.format(
                Locale.ROOT,
                "it is associated with protected column %s (Cramér's V %.2f, over"
                    + " proxy.max_association %s)",
                a.protectedColumn(),
                a.cramersV(),
                max);
        flagged.merge(a.feature(), why, (x, y) -> x + "; " + y);
      }
    }
    ProxyCheck.requireAllowed(flagged, p.allowed());
    List<TrainingReport.AllowedProxy> allowed =
        flagged.entrySet().stream()
            .map(e -> new TrainingReport.AllowedProxy(e.getKey(), e.getValue()))
            .toList();
    return new TrainingReport.Proxies(p.protectedColumns(), max, strongest, allowed);
  }

  private static List<TrainingReport.Association> strongestAssociations(
      Dataset<Row> train,
      List<FeatureBins> kept,
      List<String> protectedColumns,
      Progress progress) {
    List<List<Double>> splits = ProxyCheck.groupSplits(train, protectedColumns);
    List<Row> counts =
        progress.stage(
            "proxy check",
            () -> ProxyCheck.contingency(train, kept, protectedColumns, splits).collectAsList(),
            List::size);
    List<TrainingReport.Association> out = new ArrayList<>();
    for (int f = 0; f < kept.size(); f++) {
      TrainingReport.Association best = null;
      for (int p = 0; p < protectedColumns.size(); p++) {
        double v = ProxyCheck.cramersV(table(counts, f, p));
        if (best == null || v > best.cramersV()) {
          best = new TrainingReport.Association(kept.get(f).feature(), protectedColumns.get(p), v);
        }
      }
      out.add(best);
    }
    return out;
  }

  /** The contingency table of feature f and protected column p: bins by groups. */
  private static long[][] table(List<Row> counts, int f, int p) {
    Map<Integer, Integer> bins = new java.util.TreeMap<>();
    Map<String, Integer> groups = new LinkedHashMap<>();
    List<Row> pair = counts.stream().filter(r -> r.getInt(0) == f && r.getInt(1) == p).toList();
    for (Row r : pair) {
      bins.putIfAbsent(r.getInt(2), bins.size());
      groups.putIfAbsent(r.isNullAt(3) ? null : r.getString(3), groups.size());
    }
    long[][] table = new long[bins.size()][groups.size()];
    for (Row r : pair) {
      table[bins.get(r.getInt(2))][groups.get(r.isNullAt(3) ? null : r.getString(3))] +=
          r.getLong(4);
    }
    return table;
  }

  /** The points table, its id "prefix-hash" naming the content so reruns give the same id. */
  private static Scorecard export(
      Spec spec, List<FeatureBins> kept, LogisticRegressionModel lr, TrainConfig cfg) {
    Scorecard draft =
        PointsTable.export(
            spec.idPrefix(),
            spec.description(),
            spec.input(),
            kept,
            lr,
            cfg.scaling(),
            spec.features());
    String hash = ConfigLoader.sha256(draft.toString()).substring(0, 8);
    return PointsTable.export(
        spec.idPrefix() + "-" + hash,
        spec.description(),
        spec.input(),
        kept,
        lr,
        cfg.scaling(),
        spec.features());
  }

  private static List<TrainingReport.KeptFeature> kept(
      List<FeatureBins> kept, LogisticRegressionModel lr) {
    double[] coefficients = lr.coefficients().toArray();
    return IntStream.range(0, kept.size())
        .mapToObj(
            i ->
                new TrainingReport.KeptFeature(
                    kept.get(i).feature(), kept.get(i).iv(), coefficients[i], kept.get(i)))
        .toList();
  }

  /** Scores the rows with the points table; only its features, a person_id and the label. */
  private static Evaluation.Metrics evaluate(Dataset<Row> rows, Scorecard card, TrainConfig cfg) {
    List<Column> keep = new ArrayList<>();
    keep.add(
        Arrays.asList(rows.columns()).contains(PERSON_ID)
            ? col(PERSON_ID)
            : lit(null).cast("string").as(PERSON_ID));
    card.featureNames().forEach(f -> keep.add(col(f)));
    keep.add(col(Labels.LABEL));
    Dataset<Row> scored =
        ScorecardApplier.apply(rows.select(keep.toArray(Column[]::new)), card, 0)
            .select(col(SCORE), col(Labels.LABEL));
    return Evaluation.evaluate(scored, cfg.scaling());
  }

  private static long write(Path dir, Scorecard card, PipelineModel model, TrainingReport report) {
    try {
      Files.createDirectories(dir);
      ScorecardYaml.write(card, dir.resolve("scorecard.yaml"));
      model.write().overwrite().save(LocalFileSystems.sparkPath(dir.resolve("model")));
      Files.writeString(dir.resolve("metadata.json"), json().writeValueAsString(report));
      Files.writeString(dir.resolve("report.md"), ReportMarkdown.render(report));
      return -1L;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the trained scorecard to " + dir, e);
    }
  }

  private static ObjectMapper json() {
    return new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
  }
}
