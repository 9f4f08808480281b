package io.credence.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credence.lookup.ScoreRecord;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ScoreIndexTest {
  private static final LocalDate D1 = LocalDate.of(2026, 9, 30);
  private static final LocalDate D2 = LocalDate.of(2026, 10, 31);
  private static final ScoreRecord.Reason LATE =
      new ScoreRecord.Reason("P03", "pay_late_30_count_24m", 72.0, "Payments were late");
  private static final ScoreRecord.Reason SHORT =
      new ScoreRecord.Reason("H01", "history_months", 84.5, "Your record is too short");

  @Test
  void findsEveryRowAddedInAnyOrderAndNothingElse() {
    ScoreIndex.Builder b = ScoreIndex.builder(7, false);
    ScoreRecord unscorable =
        new ScoreRecord("P3", D2, null, null, "unscorable", "thin_file", List.of(), "x", "r2");
    ScoreRecord scored =
        new ScoreRecord(
            "P1", D2, 612, "preferred", "scored", null, List.of(SHORT, LATE), "x", "r2");
    ScoreRecord unicode =
        new ScoreRecord("Pé", D2, 950, "premium", "scored", null, List.of(), "x", "r2");
    b.add(unscorable);
    b.add(unicode);
    b.add(scored);
    ScoreIndex index = b.build();
    assertThat(index.version()).isEqualTo(7);
    assertThat(index.size()).isEqualTo(3);
    assertThat(index.find("P1")).contains(scored);
    assertThat(index.find("P3")).contains(unscorable);
    assertThat(index.find("Pé")).contains(unicode);
    assertThat(index.find("P2")).isEmpty();
    assertThat(index.find("P")).isEmpty();
    assertThat(index.find("P10")).isEmpty();
    assertThat(index.snapshotDates()).containsExactly(D2);
    assertThat(index.bytes()).isPositive();
  }

  @Test
  void packsHexPseudonymsAndOrdersThemAsStrings() {
    ScoreIndex.Builder b = ScoreIndex.builder(1, true);
    String low = "0".repeat(63) + "1";
    String high = "f" + "0".repeat(63);
    String mid = "8000000000000000" + "ffffffffffffffff".repeat(3);
    for (String id : List.of(high, low, mid)) {
      b.add(new ScoreRecord(id, D2, 700, "deposit_free", "scored", null, List.of(LATE), "x", "r"));
    }
    ScoreIndex index = b.build();
    assertThat(index.find(mid).orElseThrow().personId()).isEqualTo(mid);
    assertThat(index.find(low)).isPresent();
    assertThat(index.find(high)).isPresent();
    assertThat(index.find("F" + "0".repeat(63))).as("uppercase is another id").isEmpty();
    assertThat(index.find("abc")).isEmpty();
  }

  @Test
  void refusesNonHexIdsInAPseudonymizedTable() {
    ScoreIndex.Builder b = ScoreIndex.builder(1, true);
    b.add(new ScoreRecord("P1", D2, 700, "deposit_free", "scored", null, List.of(), "x", "r"));
    assertThatThrownBy(b::build).hasMessageContaining("not a 64-character hex pseudonym");
  }

  @Test
  void aPersonHeldTwiceIsAnsweredFromTheNewestSnapshot() {
    ScoreIndex.Builder b = ScoreIndex.builder(1, false);
    ScoreRecord older =
        new ScoreRecord("P1", D1, 500, "standard", "scored", null, List.of(), "x", "r1");
    ScoreRecord newer =
        new ScoreRecord("P1", D2, 800, "premium", "scored", null, List.of(), "x", "r2");
    b.add(older);
    b.add(newer);
    ScoreIndex index = b.build();
    assertThat(index.size()).isEqualTo(1);
    assertThat(index.find("P1")).contains(newer);
  }

  /**
   * Many ids in both layouts against a sorted set: each one added is found, and ids of the same
   * form that were not added (below, between and above them) are not.
   */
  @Test
  void findsEachOfManyIdsAndNoneOfTheSameFormBetweenThem() {
    Random random = new Random(42);
    for (boolean pseudonymized : new boolean[] {false, true}) {
      Set<String> added = new TreeSet<>();
      Set<String> absent = new TreeSet<>();
      while (added.size() < 1000 || absent.size() < 1000) {
        String id =
            pseudonymized
                ? HexFormat.of().formatHex(randomBytes(random, 32))
                : "P" + random.nextInt(5000);
        if (!added.contains(id) && !absent.contains(id)) {
          (random.nextBoolean() ? added : absent).add(id);
        }
      }
      ScoreIndex.Builder b = ScoreIndex.builder(1, pseudonymized);
      for (String id : added) {
        b.add(new ScoreRecord(id, D2, 700, "standard", "scored", null, List.of(), "x", "r"));
      }
      ScoreIndex index = b.build();
      assertThat(index.size()).isEqualTo(added.size());
      for (String id : added) {
        assertThat(index.find(id).map(ScoreRecord::personId)).as(id).contains(id);
      }
      for (String id : absent) {
        assertThat(index.find(id)).as(id).isEmpty();
      }
    }
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }
}
