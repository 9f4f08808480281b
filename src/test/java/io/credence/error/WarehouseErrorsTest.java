package io.credence.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarehouseErrorsTest {
  private static final LocalDate AS_OF = LocalDate.of(2026, 8, 31);

  @Test
  void aBlockedRunSaysWhatTheGatesMeasuredAndHowToOverride() {
    CredenceException e =
        WarehouseErrors.gateBlocked("r1", AS_OF, "score_psi=0.3000 (block above 0.25)", List.of());
    assertThat(e.exitCode()).isEqualTo(ExitCode.GATE_BLOCKED);
    assertThat(e.getMessage())
        .contains("run r1 for 2026-08-31 was BLOCKED by quality gates: score_psi=0.3000")
        .contains("inspect the runs and quarantine tables")
        .contains("--force")
        .doesNotContain("backfill");
  }

  @Test
  void aBackfillBlockedByLaterRowsIsToldSo() {
    CredenceException e =
        WarehouseErrors.gateBlocked(
            "r2",
            AS_OF,
            "reject_ratio.payments=0.0688 (block above 0.05): block",
            List.of("payments", "disputes"));
    assertThat(e.exitCode()).isEqualTo(ExitCode.GATE_BLOCKED);
    assertThat(e.getMessage())
        .contains("the reject ratio of payments, disputes is over the limit only because of rows")
        .contains("dated after 2026-08-31 (quarantined as future_date)")
        .contains("for such a backfill, rerun with --force (the runs table records it)")
        .contains("extracted as of 2026-08-31");
  }
}
