package io.netsight.app.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * How a long-running role ends: Ctrl-C or SIGTERM closes its components in order, or one of them fails and the role
 * closes them itself and exits 1. Registered as soon as the first component runs, so a failure during the rest of
 * start-up (creating topics, say) still closes what was started.
 */
public final class Shutdown {

  private final String name;
  private final AutoCloseable[] components;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread hook;

  private Shutdown(String name, AutoCloseable[] components) {
    this.name = name;
    this.components = components;
    this.hook = new Thread(this::closeAll, name + "-shutdown");
  }

  /** Closes {@code components}, in the given order, when the JVM is asked to stop. */
  public static Shutdown onSignal(String name, AutoCloseable... components) {
    Shutdown s = new Shutdown(name, components);
    Runtime.getRuntime().addShutdownHook(s.hook);
    return s;
  }

  /** Blocks until a signal closed the components. */
  public void await() throws InterruptedException {
    closed.await();
  }

  /**
   * Blocks until a signal closed the components (then null), or until {@code failure} reports an error, checked
   * every second (then the components are closed here and the error is returned).
   */
  public Throwable await(Supplier<Throwable> failure) throws InterruptedException {
    while (!closed.await(1, TimeUnit.SECONDS)) {
      Throwable t = failure.get();
      if (t != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          return null; // the JVM is already stopping: the hook closes the components
        }
        closeAll();
        return t;
      }
    }
    return null;
  }

  /** Closes now (a failed start-up), instead of at the signal. */
  public void closeNow() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      return;
    }
    closeAll();
  }

  private void closeAll() {
    for (AutoCloseable c : components) {
      try {
        c.close();
      } catch (Exception e) {
        LoggerFactory.getLogger(Shutdown.class).warn("{}: closing {} failed: {}", name, c, e.toString());
      }
    }
    closed.countDown();
  }
}
