package io.netsight.ingest.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Network namespaces for one test, named with a random suffix so that concurrent tests (other engineers' labs too)
 * never collide, and removed by {@link #close()} with everything in them (veths, rules, conntrack tables). Global
 * sysctls changed through {@link #setGlobalSysctl} are restored on close.
 */
public final class NetnsLab implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NetnsLab.class);

  public final String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
  private final List<String> namespaces = new ArrayList<>();
  private final List<String[]> restores = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  /** Creates a namespace {@code <base>-<suffix>} with loopback up. */
  public String namespace(String base) {
    String name = base + "-" + suffix;
    Shell.run("ip", "netns", "add", name);
    namespaces.add(name);
    Shell.run("ip", "-n", name, "link", "set", "lo", "up");
    return name;
  }

  /** A veth pair {@code a<suffix>-<tag>} in nsA and {@code b...} in nsB, both up; returns the two names. */
  public String[] veth(String tag, String nsA, String nsB) {
    String a = ("a" + tag + suffix);
    String b = ("b" + tag + suffix);
    Shell.run("ip", "link", "add", a, "netns", nsA, "type", "veth", "peer", "name", b, "netns", nsB);
    Shell.run("ip", "-n", nsA, "link", "set", a, "up");
    Shell.run("ip", "-n", nsB, "link", "set", b, "up");
    return new String[] {a, b};
  }

  /** Sets a global (not per-namespace) sysctl under /proc/sys, restoring its old value on close. */
  public void setGlobalSysctl(String path, String value) throws java.io.IOException {
    Path p = Path.of("/proc/sys", path);
    String old = Files.readString(p).strip();
    restores.add(new String[] {p.toString(), old});
    Files.writeString(p, value);
  }

  /** Starts a long-running process (a server in a namespace), killed on close. */
  public Process start(String... command) throws java.io.IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    processes.add(p);
    return p;
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroy); // dnsmasq forks a child per TCP connection
      p.destroy();
      try {
        if (!p.waitFor(3, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(3, java.util.concurrent.TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (String ns : namespaces) {
      try {
        Shell.run("ip", "netns", "del", ns);
      } catch (RuntimeException e) {
        LOG.error("could not delete namespace {}: {}", ns, e.getMessage());
      }
    }
    for (String[] r : restores) {
      try {
        Files.writeString(Path.of(r[0]), r[1]);
      } catch (java.io.IOException e) {
        LOG.error("could not restore {} to {}: {}", r[0], r[1], e.toString());
      }
    }
  }
}
