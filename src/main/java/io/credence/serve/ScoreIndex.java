package io.credence.serve;

import io.credence.lookup.ScoreRecord;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * One version of scores_current in memory, compact and immutable, for the lookup service: persons
 * sorted by stored id in primitive arrays, found by binary search, and every repeated value (tier,
 * status, snapshot date with scorecard and run, each reason with its points) stored once in a
 * dictionary and referenced by a small number.
 *
 * <p>Per person it holds the id (32 bytes for a pseudonym, packed from its 64 hex characters, or
 * the raw id's UTF-8 bytes plus a 4-byte offset), 2 bytes of score, 3 of tier, status and
 * unscorable reason, 2 of snapshot reference, a 4-byte reason offset and 2 bytes per reason: about
 * 50 bytes with raw ids like {@code P0000000042} and 3 reasons, about 70 with pseudonyms. {@link
 * #bytes()} sums the arrays.
 */
public final class ScoreIndex {
  private final Keys keys;
  private final short[] score; // -1: null
  private final byte[] tier; // dictionary refs, -1: null
  private final byte[] status;
  private final byte[] unscorableReason;
  private final short[] meta;
  private final int[] reasonStart; // person i's reasons are reasonRef[reasonStart[i]..[i+1])
  private final short[] reasonRef;
  private final String[] tiers;
  private final String[] statuses;
  private final String[] unscorableReasons;
  private final Meta[] metas;
  private final ScoreRecord.Reason[] reasons;
  private final long version;

  /** The snapshot-level values of a row, stored once. */
  private record Meta(LocalDate snapshotDate, String scorecardId, String runId) {}

  private ScoreIndex(Builder b, Keys keys, int[] order) {
    int n = order.length;
    this.keys = keys;
    this.version = b.version;
    this.score = new short[n];
    this.tier = new byte[n];
    this.status = new byte[n];
    this.unscorableReason = new byte[n];
    this.meta = new short[n];
    this.reasonStart = new int[n + 1];
    this.reasonRef = new short[b.reasonCount];
    int r = 0;
    for (int i = 0; i < n; i++) {
      int from = order[i];
      score[i] = b.score[from];
      tier[i] = b.tier[from];
      status[i] = b.status[from];
      unscorableReason[i] = b.unscorableReason[from];
      meta[i] = b.meta[from];
      reasonStart[i] = r;
      for (int k = b.reasonStart[from]; k < b.reasonStart[from + 1]; k++) {
        reasonRef[r++] = b.reasonRef[k];
      }
    }
    reasonStart[n] = r;
    this.tiers = b.tiers.values(String[]::new);
    this.statuses = b.statuses.values(String[]::new);
    this.unscorableReasons = b.unscorableReasons.values(String[]::new);
    this.metas = b.metas.values(Meta[]::new);
    this.reasons = b.reasons.values(ScoreRecord.Reason[]::new);
  }

  /** The scores_current version this index holds. */
  public long version() {
    return version;
  }

  /** Persons in the index. */
  public int size() {
    return score.length;
  }

  /** The snapshot dates the index holds (one, unless a backfill left older rows). */
  public List<LocalDate> snapshotDates() {
    return Arrays.stream(metas).map(Meta::snapshotDate).distinct().sorted().toList();
  }

  /** The runs whose rows the index holds, by snapshot date (one run per date once published). */
  public Map<LocalDate, java.util.Set<String>> runsByDate() {
    Map<LocalDate, java.util.Set<String>> runs = new java.util.TreeMap<>();
    for (Meta m : metas) {
      runs.computeIfAbsent(m.snapshotDate(), d -> new java.util.TreeSet<>()).add(m.runId());
    }
    return runs;
  }

  /** Bytes held by the index's arrays and dictionaries (object headers aside). */
  public long bytes() {
    long dictionaries = 0;
    for (ScoreRecord.Reason reason : reasons) {
      dictionaries += 64 + 2L * (length(reason.code()) + length(reason.text()));
    }
    return keys.bytes()
        + 2L * score.length
        + 3L * tier.length
        + 2L * meta.length
        + 4L * reasonStart.length
        + 2L * reasonRef.length
        + dictionaries;
  }

  /** The row of the person whose stored id is {@code storedId}, if any. */
  public Optional<ScoreRecord> find(String storedId) {
    int i = keys.indexOf(storedId);
    if (i < 0) {
      return Optional.empty();
    }
    List<ScoreRecord.Reason> rs = new ArrayList<>(reasonStart[i + 1] - reasonStart[i]);
    for (int k = reasonStart[i]; k < reasonStart[i + 1]; k++) {
      rs.add(reasons[reasonRef[k]]);
    }
    Meta m = metas[meta[i]];
    return Optional.of(
        new ScoreRecord(
            storedId,
            m.snapshotDate(),
            score[i] < 0 ? null : (int) score[i],
            value(tiers, tier[i]),
            value(statuses, status[i]),
            value(unscorableReasons, unscorableReason[i]),
            rs,
            m.scorecardId(),
            m.runId()));
  }

  private static String value(String[] dictionary, byte ref) {
    return ref < 0 ? null : dictionary[ref];
  }

  private static int length(String s) {
    return s == null ? 0 : s.length();
  }

  /** A builder for an index of the given version; ids are pseudonyms (hex) or raw. */
  public static Builder builder(long version, boolean hexIds) {
    return new Builder(version, hexIds);
  }

  /** Collects rows in any order; {@link #build()} sorts them by id. */
  public static final class Builder {
    private final long version;
    private final boolean hexIds;
    private final List<String> ids = new ArrayList<>();
    private short[] score = new short[1024];
    private byte[] tier = new byte[1024];
    private byte[] status = new byte[1024];
    private byte[] unscorableReason = new byte[1024];
    private short[] meta = new short[1024];
    private int[] reasonStart = new int[1025];
    private short[] reasonRef = new short[4096];
    private int reasonCount;
    private final Dictionary<String> tiers = new Dictionary<>(Byte.MAX_VALUE, "tiers");
    private final Dictionary<String> statuses = new Dictionary<>(Byte.MAX_VALUE, "statuses");
    private final Dictionary<String> unscorableReasons =
        new Dictionary<>(Byte.MAX_VALUE, "unscorable reasons");
    private final Dictionary<Meta> metas = new Dictionary<>(Short.MAX_VALUE, "snapshot runs");
    private final Dictionary<ScoreRecord.Reason> reasons =
        new Dictionary<>(Short.MAX_VALUE, "reasons with their points");

    private Builder(long version, boolean hexIds) {
      this.version = version;
      this.hexIds = hexIds;
    }

    /** Adds one row. */
    public void add(ScoreRecord r) {
      int i = ids.size();
      if (i == score.length) {
        grow();
      }
      ids.add(r.personId());
      score[i] = r.score() == null ? -1 : r.score().shortValue();
      tier[i] = (byte) tiers.ref(r.tier());
      status[i] = (byte) statuses.ref(r.status());
      unscorableReason[i] = (byte) unscorableReasons.ref(r.unscorableReason());
      meta[i] = (short) metas.ref(new Meta(r.snapshotDate(), r.scorecardId(), r.runId()));
      for (ScoreRecord.Reason reason : r.reasons()) {
        if (reasonCount == reasonRef.length) {
          reasonRef = Arrays.copyOf(reasonRef, reasonRef.length * 2);
        }
        reasonRef[reasonCount++] = (short) reasons.ref(reason);
      }
      reasonStart[i + 1] = reasonCount;
    }

    private void grow() {
      int n = score.length * 2;
      score = Arrays.copyOf(score, n);
      tier = Arrays.copyOf(tier, n);
      status = Arrays.copyOf(status, n);
      unscorableReason = Arrays.copyOf(unscorableReason, n);
      meta = Arrays.copyOf(meta, n);
      reasonStart = Arrays.copyOf(reasonStart, n + 1);
    }

    /**
     * The index, persons sorted by id. Should the table hold a person twice (it never does by
     * construction), the row of the newest snapshot wins, as in the CLI's lookup.
     */
    public ScoreIndex build() {
      int n = ids.size();
      Keys all = hexIds ? HexKeys.of(ids) : Utf8Keys.of(ids);
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Meta[] metaValues = metas.values(Meta[]::new);
      Arrays.sort(
          order,
          (a, b) -> {
            int c = all.compare(a, b);
            return c != 0
                ? c
                : metaValues[meta[b]].snapshotDate().compareTo(metaValues[meta[a]].snapshotDate());
          });
      int[] unique = new int[n];
      int u = 0;
      for (int k = 0; k < n; k++) {
        if (u == 0 || all.compare(unique[u - 1], order[k]) != 0) {
          unique[u++] = order[k];
        }
      }
      unique = Arrays.copyOf(unique, u);
      ids.clear();
      return new ScoreIndex(this, all.reorder(unique), unique);
    }
  }

  /** Values stored once, referenced by their position. */
  private static final class Dictionary<T> {
    private final Map<T, Integer> refs = new HashMap<>();
    private final List<T> values = new ArrayList<>();
    private final int max;
    private final String what;

    Dictionary(int max, String what) {
      this.max = max;
      this.what = what;
    }

    int ref(T value) {
      if (value == null) {
        return -1;
      }
      Integer ref = refs.get(value);
      if (ref == null) {
        if (values.size() == max) {
          throw new IllegalStateException(
              "scores_current holds more than " + max + " distinct " + what);
        }
        ref = values.size();
        refs.put(value, ref);
        values.add(value);
      }
      return ref;
    }

    T[] values(IntFunction<T[]> array) {
      return values.toArray(array.apply(0));
    }
  }

  /** Sorted person ids, searchable without a String per person. */
  private interface Keys {
    int compare(int a, int b);

    Keys reorder(int[] order);

    int indexOf(String id);

    long bytes();

    /**
     * Binary search over {@code size} sorted keys: the index where {@code compareToKey} (the sign
     * of the key at an index against the one sought) is 0, else -1.
     */
    static int search(int size, IntUnaryOperator compareToKey) {
      int lo = 0;
      int hi = size - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        int c = compareToKey.applyAsInt(mid);
        if (c == 0) {
          return mid;
        }
        if (c < 0) {
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      return -1;
    }
  }

  /**
   * 64-character lowercase hex pseudonyms packed into four longs each (32 bytes instead of 64
   * characters), compared as unsigned numbers, which orders them as the hex strings.
   */
  private static final class HexKeys implements Keys {
    private final long[] words;

    private HexKeys(long[] words) {
      this.words = words;
    }

    static HexKeys of(List<String> ids) {
      long[] words = new long[ids.size() * 4];
      for (int i = 0; i < ids.size(); i++) {
        if (!pack(ids.get(i), words, i * 4)) {
          throw new IllegalStateException(
              "scores_current is marked pseudonymized but holds an id that is not a 64-character"
                  + " hex pseudonym");
        }
      }
      return new HexKeys(words);
    }

    /** Packs {@code id} into {@code to[at..at+4)}; false when it is not a 64-char hex string. */
    static boolean pack(String id, long[] to, int at) {
      if (id == null || id.length() != 64) {
        return false;
      }
      for (int w = 0; w < 4; w++) {
        long word = 0;
        for (int c = 0; c < 16; c++) {
          int digit = Character.digit(id.charAt(w * 16 + c), 16);
          if (digit < 0 || Character.isUpperCase(id.charAt(w * 16 + c))) {
            return false;
          }
          word = (word << 4) | digit;
        }
        to[at + w] = word;
      }
      return true;
    }

    @Override
    public int compare(int a, int b) {
      for (int w = 0; w < 4; w++) {
        int c = Long.compareUnsigned(words[a * 4 + w], words[b * 4 + w]);
        if (c != 0) {
          return c;
        }
      }
      return 0;
    }

    @Override
    public Keys reorder(int[] order) {
      long[] sorted = new long[order.length * 4];
      for (int i = 0; i < order.length; i++) {
        System.arraycopy(words, order[i] * 4, sorted, i * 4, 4);
      }
      return new HexKeys(sorted);
    }

    @Override
    public int indexOf(String id) {
      long[] key = new long[4];
      if (!pack(id, key, 0)) {
        return -1;
      }
      return Keys.search(
          words.length / 4,
          i -> {
            int c = 0;
            for (int w = 0; w < 4 && c == 0; w++) {
              c = Long.compareUnsigned(words[i * 4 + w], key[w]);
            }
            return c;
          });
    }

    @Override
    public long bytes() {
      return 8L * words.length;
    }
  }

  /** Raw ids as UTF-8 bytes in one array with offsets, compared as unsigned bytes. */
  private static final class Utf8Keys implements Keys {
    private final byte[] bytes;
    private final int[] start;

    private Utf8Keys(byte[] bytes, int[] start) {
      this.bytes = bytes;
      this.start = start;
    }

    static Utf8Keys of(List<String> ids) {
      byte[][] encoded = new byte[ids.size()][];
      long total = 0;
      for (int i = 0; i < ids.size(); i++) {
        String id = ids.get(i);
        encoded[i] = id == null ? new byte[0] : id.getBytes(StandardCharsets.UTF_8);
        total += encoded[i].length;
      }
      if (total > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException(
            "raw person ids of " + total + " bytes do not fit one index array");
      }
      byte[] bytes = new byte[(int) total];
      int[] start = new int[ids.size() + 1];
      for (int i = 0; i < encoded.length; i++) {
        System.arraycopy(encoded[i], 0, bytes, start[i], encoded[i].length);
        start[i + 1] = start[i] + encoded[i].length;
      }
      return new Utf8Keys(bytes, start);
    }

    @Override
    public int compare(int a, int b) {
      return Arrays.compareUnsigned(bytes, start[a], start[a + 1], bytes, start[b], start[b + 1]);
    }

    @Override
    public Keys reorder(int[] order) {
      byte[] sorted = new byte[bytes.length];
      int[] sortedStart = new int[order.length + 1];
      for (int i = 0; i < order.length; i++) {
        int len = start[order[i] + 1] - start[order[i]];
        System.arraycopy(bytes, start[order[i]], sorted, sortedStart[i], len);
        sortedStart[i + 1] = sortedStart[i] + len;
      }
      return new Utf8Keys(Arrays.copyOf(sorted, sortedStart[order.length]), sortedStart);
    }

    @Override
    public int indexOf(String id) {
      byte[] key = id.getBytes(StandardCharsets.UTF_8);
      return Keys.search(
          start.length - 1,
          i -> Arrays.compareUnsigned(bytes, start[i], start[i + 1], key, 0, key.length));
    }

    @Override
    public long bytes() {
      return bytes.length + 4L * start.length;
    }
  }
}
