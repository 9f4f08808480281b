package io.credence.error;

import io.credence.schema.FeatureNames;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Failures of {@code train} (all exit 2): its options, the dates and outcome windows, the training
 * table and its label and features, populations without both outcomes, protected attributes and
 * their proxies, a scorecard trained on a table used by the nightly job.
 */
public final class TrainErrors {
  private TrainErrors() {}

  /** {@code train} was given options of both sources, or too few of one. */
  public static CredenceException sourceUsage(String what) {
    return CredenceException.badInput(
        what, "train has two sources, the inputs or a table", "see credence train --help");
  }

  /** {@code file}, {@code --out} or a folder above it, is a file: no scorecard can be written. */
  public static CredenceException outNotFolder(Object out, Object file) {
    return CredenceException.badInput(
        "--out " + out + " cannot hold the trained scorecard: " + file + " is a file",
        "train writes <out>/<scorecard_id>/ once the fit is done; this is checked first, so that"
            + " no fit is lost",
        "pass a folder for --out (created when absent)");
  }

  /** {@code --out} names a folder on another file system than the local one (exit 2). */
  public static CredenceException outNotLocal(String out) {
    return CredenceException.badInput(
        "--out " + out + " is not a local folder",
        "train writes the scorecard's YAML, its report and MLlib's model to this machine's disk,"
            + " and score reads the YAML from there (--scorecard)",
        "train into a local folder (a path, or a file: URI), then copy the model where you keep"
            + " models");
  }

  /** {@code --out} lies inside the input root (exit 2). */
  public static CredenceException outInsideInputs(Object out, String inputRoot) {
    return CredenceException.badInput(
        "--out " + out + " lies inside the input root " + inputRoot,
        "train writes the scorecard's Parquet and YAML files there, and the next run would read"
            + " them as inputs or refuse them",
        "pass an --out outside "
            + inputRoot
            + " (default: models, in the folder credence starts"
            + " from)");
  }

  /** {@code --data-as-of} is later than tomorrow (UTC). */
  public static CredenceException dataAsOfAhead(LocalDate dataAsOf, LocalDate today) {
    return CredenceException.badInput(
        "--data-as-of " + dataAsOf + " is after today (" + today + " in UTC)",
        "E is the date the inputs run to: rows dated after today are bad rows, and an outcome"
            + " window ending after today has not ended, so people who will still turn bad in it"
            + " would be labelled good",
        "pass --data-as-of with today's date or an earlier one, or leave it out (the inputs'"
            + " latest date on or before today)");
  }

  /** The inputs hold no date on or before {@code cap}. */
  public static CredenceException noInputDate(String inputRoot, LocalDate cap) {
    return CredenceException.badInput(
        "the inputs under " + inputRoot + " hold no date on or before " + cap,
        "labels need outcomes, and the inputs hold no order, payment, court record or dispute"
            + " dated by then",
        "check --input, or pass --data-as-of with the date the inputs run to");
  }

  /** The outcome window of {@code observationDate} ends at {@code end}, after the data does. */
  public static CredenceException incompleteWindow(
      LocalDate date, boolean holdout, LocalDate end, LocalDate dataAsOf, LocalDate latestAllowed) {
    return CredenceException.badInput(
        dateRole(holdout)
            + " "
            + date
            + " needs outcomes up to "
            + end
            + ", but the data only runs to "
            + dataAsOf,
        "a person is labelled by the 12 months after the date; with part of that"
            + " window missing, people who will default would be counted as good",
        earlierDate(holdout, latestAllowed));
  }

  /** The outcome window of {@code observationDate} ends after the inputs' latest date. */
  public static CredenceException inputsEndEarly(
      LocalDate date,
      boolean holdout,
      LocalDate end,
      LocalDate latestInputDate,
      LocalDate latestAllowed) {
    return CredenceException.badInput(
        dateRole(holdout)
            + " "
            + date
            + " needs outcomes up to "
            + end
            + ", but the latest date in the inputs is "
            + latestInputDate,
        "the inputs hold no order, payment, court record or dispute after "
            + latestInputDate
            + ", so everyone would look good for the rest of the window",
        earlierDate(holdout, latestAllowed) + ", or train on newer inputs");
  }

  private static String dateRole(boolean holdout) {
    return holdout ? "the holdout's date" : "observation date";
  }

  /**
   * The fix for a date whose outcome window is incomplete: an observation date, or the holdout's,
   * which by default is the latest observation date plus holdout_months, so the refusal of a
   * default holdout named a date the user never gave.
   */
  private static String earlierDate(boolean holdout, LocalDate latestAllowed) {
    return holdout
        ? "give --holdout-date on or before "
            + latestAllowed
            + " (by default the holdout is the latest observation date plus holdout_months, so an"
            + " earlier observation date moves it too)"
        : "choose an observation date on or before " + latestAllowed;
  }

  /** The holdout's outcome window starts before the latest training window ends. */
  public static CredenceException holdoutNotOutOfTime(
      LocalDate holdoutDate,
      LocalDate holdoutWindowEnd,
      LocalDate trainingEnd,
      LocalDate latestObservation,
      int outcomeMonths) {
    return CredenceException.badInput(
        "holdout date "
            + holdoutDate
            + " is before "
            + trainingEnd
            + ", the end of the outcome window of observation date "
            + latestObservation,
        "the holdout's outcome window ("
            + holdoutDate
            + ", "
            + holdoutWindowEnd
            + "] would share months with the training outcomes, so its out-of-time AUC, KS and"
            + " calibration would be partly measured on what the model was fitted to",
        "pass --holdout-date on or after "
            + trainingEnd
            + ", or leave it out (the latest observation date + holdout_months, at least "
            + outcomeMonths
            + ")");
  }

  /** The training population (of eligible persons) lacks goods or bads. */
  public static CredenceException trainingPopulationOneClass(long rows, long bads, LocalDate asOf) {
    return populationOneClass(
        "training population",
        rows,
        bads,
        "choose other or more observation dates (their outcome windows must end on or before "
            + asOf
            + "), or check the eligibility settings of the job config");
  }

  /** The holdout population at {@code holdoutDate} lacks goods or bads. */
  public static CredenceException holdoutPopulationOneClass(
      LocalDate holdoutDate, long rows, long bads, LocalDate earliest, LocalDate latest) {
    return populationOneClass(
        "holdout at " + holdoutDate,
        rows,
        bads,
        "pass another --holdout-date between "
            + earliest
            + " and "
            + latest
            + ", or train on inputs covering more persons");
  }

  private static CredenceException populationOneClass(
      String population, long rows, long bads, String fix) {
    String found =
        rows == 0
            ? "holds no eligible person"
            : "holds "
                + rows
                + " eligible persons, "
                + (bads == 0 ? "none" : "all")
                + " of them bad";
    return CredenceException.badInput(
        "the " + population + " " + found,
        "weight of evidence, AUC, KS and calibration compare bads with goods, so a population"
            + " needs both (and an empty one measures nothing)",
        fix);
  }

  /** No feature's information value reaches binning.min_iv. */
  public static CredenceException noFeatureReachesIv(double minIv) {
    return CredenceException.badInput(
        "no feature reaches the minimum information value " + minIv,
        "a scorecard needs at least one feature that separates good from bad",
        "lower binning.min_iv, or train on a larger population or other observation dates");
  }

  /** The training table of {@code train --table} does not exist. */
  public static CredenceException tableMissing(String path) {
    return CredenceException.badInput(
        "training table " + path + " does not exist",
        "train --table reads a Parquet or Delta table from that path",
        "pass the folder (or file) of an existing Parquet or Delta table");
  }

  /** The training table's folder cannot be listed. */
  public static CredenceException tableUninspectable(String path, Exception e) {
    return CredenceException.badInput(
        "training table " + path + " cannot be inspected: " + e.getMessage(),
        "train --table needs to list the table's folder",
        ErrorText.CHECK_PATH,
        e);
  }

  /**
   * Spark cannot read the training table in {@code format} (Delta or Parquet); {@code detail} says
   * what failed, in one line.
   */
  public static CredenceException tableUnreadable(
      String path, String format, String detail, Exception e) {
    return CredenceException.badInput(
        "training table " + path + " cannot be read as " + format + ": " + detail,
        "training needs every row of the table",
        "pass a Parquet folder or file, or a Delta table (a folder with _delta_log)",
        e);
  }

  /**
   * The holdout table lacks {@code feature} ({@code holdoutType} null) or has it with another type
   * than the training table's.
   */
  public static CredenceException holdoutColumnMismatch(
      String holdoutPath, String feature, String holdoutType, String trainingType) {
    return CredenceException.badInput(
        "holdout table "
            + holdoutPath
            + (holdoutType != null
                ? " has column '" + feature + "' as " + holdoutType
                : " has no column '" + feature + "'"),
        "the holdout is scored with the same bins, so it needs every feature with the type"
            + " it has in the training table ("
            + trainingType
            + ")",
        "give the holdout table the training table's feature columns");
  }

  /** --holdout-table names the training table itself. */
  public static CredenceException holdoutTableIsTable(String table, String holdout) {
    return CredenceException.badInput(
        "--holdout-table " + holdout + " is the training table " + table,
        "the scorecard would be evaluated on the rows it was fitted to, and its in-sample AUC, KS"
            + " and calibration reported as the holdout's",
        "pass a holdout table holding other rows, or leave --holdout-table out (a hashed share"
            + " of the table's rows, table.holdout_share, is then held out)");
  }

  /** A part of the split training table lacks goods or bads. */
  public static CredenceException splitPartOneClass(String part, long rows, long bads) {
    return tablePartOneClass(
        part,
        rows,
        bads,
        "train on a larger table, or change table.holdout_share or pass --holdout-table");
  }

  /** A part of the training table, with a separate holdout table, lacks goods or bads. */
  public static CredenceException holdoutTablePartOneClass(String part, long rows, long bads) {
    return tablePartOneClass(part, rows, bads, "pass a holdout table holding both outcomes");
  }

  private static CredenceException tablePartOneClass(
      String part, long rows, long bads, String fix) {
    return CredenceException.badInput(
        "the " + part + " rows hold " + rows + " rows of which " + bads + " are bad",
        "binning and evaluation need both good and bad rows",
        fix);
  }

  /** The training table has no column {@code label}. */
  public static CredenceException noLabelColumn(String table, String label, List<String> have) {
    return CredenceException.badInput(
        "training table " + table + " has no label column '" + label + "'",
        "the label says which rows turned out bad (1) and which good (0); its columns are " + have,
        "pass --label with one of those columns, or add a 0/1 column '" + label + "'");
  }

  /** The label column is neither numeric nor boolean. */
  public static CredenceException labelNotNumeric(String label, String table, String type) {
    return CredenceException.badInput(
        "label column '" + label + "' of " + table + " is " + type,
        "a label must be 0 (good) or 1 (bad), a number",
        "cast it to an integer column holding 0 and 1");
  }

  /**
   * The label holds nulls or values other than 0 and 1: of {@code rows}, {@code nulls} null and
   * {@code others} other, e.g. {@code examples}.
   */
  public static CredenceException labelNotBinary(
      String label,
      String table,
      long rows,
      long nulls,
      long others,
      List<String> examples,
      long zeros,
      long ones) {
    return CredenceException.badInput(
        String.format(
            Locale.ROOT,
            "label column '%s' of %s must hold only 0 and 1, but of %d rows %d are null and"
                + " %d hold other values%s (%d zeros, %d ones)",
            label,
            table,
            rows,
            nulls,
            others,
            examples.isEmpty() ? "" : " such as " + examples,
            zeros,
            ones),
        "a row whose outcome is unknown or coded otherwise cannot count as good or bad",
        "drop the rows without an outcome and recode the label to 0 (good) and 1 (bad)");
  }

  /** The label of the training table holds only one of 0 and 1. */
  public static CredenceException labelOneClass(String label, String table, long zeros, long ones) {
    return CredenceException.badInput(
        oneClass(label, table, zeros, ones),
        "weight of evidence and a logistic regression need both good (0) and bad (1) rows",
        "train on a table holding both outcomes");
  }

  /** The label of the --holdout-table holds only one of 0 and 1. */
  public static CredenceException holdoutLabelOneClass(
      String label, String table, long zeros, long ones) {
    return CredenceException.badInput(
        "holdout table: " + oneClass(label, table, zeros, ones),
        "AUC, KS and calibration compare bads with goods, so the holdout needs both good (0) and"
            + " bad (1) rows",
        "pass a --holdout-table holding both outcomes, or leave --holdout-table out (a hashed"
            + " share of the training table's rows is then held out)");
  }

  private static String oneClass(String label, String table, long zeros, long ones) {
    return String.format(
        Locale.ROOT, "label column '%s' of %s has %d zeros and %d ones", label, table, zeros, ones);
  }

  /** --features names columns the table lacks. */
  public static CredenceException noSuchFeatures(
      String table, List<String> missing, List<String> have) {
    return CredenceException.badInput(
        "training table " + table + " has no column " + missing,
        "--features names the columns to bin; its columns are " + have,
        "pass --features with columns of the table, comma-separated");
  }

  /** The table has no column but the label and id columns. */
  public static CredenceException noFeatureColumns(String table) {
    return CredenceException.badInput(
        "training table " + table + " has no feature column besides the label and id columns",
        "a scorecard needs at least one column to score on",
        "add feature columns, or name them with --features");
  }

  /** --protected names the label. */
  public static CredenceException protectedIsLabel(String label) {
    return CredenceException.badInput(
        "--protected names the label column '" + label + "'",
        "a protected column is compared with every feature to find proxies; the label is the"
            + " outcome, with which a useful feature is associated by design",
        "name only the table's columns that hold protected attributes");
  }

  /** --protected (or proxy.protected_columns) names columns the table lacks. */
  public static CredenceException noSuchProtected(
      String table, List<String> missing, List<String> have) {
    return CredenceException.badInput(
        "training table " + table + " has no column " + missing,
        "--protected (or proxy.protected_columns) names the table's columns that hold protected"
            + " attributes; its columns are "
            + have,
        "name columns of the table, comma-separated");
  }

  /** --allow-proxy names columns that are not features. */
  public static CredenceException allowProxyStrays(List<String> strays, List<String> features) {
    return CredenceException.badInput(
        "--allow-proxy names " + strays + ", which are not features",
        "--allow-proxy keeps a feature the proxy check flags; the features are " + features,
        "name features only, comma-separated");
  }

  /** The table's columns, taken as features by default, include protected attributes. */
  public static CredenceException protectedByDefault(List<String> banned, String allowed) {
    return protectedFeatures(
        "the table's columns " + banned,
        "name the features without them, e.g. --features " + allowed);
  }

  /** --features names protected attributes. */
  public static CredenceException protectedNamed(List<String> banned) {
    return protectedFeatures(
        "--features names " + banned, "leave " + banned + " out of --features");
  }

  private static CredenceException protectedFeatures(String named, String fix) {
    return CredenceException.badInput(
        named + ", protected attributes",
        "a protected attribute ("
            + FeatureNames.PROTECTED
            + ", "
            + FeatureNames.PROTECTED_ALIASES
            + " and the columns declared with --protected) must never enter a scorecard: it would"
            + " judge people by who or where they are instead of how they pay",
        fix);
  }

  /** --features is empty, or holds an empty name ({@code given}: its names). */
  public static CredenceException featuresBlank(List<String> given) {
    boolean empty = given.stream().allMatch(String::isBlank);
    return CredenceException.badInput(
        empty
            ? "--features is empty"
            : "--features " + String.join(",", given) + " holds an empty name",
        "--features names the columns to bin, comma-separated",
        empty
            ? "name at least one column of the table, or leave --features out (every column but"
                + " the label and the id columns)"
            : "remove the extra comma");
  }

  /** --features names {@code twice} more than once (ignoring case, as Spark matches names). */
  public static CredenceException duplicateFeatures(List<String> twice) {
    return CredenceException.badInput(
        "--features names " + twice + " more than once (names are compared ignoring case)",
        "each feature is binned and scored once; Spark matches column names ignoring case, so a"
            + " second one would clash with the first",
        "name each feature once in --features");
  }

  /**
   * Features whose names clash with columns training adds ({@code added}, woe_<feature>,
   * _slot_<n>); {@code without}: the default features without them, null when --features named
   * them.
   */
  public static CredenceException featuresClash(
      List<String> clashing, List<String> added, String without) {
    return CredenceException.badInput(
        "feature column(s) "
            + clashing
            + " have the name of a column training adds to the rows it fits and evaluates",
        addedWhy(added),
        without == null
            ? "rename the column(s) in the table, or leave them out of --features"
            : "rename the column(s) in the table, or leave them out: --features " + without);
  }

  /** Protected columns, kept next to the features for the proxy check, clash with added ones. */
  public static CredenceException protectedClash(List<String> clashing, List<String> added) {
    return CredenceException.badInput(
        "protected column(s) "
            + clashing
            + " have the name of a column training adds to the rows it fits",
        addedWhy(added) + "; protected columns stay next to the features for the proxy check",
        "rename the column(s) in the table, or leave them out of --protected");
  }

  private static String addedWhy(List<String> added) {
    return "training adds "
        + String.join(", ", added)
        + ", woe_<feature> for each feature and _slot_<n>, and Spark matches column names"
        + " ignoring case, so the two would clash";
  }

  /** Feature {@code f} is the label. */
  public static CredenceException featureIsLabel(String f, String table) {
    return CredenceException.badInput(
        "column '" + f + "' of " + table + " is both a feature and the label",
        "a feature must not be the outcome itself (Spark matches column names ignoring case)",
        "leave '" + f + "' out of --features, or rename the column");
  }

  /** Feature {@code f}'s name is not a plain identifier. */
  public static CredenceException featureNameInvalid(String f, String table) {
    return CredenceException.badInput(
        "feature column '"
            + f
            + "' of "
            + table
            + " has characters other than letters, digits and '_'",
        "its name becomes a scorecard key and an SQL column name",
        "rename the column");
  }

  /** Feature {@code f} is neither numeric nor categorical. */
  public static CredenceException featureTypeUnsupported(String f, String table, String type) {
    return CredenceException.badInput(
        "feature column '" + f + "' of " + table + " is " + type,
        "features are binned by quantiles (numbers) or by category (strings and booleans); "
            + type
            + " is neither",
        "cast it to a number or a string, or leave it out of --features");
  }

  /** Features flagged as likely proxies, feature to why, that --allow-proxy does not name. */
  public static CredenceException likelyProxies(Map<String, String> refused) {
    StringBuilder what = new StringBuilder("likely proxies of protected attributes:");
    refused.forEach((f, why) -> what.append("\n  - ").append(f).append(": ").append(why));
    List<String> names = List.copyOf(refused.keySet());
    return CredenceException.badInput(
        what.toString(),
        "a feature that stands in for a protected attribute lets it into the scorecard under"
            + " another name",
        "leave "
            + names
            + " out of --features; or, if you have checked that each is a legitimate and lawful"
            + " predictor, pass --allow-proxy "
            + String.join(",", names)
            + " (the training report then lists it as an allowed proxy)");
  }

  /** The nightly job was given a scorecard trained on a table's columns. */
  public static CredenceException scorecardNeedsTable(String id, List<String> features) {
    return CredenceException.badInput(
        "scorecard " + id + " reads the columns " + features + " of a training table",
        "it was trained with train --table; the nightly job computes only the features "
            + FeatureNames.ALL,
        "score with an expert scorecard or one trained with train --observation-date");
  }
}
