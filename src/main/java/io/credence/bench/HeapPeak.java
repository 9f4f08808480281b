package io.credence.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The driver's heap since the last reset, sampled every 50 ms by a daemon thread: the peak used
 * heap (which the JVM lets grow to its limit before it collects, so it says little), and the peak
 * of what the heap held right after a collection, summed over the heap's pools: the live data the
 * run needed at its fullest. In {@code local[*]} the same heap runs the executors' tasks, so both
 * count the tasks' memory too.
 */
final class HeapPeak {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private static final AtomicLong PEAK = new AtomicLong();
  private static final AtomicLong LIVE_PEAK = new AtomicLong();

  static {
    Thread sampler =
        new Thread(
            () -> {
              while (true) {
                PEAK.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
                LIVE_PEAK.accumulateAndGet(afterCollection(), Math::max);
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
    LIVE_PEAK.set(0);
  }

  /** The peak, since the last reset, of the heap in use just after a collection. */
  static long liveBytes() {
    return LIVE_PEAK.accumulateAndGet(afterCollection(), Math::max);
  }

  /** The heap in use right after the last collection of each pool, summed. */
  private static long afterCollection() {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        used += pool.getCollectionUsage().getUsed();
      }
    }
    return used;
  }

  static long bytes() {
    return PEAK.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
  }

  static long maxBytes() {
    return Runtime.getRuntime().maxMemory();
  }
}
