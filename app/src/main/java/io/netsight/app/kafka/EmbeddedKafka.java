package io.netsight.app.kafka;

import io.netsight.schema.TopicCreator;
import io.netsight.schema.TopicSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka (KRaft, combined broker and controller) inside this JVM: the real broker code from
 * {@code kafka_2.13}, not a mock. Used by {@code netsight kafka}, {@code netsight analyze}/{@code demo} and the tests.
 *
 * <p>Storage is formatted with Kafka's own {@code StorageTool} under a fresh temporary directory (removed by
 * {@link #close()}) or under a directory the caller keeps. Internal topics (offsets, transactions, share-group state)
 * use replication factor 1 and one partition, which is what a one-node broker can serve.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final int START_ATTEMPTS = 3;

  private final Path dataDir;
  private final boolean deleteOnClose;
  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private boolean closed;

  private EmbeddedKafka(Path dataDir, boolean deleteOnClose, KafkaRaftServer server, String bootstrapServers) {
    this.dataDir = dataDir;
    this.deleteOnClose = deleteOnClose;
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  /** Starts a broker on free loopback ports with a temporary data directory. */
  public static EmbeddedKafka start() {
    return start(new Options(0, null));
  }

  /**
   * How to start.
   *
   * @param port    the client port on 127.0.0.1; 0 picks a free one
   * @param dataDir a directory to keep the data in (formatted when empty); {@code null} for a temporary one
   */
  public record Options(int port, Path dataDir) {
  }

  public static EmbeddedKafka start(Options options) {
    Path dir;
    boolean temporary = options.dataDir() == null;
    try {
      dir = temporary ? Files.createTempDirectory("netsight-kafka-") : Files.createDirectories(options.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the Kafka data directory", e);
    }
    RuntimeException last = null;
    // Free ports are probed, then bound by the broker: another process can take one in between, so retry.
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      int brokerPort = options.port() != 0 ? options.port() : freePort();
      int controllerPort = freePort();
      try {
        return startOnce(dir, temporary, brokerPort, controllerPort);
      } catch (RuntimeException e) {
        last = e;
        LOG.warn("Kafka did not start on ports {}/{} (attempt {} of {}): {}", brokerPort, controllerPort, attempt,
            START_ATTEMPTS, e.getMessage());
        if (options.port() != 0) {
          break;
        }
      }
    }
    if (temporary) {
      deleteRecursively(dir);
    }
    throw new IllegalStateException("Cannot start the in-JVM Kafka broker: " + (last == null ? "" : last.getMessage()),
        last);
  }

  private static EmbeddedKafka startOnce(Path dir, boolean temporary, int brokerPort, int controllerPort) {
    Path logDir = dir.resolve("log");
    Properties props = brokerProperties(logDir, brokerPort, controllerPort);
    format(dir, logDir, props);
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      shutdownQuietly(server);
      throw e;
    }
    String bootstrap = "127.0.0.1:" + brokerPort;
    EmbeddedKafka kafka = new EmbeddedKafka(dir, temporary, server, bootstrap);
    try {
      kafka.awaitReady(Duration.ofSeconds(60));
    } catch (RuntimeException e) {
      shutdownQuietly(server);
      throw e;
    }
    LOG.info("Kafka {} is up at {} (data in {})", KafkaVersion.get(), bootstrap,
        dir);
    return kafka;
  }

  static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.putAll(Map.ofEntries(
        Map.entry("process.roles", "broker,controller"),
        Map.entry("node.id", "1"),
        Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
        Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort),
        Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort),
        Map.entry("controller.listener.names", "CONTROLLER"),
        Map.entry("inter.broker.listener.name", "PLAINTEXT"),
        Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
        Map.entry("log.dirs", logDir.toString()),
        // One node: every internal topic must live with a single replica, and one partition starts fastest.
        Map.entry("offsets.topic.replication.factor", "1"),
        Map.entry("offsets.topic.num.partitions", "1"),
        Map.entry("transaction.state.log.replication.factor", "1"),
        Map.entry("transaction.state.log.min.isr", "1"),
        Map.entry("transaction.state.log.num.partitions", "1"),
        Map.entry("share.coordinator.state.topic.replication.factor", "1"),
        Map.entry("share.coordinator.state.topic.min.isr", "1"),
        Map.entry("share.coordinator.state.topic.num.partitions", "1"),
        Map.entry("default.replication.factor", "1"),
        Map.entry("min.insync.replicas", "1"),
        Map.entry("num.partitions", "1"),
        Map.entry("group.initial.rebalance.delay.ms", "0"),
        // The default 128 MiB dedupe buffer is sized for production; compacted topics here are small.
        Map.entry("log.cleaner.dedupe.buffer.size", "2097152"),
        Map.entry("auto.create.topics.enable", "false")));
    return p;
  }

  /** Formats the log directory with Kafka's own StorageTool, unless it was formatted before (a kept data dir). */
  private static void format(Path dir, Path logDir, Properties props) {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    Path config = dir.resolve("server.properties");
    try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
      props.store(w, "netsight in-JVM broker");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + config, e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc = StorageTool.execute(new String[] {
        "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString(), "--ignore-formatted"},
        new PrintStream(out, true, StandardCharsets.UTF_8));
    if (rc != 0) {
      throw new IllegalStateException("kafka-storage format failed: " + out.toString(StandardCharsets.UTF_8).strip());
    }
  }

  private void awaitReady(Duration timeout) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Kafka started but did not answer at " + bootstrapServers + " within " + timeout,
          e);
    }
  }

  /** host:port for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Where the data lives. */
  public Path dataDir() {
    return dataDir;
  }

  /** Creates the given topics (replication factor 1), leaving those that exist. */
  public List<TopicCreator.Outcome> createTopics(Collection<TopicSpec<?, ?>> topics) {
    try (Admin admin = admin()) {
      return TopicCreator.ensure(admin, topics, Optional.of((short) 1), 30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Timed out creating topics on " + bootstrapServers, e);
    }
  }

  /** A new admin client for this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** Stops the broker and, for a temporary data directory, deletes it. Safe to call more than once. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    shutdownQuietly(server);
    if (deleteOnClose) {
      deleteRecursively(dataDir);
    }
    LOG.info("Kafka at {} stopped", bootstrapServers);
  }

  private static void shutdownQuietly(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warn("Kafka shutdown reported: {}", e.toString());
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on 127.0.0.1", e);
    }
  }

  /** Deletes a directory tree; what cannot be deleted is logged, not thrown. */
  public static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          LOG.warn("Cannot delete {}: {}", p, e.getMessage());
        }
      });
    } catch (IOException e) {
      LOG.warn("Cannot delete {}: {}", dir, e.getMessage());
    }
  }
}
