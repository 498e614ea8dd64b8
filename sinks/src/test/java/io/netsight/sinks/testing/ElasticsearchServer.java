package io.netsight.sinks.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Elasticsearch for integration tests: the integ-test distribution from Maven Central, unpacked by
 * the build (dependency plugin, execution {@code unpack-elasticsearch}; the path comes in as a system property),
 * started on 127.0.0.1 on a free port with security off, its own config copy, data, logs and temp directories, a
 * 512 MiB heap, and disk watermarks off (a nearly full CI disk must not make indices read-only). Elasticsearch refuses
 * to run as root, so as root it runs as uid/gid 65534 through {@code setpriv}, with its directories chowned.
 *
 * <p>Readiness is {@code /_cluster/health} answering: the distribution has no {@code GET /} handler. {@link #stop()}
 * and {@link #start()} restart the same node on the same port and data (for outage tests); {@link #close()} stops it
 * and deletes its directories.
 */
public final class ElasticsearchServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchServer.class);
  /** Set (to anything) to make a missing Java runtime for an Elasticsearch line a failure instead of a skip. */
  public static final String REQUIRE_ALL = "NETSIGHT_REQUIRE_ALL_ELASTICSEARCH";
  private static final int UNPRIVILEGED = 65534;

  /** The versions the ITs run against: the system property naming the unpacked home, and the Java they need. */
  public enum Line {
    ES8("netsight.elasticsearch8.home", 17, 24),
    ES9("netsight.elasticsearch9.home", 21, 99);

    private final String homeProperty;
    private final int minJava;
    private final int maxJava;

    Line(String homeProperty, int minJava, int maxJava) {
      this.homeProperty = homeProperty;
      this.minJava = minJava;
      this.maxJava = maxJava;
    }

    /** The unpacked distribution. */
    public Path home() {
      String home = System.getProperty(homeProperty);
      if (home == null || !Files.isDirectory(Path.of(home, "bin"))) {
        throw new IllegalStateException("No unpacked Elasticsearch at -D" + homeProperty + "=" + home
            + ": run the ITs through Maven (mvn verify), which unpacks the integ-test zip");
      }
      return Path.of(home);
    }

    /** A Java runtime this line runs on: this JVM's when it fits, else the newest fitting one under /usr/lib/jvm. */
    public Optional<Path> javaHome() {
      Path current = Path.of(System.getProperty("java.home"));
      if (fits(Runtime.version().feature())) {
        return Optional.of(current);
      }
      List<Path> candidates = new ArrayList<>();
      for (String env : List.of("JAVA21_HOME", "JAVA25_HOME")) {
        if (System.getenv(env) != null) {
          candidates.add(Path.of(System.getenv(env)));
        }
      }
      try (Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
        jvms.sorted(Comparator.reverseOrder()).forEach(candidates::add);
      } catch (IOException e) {
        LOG.debug("No /usr/lib/jvm: {}", e.toString());
      }
      return candidates.stream()
          .filter(p -> Files.isExecutable(p.resolve("bin/java")))
          .filter(p -> javaFeature(p).map(this::fits).orElse(false))
          .findFirst();
    }

    private boolean fits(int feature) {
      return feature >= minJava && feature <= maxJava;
    }

    /**
     * Skips the calling test class when this line cannot run here (no fitting Java), with the reason; fails instead
     * when the environment variable {@value #REQUIRE_ALL} is set (CI, where a silently skipped version would hide a
     * regression).
     */
    public void assumeAvailable() {
      Optional<String> reason = unavailableReason();
      if (reason.isPresent() && System.getenv(REQUIRE_ALL) != null) {
        throw new IllegalStateException(reason.get() + ", and " + REQUIRE_ALL + " is set");
      }
      org.junit.jupiter.api.Assumptions.assumeTrue(reason.isEmpty(), () -> reason.orElse(""));
    }

    /** Why this line cannot run here, for an assumption message; empty when it can. */
    public Optional<String> unavailableReason() {
      return javaHome().isPresent() ? Optional.empty() : Optional.of(
          "Elasticsearch " + this + " needs a Java " + minJava + "+ runtime; none found (JAVA21_HOME, /usr/lib/jvm)");
    }
  }

  private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

  static Optional<Integer> javaFeature(Path javaHome) {
    try {
      Matcher m = JAVA_VERSION.matcher(Files.readString(javaHome.resolve("release"), StandardCharsets.UTF_8));
      return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private final Line line;
  private final Path home;
  private final Path javaHome;
  private final Path dir;
  private final int httpPort;
  private final int transportPort;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private Process process;
  private String version;

  private ElasticsearchServer(Line line, Path home, Path javaHome, Path dir, int httpPort, int transportPort) {
    this.line = line;
    this.home = home;
    this.javaHome = javaHome;
    this.dir = dir;
    this.httpPort = httpPort;
    this.transportPort = transportPort;
  }

  /** Starts a fresh node of this line and waits until it answers. */
  public static ElasticsearchServer start(Line line) {
    Path javaHome = line.javaHome().orElseThrow(() -> new IllegalStateException(line.unavailableReason().get()));
    try {
      Path dir = Files.createTempDirectory("netsight-es-");
      for (String sub : List.of("data", "logs", "tmp")) {
        Files.createDirectories(dir.resolve(sub));
      }
      copyConfig(line.home().resolve("config"), dir.resolve("config"));
      ElasticsearchServer server = new ElasticsearchServer(line, line.home(), javaHome, dir, freePort(), freePort());
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare an Elasticsearch directory", e);
    }
  }

  private static void copyConfig(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /** (Re)starts the node on its port and data directory and waits until it answers. */
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      return;
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    List<String> cmd = new ArrayList<>();
    if (root) {
      run(List.of("chown", "-R", UNPRIVILEGED + ":" + UNPRIVILEGED, dir.toString()));
      cmd.addAll(List.of("setpriv", "--reuid=" + UNPRIVILEGED, "--regid=" + UNPRIVILEGED, "--clear-groups"));
    }
    cmd.addAll(List.of("bash", home.resolve("bin/elasticsearch").toString(),
        "-E", "cluster.name=netsight-it",
        "-E", "node.name=netsight-it-" + line.name().toLowerCase(java.util.Locale.ROOT),
        "-E", "discovery.type=single-node",
        "-E", "xpack.security.enabled=false",
        "-E", "network.host=127.0.0.1",
        "-E", "http.port=" + httpPort,
        "-E", "transport.port=" + transportPort,
        "-E", "path.data=" + dir.resolve("data"),
        "-E", "path.logs=" + dir.resolve("logs"),
        "-E", "cluster.routing.allocation.disk.threshold_enabled=false"));
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("console.log").toFile()));
    pb.environment().put("ES_JAVA_HOME", javaHome.toString());
    pb.environment().put("JAVA_HOME", javaHome.toString());
    pb.environment().put("ES_PATH_CONF", dir.resolve("config").toString());
    pb.environment().put("ES_TMPDIR", dir.resolve("tmp").toString());
    pb.environment().put("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    long t0 = System.nanoTime();
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + cmd, e);
    }
    try {
      await("Elasticsearch " + line + " on port " + httpPort).atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> {
            if (!process.isAlive()) {
              throw new IllegalStateException("Elasticsearch exited with " + process.exitValue() + ":\n"
                  + tail(dir.resolve("console.log")));
            }
            return get("/_cluster/health?wait_for_status=yellow&timeout=1s").map(b -> b.contains("\"status\""))
                .orElse(false);
          });
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
    version = get("/_nodes/_local?filter_path=nodes.*.version").map(b -> {
      Matcher m = Pattern.compile("\"version\":\"([^\"]+)\"").matcher(b);
      return m.find() ? m.group(1) : "?";
    }).orElse("?");
    LOG.info("Elasticsearch {} up at {} in {} ms (Java {}, data in {})", version, url(),
        (System.nanoTime() - t0) / 1_000_000, javaHome, dir);
  }

  private Optional<String> get(String path) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + path))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Stops the node (SIGTERM, then SIGKILL after a minute), keeping its data. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        LOG.warn("Elasticsearch did not stop within 60 s; killing it");
        process.destroyForcibly();
        process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle child : children) {
      if (child.isAlive()) {
        child.destroyForcibly();
        child.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).exceptionally(t -> child).join();
      }
    }
    process = null;
    LOG.info("Elasticsearch {} at {} stopped", version, url());
  }

  public String url() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** The version the node reports, e.g. 8.19.8. */
  public String version() {
    return version;
  }

  public Line line() {
    return line;
  }

  @Override
  public void close() {
    stop();
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("Cannot delete {}: {}", dir, e.toString());
    }
  }

  @Override
  public String toString() {
    return "Elasticsearch " + version + " at " + url();
  }

  private static void run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalStateException(cmd + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no console log: " + e.getMessage() + ")";
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
