package io.netsight.ingest.sourcekit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-running child process whose standard output is a stream of records ({@code conntrack -E},
 * {@code journalctl -f}): each stdout line goes to a handler, each stderr line is logged and handed to another handler
 * (which counts overflows), and when the process exits or cannot start it is started again after an exponential
 * backoff with jitter, capped, and reset once a run has lasted longer than the cap. A tool that is missing or lacks
 * permission gets one clear error per state change, not one per retry. {@link #close()} kills the child and is
 * idempotent.
 */
public final class SupervisedProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SupervisedProcess.class);

  /** What the supervisor reports. Called on the supervisor's threads. */
  public interface Listener {

    void stdout(String line);

    default void stderr(String line) {
    }

    /** The child started (after a restart too). */
    default void started() {
    }

    /** The child exited with this code, or could not start (code -1, error set). */
    default void exited(int code, String error) {
    }
  }

  private final String name;
  private final List<String> command;
  private final Listener listener;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final String installHint;
  private final AtomicLong restarts = new AtomicLong();
  private final Object lock = new Object();
  private volatile boolean closed;
  private volatile boolean running;
  private volatile String lastError;
  private Thread supervisor;
  private Process process;

  /**
   * @param name           the source name for logs and thread names
   * @param command        the command and its arguments
   * @param listener       gets stdout and stderr lines
   * @param initialBackoff the first wait before a restart
   * @param maxBackoff     the longest wait; a run longer than this resets the backoff
   * @param installHint    added to the "not found" error, e.g. "install the conntrack package"
   */
  public SupervisedProcess(String name, List<String> command, Listener listener, Duration initialBackoff,
      Duration maxBackoff, String installHint) {
    this.name = Objects.requireNonNull(name, "name");
    this.command = List.copyOf(command);
    if (this.command.isEmpty()) {
      throw new IllegalArgumentException("empty command for " + name);
    }
    this.listener = Objects.requireNonNull(listener, "listener");
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.installHint = installHint;
  }

  public synchronized void start() {
    if (supervisor != null) {
      return;
    }
    supervisor = new Thread(this::supervise, "netsight-" + name);
    supervisor.setDaemon(true);
    supervisor.start();
  }

  /** True while a child process is running. */
  public boolean running() {
    return running;
  }

  /** How many times the child was started again after it exited or failed to start. */
  public long restarts() {
    return restarts.get();
  }

  /** The last start failure or abnormal exit, or null. */
  public String lastError() {
    return lastError;
  }

  public List<String> command() {
    return command;
  }

  private void supervise() {
    long backoffMillis = initialBackoff.toMillis();
    String lastReported = null;
    boolean first = true;
    while (!closed) {
      if (!first) {
        restarts.incrementAndGet();
      }
      first = false;
      long startedAt = System.nanoTime();
      String error = runOnce();
      if (closed) {
        break;
      }
      long ranMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
      if (ranMillis > maxBackoff.toMillis()) {
        backoffMillis = initialBackoff.toMillis();
      }
      lastError = error;
      if (error != null && !error.equals(lastReported)) {
        LOG.error("{}: {}; retrying with backoff up to {} s", name, error, maxBackoff.toSeconds());
      } else if (error == null) {
        LOG.warn("{}: '{}' exited after {} ms; restarting in {} ms", name, String.join(" ", command), ranMillis,
            backoffMillis);
      }
      lastReported = error;
      long jittered = (long) (backoffMillis * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
      synchronized (lock) {
        long deadline = System.currentTimeMillis() + jittered;
        long left;
        while (!closed && (left = deadline - System.currentTimeMillis()) > 0) {
          try {
            lock.wait(left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
      backoffMillis = Math.min(maxBackoff.toMillis(), Math.max(1, backoffMillis * 2));
    }
  }

  /** Runs the child to its end; returns an error description for a failure worth reporting, else null. */
  private String runOnce() {
    Process p;
    try {
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.redirectInput(ProcessBuilder.Redirect.PIPE);
      p = pb.start();
      p.getOutputStream().close();
    } catch (IOException e) {
      listener.exited(-1, e.getMessage());
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("error=2,") || msg.contains("No such file")) {
        return "the '" + command.get(0) + "' command was not found" + (installHint == null ? "" : " (" + installHint
            + ")");
      }
      if (msg.contains("error=13,")) {
        return "the '" + command.get(0) + "' command cannot be executed (permission denied)";
      }
      return "cannot start '" + String.join(" ", command) + "': " + msg;
    }
    synchronized (lock) {
      process = p;
      if (closed) {
        p.destroy();
      }
    }
    running = true;
    listener.started();
    StringBuilder stderrTail = new StringBuilder();
    Thread err = new Thread(() -> pumpStderr(p, stderrTail), "netsight-" + name + "-stderr");
    err.setDaemon(true);
    err.start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8),
        64 * 1024)) {
      String line;
      while ((line = out.readLine()) != null) {
        try {
          listener.stdout(line);
        } catch (RuntimeException e) {
          // A handler bug must not kill the supervisor: the line is lost, the stream goes on.
          LOG.error("{}: handling a line failed: {}", name, e.toString(), e);
        }
      }
    } catch (IOException e) {
      if (!closed) {
        LOG.warn("{}: reading the child's output failed: {}", name, e.toString());
      }
    }
    int code;
    try {
      code = p.waitFor();
      err.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      code = -1;
    } finally {
      running = false;
    }
    listener.exited(code, null);
    if (closed) {
      return null;
    }
    String tail;
    synchronized (stderrTail) {
      tail = stderrTail.toString().strip();
    }
    if (tail.contains("Operation not permitted") || tail.contains("Permission denied")) {
      return "'" + String.join(" ", command) + "' lacks permission (it needs root or CAP_NET_ADMIN): " + tail;
    }
    return code == 0 ? null : "'" + String.join(" ", command) + "' exited with code " + code
        + (tail.isEmpty() ? "" : ": " + tail);
  }

  private void pumpStderr(Process p, StringBuilder tail) {
    try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = err.readLine()) != null) {
        LOG.warn("{} stderr: {}", name, line);
        synchronized (tail) {
          if (tail.length() > 2000) {
            tail.delete(0, tail.length() - 1000);
          }
          tail.append(line).append('\n');
        }
        try {
          listener.stderr(line);
        } catch (RuntimeException e) {
          LOG.error("{}: handling a stderr line failed: {}", name, e.toString(), e);
        }
      }
    } catch (IOException e) {
      if (!closed) {
        LOG.debug("{}: stderr closed: {}", name, e.toString());
      }
    }
  }

  /** Kills the child (TERM, then KILL after two seconds) and stops restarting. Idempotent. */
  @Override
  public void close() {
    Process p;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      p = process;
      lock.notifyAll();
    }
    if (p != null) {
      // Grandchildren (a wrapper's children) would hold the pipes open: end them first.
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      try {
        if (!p.waitFor(2, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Thread t;
    synchronized (this) {
      t = supervisor;
    }
    if (t != null) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Stdout handler adapter. */
  public static Listener lines(Consumer<String> stdout) {
    return stdout::accept;
  }
}
