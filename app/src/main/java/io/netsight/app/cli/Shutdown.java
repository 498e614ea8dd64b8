package io.netsight.app.cli;

import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/** How a long-running role ends: Ctrl-C or SIGTERM closes its components, in order, and then the command returns. */
public final class Shutdown {

  private Shutdown() {
  }

  /**
   * Blocks until the JVM is asked to stop, after closing {@code components} in the given order from a shutdown hook.
   * A component that fails to close is logged and the next one is still closed.
   */
  public static void closeOnSignal(String name, AutoCloseable... components) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (AutoCloseable c : components) {
        try {
          c.close();
        } catch (Exception e) {
          LoggerFactory.getLogger(Shutdown.class).warn("{}: closing {} failed: {}", name, c, e.toString());
        }
      }
      stopped.countDown();
    }, name + "-shutdown"));
    stopped.await();
  }
}
