package io.credence.serve;

import io.credence.lookup.KernelWarehouse;
import io.delta.kernel.engine.Engine;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FSError;

/**
 * A Delta Kernel engine that works until told to fail, then throws the given {@link Error} from
 * every call (an OutOfMemoryError while loading, Hadoop's FSError on a full disk), counting them.
 */
final class FailingEngine {
  private final AtomicInteger failures = new AtomicInteger();
  private volatile Supplier<? extends Throwable> error;

  /** A warehouse at {@code root} read and written through this engine. */
  KernelWarehouse warehouse(String root) {
    KernelWarehouse.Prepared real = KernelWarehouse.prepare().join();
    Engine engine =
        (Engine)
            Proxy.newProxyInstance(
                Engine.class.getClassLoader(),
                new Class<?>[] {Engine.class},
                (proxy, method, args) -> {
                  Supplier<? extends Throwable> e = error;
                  if (e != null) {
                    failures.incrementAndGet();
                    throw e.get();
                  }
                  try {
                    return method.invoke(real.engine(), args);
                  } catch (InvocationTargetException t) {
                    throw t.getCause();
                  }
                });
    return KernelWarehouse.open(
        root, CompletableFuture.completedFuture(new KernelWarehouse.Prepared(real.conf(), engine)));
  }

  /** From now on every call throws {@code error}'s product; null to work again. */
  void failWith(Supplier<? extends Throwable> error) {
    this.error = error;
  }

  /** Calls refused so far. */
  int failures() {
    return failures.get();
  }

  /** Hadoop's FSError for a full disk (its constructor is not public). */
  static Error diskFull() {
    try {
      var constructor = FSError.class.getDeclaredConstructor(Throwable.class);
      constructor.setAccessible(true);
      return constructor.newInstance(new java.io.IOException("No space left on device"));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
