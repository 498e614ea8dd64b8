package io.netsight.ingest.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the kernel tools the lab tests drive (ip, iptables, nft, conntrack, sysctl), failing loudly. */
public final class Shell {

  private static final Logger LOG = LoggerFactory.getLogger(Shell.class);

  private Shell() {
  }

  /** Runs the command; returns stdout; throws with stderr when it exits non-zero or takes over 30 s. */
  public static String run(String... command) {
    return run(List.of(command), true);
  }

  /** Runs the command and returns its exit code, output ignored (for traffic that is meant to fail). */
  public static int runIgnoringFailure(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String run(List<String> command, boolean check) {
    LOG.debug("$ {}", String.join(" ", command));
    try {
      Process p = new ProcessBuilder(command).start();
      byte[] out = p.getInputStream().readAllBytes();
      byte[] err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", command));
      }
      if (check && p.exitValue() != 0) {
        throw new IllegalStateException("'" + String.join(" ", command) + "' exited " + p.exitValue() + ": "
            + new String(err, StandardCharsets.UTF_8).strip());
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code ip netns exec NS command...}. */
  public static String inNs(String ns, String... command) {
    List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    c.addAll(List.of(command));
    return run(c, true);
  }
}
