package io.credence.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ParallelTest {

  @Test
  void callAllReturnsTheValuesInListOrderWhateverOrderTheyEndIn() {
    CountDownLatch secondDone = new CountDownLatch(1);
    List<Supplier<String>> steps =
        List.of(
            () -> {
              await(secondDone);
              return "first";
            },
            () -> {
              secondDone.countDown();
              return "second";
            });

    assertThat(Parallel.callAll(steps)).containsExactly("first", "second");
  }

  @Test
  void callAllWaitsForEveryStepThenThrowsTheFirstFailureWithTheOthersSuppressed() {
    AtomicBoolean slowStepEnded = new AtomicBoolean();
    CountDownLatch failed = new CountDownLatch(1);
    List<Supplier<String>> steps =
        List.of(
            () -> {
              failed.countDown();
              throw new IllegalStateException("first");
            },
            () -> {
              await(failed);
              sleep(200);
              slowStepEnded.set(true);
              return "slow";
            },
            () -> {
              throw new IllegalArgumentException("third");
            });

    assertThatThrownBy(() -> Parallel.callAll(steps))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("first")
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .singleElement()
                    .isInstanceOf(IllegalArgumentException.class));
    assertThat(slowStepEnded).isTrue();
  }

  @Test
  void aStartedStepRunsBesideTheCallerAndJoinReturnsItsValue() {
    CountDownLatch callerGoesOn = new CountDownLatch(1);
    try (Parallel.Started<String> started =
        Parallel.start(
            () -> {
              // Ends only once the caller has gone on: it runs on a thread of its own.
              await(callerGoesOn);
              return "loaded";
            })) {
      callerGoesOn.countDown();
      assertThat(started.join()).isEqualTo("loaded");
    }
  }

  @Test
  void joinThrowsTheStartedStepsFailure() {
    try (Parallel.Started<String> started =
        Parallel.start(
            () -> {
              throw new IllegalStateException("no log");
            })) {
      assertThatThrownBy(started::join)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("no log");
    }
  }

  @Test
  void closingAStartedStepThatWasNeverJoinedWaitsForIt() {
    AtomicBoolean ended = new AtomicBoolean();
    Parallel.Started<Void> started =
        Parallel.start(
            () -> {
              sleep(300);
              ended.set(true);
              throw new IllegalStateException("seen by nobody");
            });

    started.close();

    assertThat(ended).isTrue();
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("waited 10 s for another step");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
