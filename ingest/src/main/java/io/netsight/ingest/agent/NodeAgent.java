package io.netsight.ingest.agent;

import io.netsight.ingest.capture.CaptureSource;
import io.netsight.ingest.capture.SourceContext;
import io.netsight.ingest.capture.SourceHealth;
import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.ingest.publish.KafkaRecordPublisher;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent: the capture sources, the publisher they feed, and the /metrics endpoint. A source that fails is
 * restarted with exponential backoff and jitter ("retry n of m" in the log); when it keeps failing, {@link #failure()}
 * completes and the command exits 1, so a broken agent is visible as a crash-looping pod rather than a silent one.
 */
public final class NodeAgent implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
  private static final Duration HEALTHY_RUN = Duration.ofMinutes(5);

  private final AgentConfig config;
  private final IngestMetrics metrics = new IngestMetrics();
  private final KafkaRecordPublisher publisher;
  private final String node;
  private final List<CaptureSource> sources = new ArrayList<>();
  private final Map<String, Integer> failures = new HashMap<>();
  private final Map<String, Long> startedAt = new HashMap<>();
  private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "netsight-agent-restarts");
    t.setDaemon(true);
    return t;
  });
  private final CompletableFuture<Throwable> failure = new CompletableFuture<>();
  private HTTPServer metricsServer;
  private boolean closed;

  public NodeAgent(AgentConfig config, Producer<String, byte[]> producer) {
    this.config = config;
    this.node = config.node();
    this.publisher = new KafkaRecordPublisher(producer, config.getInt(AgentConfig.QUEUE_CAPACITY),
        KafkaRecordPublisher.WhenFull.DROP, metrics);
  }

  /** A producer with netsight's settings and the config's kafka.* keys. */
  public static Producer<String, byte[]> producerFor(AgentConfig config) {
    return KafkaRecordPublisher.producer(
        KafkaRecordPublisher.producerConfig("netsight-agent-" + config.node(), config.kafka()));
  }

  public synchronized NodeAgent start() throws Exception {
    int port = config.getInt(AgentConfig.METRICS_PORT);
    io.prometheus.metrics.core.metrics.GaugeWithCallback.builder().name("netsight_source_up")
        .help("1 while a capture source runs, 0 while it is down (restarting or given up).").labelNames("source")
        .callback(cb -> health().forEach(h -> cb.call(h.running() ? 1 : 0, h.name())))
        .register(metrics.registry());
    if (port >= 0) {
      metricsServer = HTTPServer.builder().port(port).registry(metrics.registry()).defaultHandler(this::healthz)
          .buildAndStart();
      LOG.info("Metrics at http://0.0.0.0:{}/metrics, health at /healthz", metricsServer.getPort());
    }
    publisher.start();
    List<CaptureSource> created = config.registry().create(config.sources(), context());
    for (CaptureSource s : created) {
      s.start();
      sources.add(s);
      startedAt.put(s.name(), System.nanoTime());
    }
    LOG.info("Agent on node {} runs {}", node, sources.stream().map(CaptureSource::name).toList());
    return this;
  }

  private SourceContext context() {
    return new SourceContext(node, config, metrics, publisher, this::sourceFailed);
  }

  /** Called on a source's thread: schedule a restart of every failed source. */
  private void sourceFailed(Throwable error) {
    restarts.execute(this::restartFailed);
  }

  private synchronized void restartFailed() {
    if (closed) {
      return;
    }
    for (int i = 0; i < sources.size(); i++) {
      CaptureSource s = sources.get(i);
      SourceHealth h = s.health();
      if (h.running()) {
        continue;
      }
      long ranNanos = System.nanoTime() - startedAt.getOrDefault(s.name(), System.nanoTime());
      int n = ranNanos > HEALTHY_RUN.toNanos() ? 1 : failures.merge(s.name(), 1, Integer::sum);
      failures.put(s.name(), n);
      int max = config.getInt(AgentConfig.RESTARTS_MAX);
      s.close();
      if (n > max) {
        LOG.error("Source {} failed {} times; giving up: {}", s.name(), n, h.detail());
        failure.complete(h.lastError() != null ? h.lastError() : new IllegalStateException(h.detail()));
        return;
      }
      long backoffMs = Math.min(60_000L, 1000L << Math.min(n - 1, 6));
      backoffMs += ThreadLocalRandom.current().nextLong(backoffMs / 4 + 1);
      LOG.warn("Source {} failed ({}); restarting in {} ms, retry {} of {}", s.name(),
          h.lastError() == null ? h.detail() : h.lastError().toString(), backoffMs, n, max);
      int index = i;
      restarts.schedule(() -> restart(index, s.name()), backoffMs, TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void restart(int index, String name) {
    if (closed) {
      return;
    }
    try {
      // Only the source that failed: creating a source registers its metrics and may open clients, so building
      // the others again would take their metrics away from the running instances.
      List<String> names = config.sources().stream().filter(n -> name.equals(n)
          || (name.startsWith("packets[") && config.registry().packetAnalyzerNames().contains(n))).toList();
      CaptureSource replacement = config.registry().create(names, context()).stream()
          .filter(s -> s.name().equals(name)).findFirst().orElseThrow();
      replacement.start();
      sources.set(index, replacement);
      startedAt.put(name, System.nanoTime());
      LOG.info("Source {} runs again", name);
    } catch (Exception e) {
      LOG.warn("Source {} did not restart: {}", name, e.toString());
      restarts.execute(this::restartFailed);
    }
  }

  /** {@code /healthz}: 200 while every source runs, 503 otherwise; one line per source either way. */
  private void healthz(com.sun.net.httpserver.HttpExchange exchange) throws java.io.IOException {
    try (exchange) {
      if (!"/healthz".equals(exchange.getRequestURI().getPath())) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      List<SourceHealth> health = health();
      boolean up = !health.isEmpty() && health.stream().allMatch(SourceHealth::running) && !failure.isDone();
      StringBuilder body = new StringBuilder();
      health.forEach(h -> body.append(h.running() ? "up   " : "down ").append(h.detail())
          .append(h.lastError() == null ? "" : " (" + h.lastError() + ")").append('\n'));
      byte[] bytes = body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(up ? 200 : 503, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  /** Completes with the error when a source failed more often than allowed. */
  public CompletableFuture<Throwable> failure() {
    return failure;
  }

  public IngestMetrics metrics() {
    return metrics;
  }

  public KafkaRecordPublisher publisher() {
    return publisher;
  }

  /** The port /metrics listens on, or -1. */
  public int metricsPort() {
    return metricsServer == null ? -1 : metricsServer.getPort();
  }

  public synchronized List<SourceHealth> health() {
    return sources.stream().map(CaptureSource::health).toList();
  }

  /** Stops the sources (they emit what is pending), then flushes the publisher; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    restarts.shutdownNow();
    for (CaptureSource s : sources) {
      s.close();
    }
    publisher.close(Duration.ofSeconds(30));
    if (metricsServer != null) {
      metricsServer.stop();
    }
    LOG.info("Agent stopped: {} DNS transactions, {} resets", (long) metrics.transactionsAnswered.get()
        + (long) metrics.transactionsTimedOut.get() + (long) metrics.transactionsUnknown.get(),
        (long) metrics.resets.get());
  }

}
