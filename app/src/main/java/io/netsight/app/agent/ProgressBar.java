package io.netsight.app.agent;

import io.netsight.ingest.live.NetworkNamespaces;
import io.netsight.ingest.replay.CaptureReplay;
import java.io.PrintStream;

/**
 * A one-line progress bar with the packet rate on stderr, redrawn at most five times a second; silent when stderr is
 * not a terminal (CI logs, pipes), so scripts see only the summary line.
 */
final class ProgressBar implements CaptureReplay.Progress {

  private static final int WIDTH = 30;
  private final PrintStream err;
  private final boolean enabled;
  private final long startNanos = System.nanoTime();
  private long lastDrawNanos;

  ProgressBar(PrintStream err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  static ProgressBar forStderr() {
    return new ProgressBar(System.err, NetworkNamespaces.isTerminal(2));
  }

  @Override
  public void update(long items, long done, long total, boolean finished) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (!finished && now - lastDrawNanos < 200_000_000L) {
      return;
    }
    lastDrawNanos = now;
    double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
    double fraction = total > 0 ? Math.min(1.0, (double) done / total) : 0;
    int filled = (int) Math.round(fraction * WIDTH);
    err.printf("\r[%s%s] %3d%%  %,d packets  %,.0f packets/s ", "#".repeat(filled), " ".repeat(WIDTH - filled),
        Math.round(fraction * 100), items, items / seconds);
    if (finished) {
      err.println();
    }
    err.flush();
  }
}
