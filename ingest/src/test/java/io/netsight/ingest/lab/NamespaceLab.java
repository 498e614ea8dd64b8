package io.netsight.ingest.lab;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kubernetes node in three network namespaces, for tests and demo captures (needs root, iproute2, iptables,
 * dnsmasq, tcpdump; see README.md beside this file):
 *
 * <pre>
 *  client "pod" netns            "node" netns                         "CoreDNS pod" netns
 *  eth0 10.244.1.2/24  ── veth ── vc 10.244.1.1   vd 10.244.2.1 ── veth ── eth0 10.244.2.2/24
 *       fd00:1::2/64                 fd00:1::1    ip_forward=1            dnsmasq :53
 *  resolv.conf as a Pod's         DNAT 10.96.0.10:53  -> 10.244.2.2:53   api.example.com A/AAAA,
 *  (ndots:5, 3 search domains)    DNAT 10.96.0.20:80  -> 10.244.2.2:8080 NXDOMAIN for the rest
 *                                 (nothing listens on 8080: resets)
 * </pre>
 *
 * Every name carries a random suffix so that several labs (other tests, other engineers) run side by side; only
 * namespaces this lab created are touched, never the host's rules. {@link #close()} removes everything, also after
 * a failed start.
 */
public final class NamespaceLab implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NamespaceLab.class);

  public static final String CLUSTER_DNS_IP = "10.96.0.10";
  public static final String CLIENT_IP = "10.244.1.2";
  public static final String CLIENT_IPV6 = "fd00:1::2";
  /** The node's address on the client's link (IPv6): nothing listens on it, so a connection is reset. */
  public static final String NODE_IPV6 = "fd00:1::1";
  public static final String COREDNS_IP = "10.244.2.2";
  public static final String CLOSED_SERVICE_IP = "10.96.0.20";
  public static final int CLOSED_SERVICE_PORT = 80;
  public static final int CLOSED_BACKEND_PORT = 8080;
  public static final String API_NAME = "api.example.com";
  public static final String API_IPV4 = "203.0.113.10";
  public static final String API_IPV6 = "2001:db8::10";
  /** An in-cluster Service name the lab's DNS holds (IPv4 only, like most Services): found by the first search
   * suffix when looked up as the short name {@code payments}. */
  public static final String SERVICE_NAME = "payments.default.svc.cluster.local";
  public static final String SERVICE_IPV4 = "10.96.0.30";
  public static final List<String> SEARCH = List.of("default.svc.cluster.local", "svc.cluster.local",
      "cluster.local");
  /** What the agent captures: DNS and TCP resets. */
  public static final String CAPTURE_FILTER = "udp port 53 or tcp port 53 or tcp[tcpflags] & tcp-rst != 0";

  private final String suffix;
  private final String client;
  private final String node;
  private final String dns;
  private final Path etcNetns;
  private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());
  private final List<String> namespaces = new ArrayList<>();

  private NamespaceLab(String suffix) {
    this.suffix = suffix;
    this.client = "ns-" + suffix + "-client";
    this.node = "ns-" + suffix + "-node";
    this.dns = "ns-" + suffix + "-coredns";
    this.etcNetns = Path.of("/etc/netns", client);
  }

  /** Builds the lab; on any failure removes what it made and throws. */
  public static NamespaceLab start() {
    String suffix = String.format(Locale.ROOT, "%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    NamespaceLab lab = new NamespaceLab(suffix);
    try {
      lab.build();
      return lab;
    } catch (RuntimeException | Error e) {
      lab.close();
      throw e;
    }
  }

  private void build() {
    for (String ns : List.of(client, node, dns)) {
      run("ip", "netns", "add", ns);
      namespaces.add(ns);
      run("ip", "-n", ns, "link", "set", "lo", "up");
    }
    // veths are created inside the node namespace: no interface ever appears in the host's.
    run("ip", "-n", node, "link", "add", "vc", "type", "veth", "peer", "name", "eth0", "netns", client);
    run("ip", "-n", node, "link", "add", "vd", "type", "veth", "peer", "name", "eth0", "netns", dns);
    run("ip", "-n", node, "addr", "add", "10.244.1.1/24", "dev", "vc");
    run("ip", "-n", node, "addr", "add", "10.244.2.1/24", "dev", "vd");
    run("ip", "-n", node, "addr", "add", NODE_IPV6 + "/64", "dev", "vc", "nodad");
    run("ip", "-n", node, "link", "set", "vc", "up");
    run("ip", "-n", node, "link", "set", "vd", "up");
    run("ip", "-n", client, "addr", "add", CLIENT_IP + "/24", "dev", "eth0");
    // An IPv6 address makes glibc's AI_ADDRCONFIG ask AAAA too, as in a dual-stack cluster.
    run("ip", "-n", client, "addr", "add", CLIENT_IPV6 + "/64", "dev", "eth0", "nodad");
    run("ip", "-n", client, "link", "set", "eth0", "up");
    run("ip", "-n", client, "route", "add", "default", "via", "10.244.1.1");
    run("ip", "-n", dns, "addr", "add", COREDNS_IP + "/24", "dev", "eth0");
    run("ip", "-n", dns, "link", "set", "eth0", "up");
    run("ip", "-n", dns, "route", "add", "default", "via", "10.244.2.1");
    run("ip", "netns", "exec", node, "sysctl", "-qw", "net.ipv4.ip_forward=1");
    // What kube-proxy (iptables mode) programs for the kube-dns Service and for a Service with a dead backend.
    for (String proto : List.of("udp", "tcp")) {
      run("ip", "netns", "exec", node, "iptables", "-t", "nat", "-A", "PREROUTING", "-d", CLUSTER_DNS_IP + "/32",
          "-p", proto, "--dport", "53", "-j", "DNAT", "--to-destination", COREDNS_IP + ":53");
    }
    run("ip", "netns", "exec", node, "iptables", "-t", "nat", "-A", "PREROUTING", "-d", CLOSED_SERVICE_IP + "/32",
        "-p", "tcp", "--dport", Integer.toString(CLOSED_SERVICE_PORT), "-j", "DNAT", "--to-destination",
        COREDNS_IP + ":" + CLOSED_BACKEND_PORT);
    writeResolvConf(List.of());
    startDnsmasq();
  }

  /** The client's resolv.conf, exactly as the kubelet writes it for a Pod in namespace default, plus options. */
  public void writeResolvConf(List<String> extraOptions) {
    try {
      Files.createDirectories(etcNetns);
      String options = "options ndots:5" + (extraOptions.isEmpty() ? "" : " " + String.join(" ", extraOptions));
      Files.writeString(etcNetns.resolve("resolv.conf"),
          "search " + String.join(" ", SEARCH) + "\nnameserver " + CLUSTER_DNS_IP + "\n" + options + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + etcNetns, e);
    }
  }

  private void startDnsmasq() {
    Process p = start(List.of("ip", "netns", "exec", dns, "dnsmasq", "--keep-in-foreground", "--no-resolv",
        "--no-hosts", "--bind-interfaces", "--listen-address=" + COREDNS_IP, "--user=root",
        "--pid-file=", "--local-ttl=30",
        "--host-record=" + API_NAME + "," + API_IPV4 + "," + API_IPV6,
        "--host-record=" + SERVICE_NAME + "," + SERVICE_IPV4,
        // Authoritative for everything: names it does not hold are NXDOMAIN, like CoreDNS for a missing Service.
        "--local=/#/", "--log-facility=-"));
    CompletableFuture<Void> ready = new CompletableFuture<>();
    drain(p, "dnsmasq", line -> {
      if (line.contains("started, version")) {
        ready.complete(null);
      }
    }, ready);
    try {
      ready.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("dnsmasq did not start in " + dns + ": " + e, e);
    }
    // Listening is the moment after "started": wait until it answers before any test counts packets.
    await("dnsmasq answering in " + dns).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
        .until(() -> socketListening(COREDNS_IP, 53));
  }

  private boolean socketListening(String ip, int port) {
    Result r = exec(dns, "ss", "-lnu");
    return r.exitCode() == 0 && r.stdout().contains(ip + ":" + port);
  }

  public String suffix() {
    return suffix;
  }

  public String clientNamespace() {
    return client;
  }

  public String nodeNamespace() {
    return node;
  }

  public String coreDnsNamespace() {
    return dns;
  }

  /** {@code getent ahosts NAME} in the client pod: glibc's resolver with the Pod's resolv.conf. */
  public Result lookup(String name) {
    return exec(client, "getent", "ahosts", name);
  }

  /** A TCP connection from the client to the Service whose backend port is closed: answered with RST+ACK. */
  public Result connectToClosedService() {
    return exec(client, "bash", "-c", "exec 3<>/dev/tcp/" + CLOSED_SERVICE_IP + "/" + CLOSED_SERVICE_PORT);
  }

  /** A TCP connection over IPv6 from the client to a closed port of the node: answered with RST+ACK. */
  public Result connectToNodeOverIpv6(int port) {
    return exec(client, "bash", "-c", "exec 3<>/dev/tcp/" + NODE_IPV6 + "/" + port);
  }

  /** tcpdump on the client pod's eth0 (Ethernet headers) into {@code file}. */
  public Capture capturePod(Path file) {
    return capture(client, "eth0", file);
  }

  /** tcpdump on the node's 'any' (Linux cooked v2: every interface, before and after DNAT) into {@code file}. */
  public Capture captureNode(Path file) {
    return capture(node, "any", file);
  }

  /** tcpdump in a namespace of the lab. */
  public Capture capture(String namespace, String iface, Path file) {
    // In immediate mode libpcap gives each packet a ring slot the size of the snap length: tcpdump's defaults
    // (262144 bytes, 2 MiB) hold 8 packets, and a loaded machine drops bursts. 8 KiB slots in 16 MiB hold 2,000.
    Process p = start(List.of("ip", "netns", "exec", namespace, "tcpdump", "-i", iface, "-nn", "-U",
        "--immediate-mode", "-s", "8192", "-B", "16384", "-w", file.toString(), CAPTURE_FILTER));
    CompletableFuture<Void> listening = new CompletableFuture<>();
    List<String> stderr = Collections.synchronizedList(new ArrayList<>());
    drain(p, "tcpdump", line -> {
      stderr.add(line);
      if (line.contains("listening on")) {
        listening.complete(null);
      }
    }, listening);
    try {
      listening.get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
      throw new IllegalStateException("tcpdump did not start on " + iface + " in " + namespace + ": " + stderr, e);
    }
    return new Capture(p, file, stderr);
  }

  /** A running tcpdump. */
  public final class Capture implements AutoCloseable {
    private final Process process;
    private final Path file;
    private final List<String> stderr;

    private Capture(Process process, Path file, List<String> stderr) {
      this.process = process;
      this.file = file;
      this.stderr = stderr;
    }

    public Path file() {
      return file;
    }

    /**
     * Stops tcpdump once the file has stopped growing (it writes each packet as it comes, -U), so that the last
     * packets of a lookup that just returned are in the file; returns the file.
     */
    public Path stop() {
      AtomicLong last = new AtomicLong(-1);
      await("capture " + file + " settles").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
          .during(Duration.ofMillis(300)).until(() -> {
            long size = Files.exists(file) ? Files.size(file) : 0;
            return last.getAndSet(size) == size;
          });
      close();
      return file;
    }

    @Override
    public void close() {
      process.destroy(); // SIGTERM: tcpdump flushes and exits
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
      processes.remove(process);
      LOG.info("tcpdump into {} stopped: {}", file, stderr.isEmpty() ? "" : stderr.get(stderr.size() - 1));
    }
  }

  /** What a command printed. */
  public record Result(int exitCode, String stdout, String stderr) {
  }

  /** Runs a command in one of the lab's namespaces (30 s at most). */
  public Result exec(String namespace, String... command) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    cmd.addAll(List.of(command));
    return runCapturing(cmd);
  }

  private static Result runCapturing(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).start();
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
      String out = readAll(p.getInputStream());
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", cmd));
      }
      return new Result(p.exitValue(), out, err.join());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", cmd), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", cmd), e);
    }
  }

  private static String readAll(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void run(String... cmd) {
    Result r = runCapturing(List.of(cmd));
    if (r.exitCode() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed (" + r.exitCode() + "): "
          + r.stderr().strip());
    }
  }

  private Process start(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      processes.add(p);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", cmd), e);
    }
  }

  private static void drain(Process p, String name, java.util.function.Consumer<String> onLine,
      CompletableFuture<Void> exitFailsThis) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(),
          StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          LOG.debug("{}: {}", name, line);
          onLine.accept(line);
        }
      } catch (IOException e) {
        LOG.debug("{} stderr closed: {}", name, e.toString());
      }
      exitFailsThis.completeExceptionally(new IllegalStateException(name + " exited"));
    }, "lab-" + name);
    t.setDaemon(true);
    t.start();
  }

  /** Stops every process the lab started and deletes its namespaces and files; safe to call more than once. */
  @Override
  public void close() {
    List<Process> running;
    synchronized (processes) {
      running = new ArrayList<>(processes);
      processes.clear();
    }
    for (Process p : running) {
      p.destroy();
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
    // Deleting a namespace removes its veths, addresses and iptables rules with it.
    for (String ns : namespaces) {
      Result r = runCapturing(List.of("ip", "netns", "del", ns));
      if (r.exitCode() != 0) {
        LOG.warn("ip netns del {} failed: {}", ns, r.stderr().strip());
      }
    }
    namespaces.clear();
    try {
      Files.deleteIfExists(etcNetns.resolve("resolv.conf"));
      Files.deleteIfExists(etcNetns);
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", etcNetns, e.toString());
    }
  }
}
