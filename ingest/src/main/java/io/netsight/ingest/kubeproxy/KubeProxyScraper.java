package io.netsight.ingest.kubeproxy;

import io.netsight.ingest.prometheus.PrometheusTextParser;
import io.netsight.ingest.capture.CapturedRecord;
import io.netsight.schema.Micros;
import io.netsight.ingest.sourcekit.NodeSource;
import io.netsight.ingest.sourcekit.RawRecorder;
import io.netsight.ingest.capture.RecordSink;
import io.netsight.ingest.sourcekit.RecordingFormat;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.KubeProxySample;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes kube-proxy every interval (30 s by default): {@code GET /metrics} and {@code GET /proxyMode} on its metrics
 * address (127.0.0.1:10249 on the node), one {@code KubeProxySample} keyed by node on
 * {@code netsight.capture.kube-proxy.v1}. An unreachable or failing endpoint sets {@code netsight_kube_proxy_up} to 0
 * and logs one line when the state changes (not one per scrape); the next tick tries again.
 */
public final class KubeProxyScraper implements NodeSource {

  private static final Logger LOG = LoggerFactory.getLogger(KubeProxyScraper.class);
  /** kube-proxy's client_golang serves 0.0.4 text; OpenMetrics is accepted too if a proxy ever negotiates it. */
  static final String ACCEPT = "text/plain;version=0.0.4;q=1,application/openmetrics-text;version=1.0.0;q=0.5,"
      + "*/*;q=0.1";

  /**
   * @param metricsUrl   kube-proxy's /metrics
   * @param proxyModeUrl kube-proxy's /proxyMode; null to skip
   * @param interval     time between scrapes
   * @param timeout      per request
   */
  public record Settings(URI metricsUrl, URI proxyModeUrl, Duration interval, Duration timeout) {

    public static final String METRICS_URL = "kube-proxy.metrics.url";
    public static final String PROXY_MODE_URL = "kube-proxy.proxy-mode.url";
    public static final String INTERVAL_MS = "kube-proxy.interval.ms";
    public static final String TIMEOUT_MS = "kube-proxy.timeout.ms";

    /** The kube-proxy scraper's configuration keys. */
    public static ConfigDef configDef() {
      return new ConfigDef()
          .define(METRICS_URL, ConfigDef.Type.STRING, "http://127.0.0.1:10249/metrics", ConfigDef.Importance.MEDIUM,
              "kube-proxy's metrics endpoint (its --metrics-bind-address, 127.0.0.1:10249 by default).")
          .define(PROXY_MODE_URL, ConfigDef.Type.STRING, "http://127.0.0.1:10249/proxyMode",
              ConfigDef.Importance.LOW, "kube-proxy's /proxyMode endpoint; empty to skip it.")
          .define(INTERVAL_MS, ConfigDef.Type.LONG, 30_000L, ConfigDef.Range.atLeast(100), ConfigDef.Importance.MEDIUM,
              "Time between scrapes.")
          .define(TIMEOUT_MS, ConfigDef.Type.LONG, 5_000L, ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW,
              "Connect and request timeout of a scrape.");
    }

    public static Settings from(AbstractConfig c) {
      String mode = c.getString(PROXY_MODE_URL);
      return new Settings(URI.create(c.getString(METRICS_URL)), mode.isBlank() ? null : URI.create(mode),
          Duration.ofMillis(c.getLong(INTERVAL_MS)), Duration.ofMillis(c.getLong(TIMEOUT_MS)));
    }

    public static Settings defaults() {
      return new Settings(URI.create("http://127.0.0.1:10249/metrics"), URI.create("http://127.0.0.1:10249/proxyMode"),
          Duration.ofSeconds(30), Duration.ofSeconds(5));
    }
  }

  private final Settings settings;
  private final String node;
  private final RecordSink sink;
  private final RawRecorder recorder;
  private final HttpClient http;
  private final PrometheusTextParser parser = new PrometheusTextParser();
  private final KubeProxySampleMapper mapper = new KubeProxySampleMapper();
  private final KubeProxyMetrics metrics;
  private volatile boolean up;
  private volatile Boolean lastUp;
  private ScheduledExecutorService timer;

  public KubeProxyScraper(Settings settings, String node, RecordSink sink, PrometheusRegistry registry,
      RawRecorder recorder) {
    this.settings = settings;
    this.node = node;
    this.sink = sink;
    this.recorder = recorder == null ? RawRecorder.NONE : recorder;
    this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).version(HttpClient.Version.HTTP_1_1)
        .build();
    this.metrics = KubeProxyMetrics.of(registry);
  }

  public synchronized void start() {
    if (timer != null) {
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "netsight-kube-proxy");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(() -> {
      try {
        scrapeOnce();
      } catch (RuntimeException e) {
        // The scheduler stops at the first escaped exception: keep scraping.
        LOG.error("kube-proxy scrape failed: {}", e.toString(), e);
      }
    }, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Scrapes once; returns the sample emitted, or null when kube-proxy could not be scraped. */
  public KubeProxySample scrapeOnce() {
    long now = Micros.now();
    String body;
    String mode = null;
    try {
      body = get(settings.metricsUrl(), ACCEPT);
      if (settings.proxyModeUrl() != null) {
        try {
          mode = get(settings.proxyModeUrl(), "text/plain").strip();
        } catch (IOException e) {
          LOG.debug("kube-proxy /proxyMode: {}", e.toString());
        }
      }
    } catch (IOException e) {
      metrics.failed.inc();
      state(false, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    state(true, null);
    metrics.ok.inc();
    if (recorder.enabled()) {
      recorder.line(RecordingFormat.sampleLine(now));
      recorder.line(RecordingFormat.ENDPOINT + settings.metricsUrl());
      if (mode != null) {
        recorder.line(RecordingFormat.PROXY_MODE + mode);
      }
      recorder.line(body.endsWith("\n") ? body.substring(0, body.length() - 1) : body);
      recorder.flush();
    }
    return emit(body, mode, settings.metricsUrl().toString(), now);
  }

  KubeProxySample emit(String body, String mode, String endpoint, long micros) {
    PrometheusTextParser.Exposition x = parser.parse(body);
    if (x.rejected() > 0) {
      metrics.rejectedLines.inc(x.rejected());
    }
    KubeProxySample s = mapper.map(x, mode, endpoint, micros, node);
    sink.accept(new CapturedRecord(Topics.CAPTURE_KUBE_PROXY, node, micros, s));
    return s;
  }

  private String get(URI uri, String accept) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(settings.timeout())
        .header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("HTTP " + r.statusCode() + " from " + uri);
    }
    return r.body();
  }

  private void state(boolean nowUp, String error) {
    up = nowUp;
    metrics.up = nowUp;
    Boolean before = lastUp;
    lastUp = nowUp;
    if (before == null || before != nowUp) {
      if (nowUp) {
        LOG.info("kube-proxy metrics at {} are reachable", settings.metricsUrl());
      } else {
        LOG.warn("kube-proxy metrics at {} are unreachable: {} (logged again when this changes)",
            settings.metricsUrl(), error);
      }
    }
  }

  /** The scrape schedule runs (whether kube-proxy answers is {@link #up()} and the detail). */
  @Override
  public synchronized boolean healthy() {
    return timer != null && !timer.isShutdown();
  }

  public boolean up() {
    return up;
  }

  @Override
  public String name() {
    return "kube-proxy";
  }

  @Override
  public String detail() {
    return "url=" + settings.metricsUrl() + " every " + settings.interval().toMillis() + " ms up=" + up;
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      try {
        timer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    recorder.close();
  }
}
