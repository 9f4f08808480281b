package io.credence.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The driver's peak used heap since the last reset, sampled every 50 ms by a daemon thread (the sum
 * of the pools' own peaks overstates it, because the pools peak at different moments).
 */
final class HeapPeak {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private static final AtomicLong PEAK = new AtomicLong();

  static {
    Thread sampler =
        new Thread(
            () -> {
              while (true) {
                PEAK.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(50);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "bench-heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private HeapPeak() {}

  static void reset() {
    PEAK.set(MEMORY.getHeapMemoryUsage().getUsed());
  }

  static long bytes() {
    return PEAK.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
  }

  static long maxBytes() {
    return Runtime.getRuntime().maxMemory();
  }
}
