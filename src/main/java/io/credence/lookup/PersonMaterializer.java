package io.credence.lookup;

import static io.credence.schema.Columns.*;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Turns the Parquet records of a score table into {@link ScoreRecord}s for one person only. The
 * page filter leaves thousands of other persons' records around the one wanted (a page holds up to
 * 20,000 rows); this materializer keeps the values of the record being read in reused fields and
 * builds objects only for the wanted person, so the others cost decoding but no allocation.
 * Parquet's reader skips a record whose materialization is null.
 */
final class PersonMaterializer extends RecordMaterializer<ScoreRecord> {
  private final Binary wanted;
  private final LocalDate partitionDate;
  private final Root root;

  private PersonMaterializer(MessageType schema, String storedId, LocalDate partitionDate) {
    this.wanted = Binary.fromString(storedId);
    this.partitionDate = partitionDate;
    this.root = new Root(schema);
  }

  /** Which columns to read. */
  enum Columns {
    /** Every column: the whole row. */
    ALL,
    /** person_id only: whether the file holds the person, at a fraction of the decoding. */
    PERSON_ID_ONLY
  }

  /**
   * A read support that yields the rows of {@code storedId}; with {@link Columns#PERSON_ID_ONLY}
   * the rows hold the id alone.
   */
  static ReadSupport<ScoreRecord> readSupport(
      String storedId, LocalDate partitionDate, Columns columns) {
    return new ReadSupport<>() {
      @Override
      public ReadContext init(InitContext context) {
        MessageType file = context.getFileSchema();
        return new ReadContext(
            columns == Columns.ALL
                ? file
                : new MessageType(file.getName(), file.getType(PERSON_ID)));
      }

      @Override
      public RecordMaterializer<ScoreRecord> prepareForRead(
          Configuration conf,
          Map<String, String> metadata,
          MessageType fileSchema,
          ReadContext context) {
        return new PersonMaterializer(context.getRequestedSchema(), storedId, partitionDate);
      }
    };
  }

  @Override
  public ScoreRecord getCurrentRecord() {
    Root r = root;
    if (r.personId == null || !r.personId.equals(wanted)) {
      return null;
    }
    List<ScoreRecord.Reason> reasons = new ArrayList<>(r.reasons.size());
    for (ReasonValues v : r.reasons) {
      reasons.add(
          new ScoreRecord.Reason(string(v.code), string(v.feature), v.pointsLost, string(v.text)));
    }
    return new ScoreRecord(
        r.personId.toStringUsingUTF8(),
        r.date == null ? partitionDate : LocalDate.ofEpochDay(r.date),
        r.score,
        string(r.tier),
        string(r.status),
        string(r.unscorableReason),
        reasons,
        string(r.scorecardId),
        string(r.runId));
  }

  @Override
  public GroupConverter getRootConverter() {
    return root;
  }

  private static String string(Binary b) {
    return b == null ? null : b.toStringUsingUTF8();
  }

  /** The values of one reason. */
  private static final class ReasonValues {
    Binary code;
    Binary feature;
    double pointsLost;
    Binary text;
  }

  /** The top-level record: one converter per column of the score schema, others ignored. */
  private static final class Root extends GroupConverter {
    Binary personId;
    Integer date;
    Integer score;
    Binary tier;
    Binary status;
    Binary unscorableReason;
    Binary scorecardId;
    Binary runId;
    final List<ReasonValues> reasons = new ArrayList<>();
    private final Converter[] converters;

    Root(MessageType schema) {
      converters = new Converter[schema.getFieldCount()];
      for (int i = 0; i < converters.length; i++) {
        converters[i] = converter(schema.getType(i));
      }
    }

    private Converter converter(Type field) {
      return switch (field.getName()) {
        case PERSON_ID -> binary(b -> personId = b);
        case TIER -> binary(b -> tier = b);
        case SCORE_STATUS -> binary(b -> status = b);
        case UNSCORABLE_REASON -> binary(b -> unscorableReason = b);
        case SCORECARD_ID -> binary(b -> scorecardId = b);
        case RUN_ID -> binary(b -> runId = b);
        case SNAPSHOT_DATE -> integer(v -> date = v);
        case SCORE -> integer(v -> score = v);
        case REASONS -> new ListConverter(field.asGroupType(), reasons);
        default -> ignore(field);
      };
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return converters[fieldIndex];
    }

    @Override
    public void start() {
      personId = null;
      date = null;
      score = null;
      tier = null;
      status = null;
      unscorableReason = null;
      scorecardId = null;
      runId = null;
      reasons.clear();
    }

    @Override
    public void end() {}
  }

  /**
   * The reasons list in Parquet's three-level layout (reasons / repeated list / element) or the
   * legacy two-level one (reasons / repeated element).
   */
  private static final class ListConverter extends GroupConverter {
    private final Converter repeated;

    ListConverter(GroupType list, List<ReasonValues> into) {
      GroupType rep = list.getType(0).asGroupType();
      boolean threeLevel = !rep.containsField(REASON_CODE) && rep.getFieldCount() == 1;
      GroupConverter element =
          new ElementConverter(threeLevel ? rep.getType(0).asGroupType() : rep, into);
      this.repeated = threeLevel ? wrapper(element) : element;
    }

    private static GroupConverter wrapper(GroupConverter element) {
      return new GroupConverter() {
        @Override
        public Converter getConverter(int fieldIndex) {
          return element;
        }

        @Override
        public void start() {}

        @Override
        public void end() {}
      };
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return repeated;
    }

    @Override
    public void start() {}

    @Override
    public void end() {}
  }

  /** One reason struct: code, feature, points_lost, text. */
  private static final class ElementConverter extends GroupConverter {
    private final List<ReasonValues> into;
    private final Converter[] converters;
    private ReasonValues current;

    ElementConverter(GroupType element, List<ReasonValues> into) {
      this.into = into;
      converters = new Converter[element.getFieldCount()];
      for (int i = 0; i < converters.length; i++) {
        Type field = element.getType(i);
        converters[i] =
            switch (field.getName()) {
              case REASON_CODE -> binary(b -> current.code = b);
              case REASON_FEATURE -> binary(b -> current.feature = b);
              case REASON_TEXT -> binary(b -> current.text = b);
              case POINTS_LOST ->
                  new PrimitiveConverter() {
                    @Override
                    public void addDouble(double value) {
                      current.pointsLost = value;
                    }
                  };
              default -> ignore(field);
            };
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return converters[fieldIndex];
    }

    @Override
    public void start() {
      current = new ReasonValues();
    }

    @Override
    public void end() {
      into.add(current);
    }
  }

  private static PrimitiveConverter binary(java.util.function.Consumer<Binary> sink) {
    return new PrimitiveConverter() {
      @Override
      public void addBinary(Binary value) {
        sink.accept(value);
      }
    };
  }

  private static PrimitiveConverter integer(java.util.function.IntConsumer sink) {
    return new PrimitiveConverter() {
      @Override
      public void addInt(int value) {
        sink.accept(value);
      }
    };
  }

  /** A converter that drops a column the lookup does not use (a future column, say). */
  private static Converter ignore(Type field) {
    if (field.isPrimitive()) {
      return new PrimitiveConverter() {
        @Override
        public void addBinary(Binary value) {}

        @Override
        public void addBoolean(boolean value) {}

        @Override
        public void addDouble(double value) {}

        @Override
        public void addFloat(float value) {}

        @Override
        public void addInt(int value) {}

        @Override
        public void addLong(long value) {}
      };
    }
    GroupType group = field.asGroupType();
    Converter[] children = new Converter[group.getFieldCount()];
    for (int i = 0; i < children.length; i++) {
      children[i] = ignore(group.getType(i));
    }
    return new GroupConverter() {
      @Override
      public Converter getConverter(int fieldIndex) {
        return children[fieldIndex];
      }

      @Override
      public void start() {}

      @Override
      public void end() {}
    };
  }
}
