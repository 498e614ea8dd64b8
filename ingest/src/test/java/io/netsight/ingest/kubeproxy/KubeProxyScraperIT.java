package io.netsight.ingest.kubeproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.netsight.ingest.capture.CapturedRecord;
import io.netsight.ingest.sourcekit.RawRecorder;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.KubeProxySample;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real scraper against a local HTTP server that answers like kube-proxy's metrics server: the recorded
 * exposition on /metrics (Content-Type text/plain; version=0.0.4) and the mode on /proxyMode.
 */
class KubeProxyScraperIT {

  @Test
  void scrapesMetricsAndModeRecordsThemAndReportsAnUnreachableEndpoint(@TempDir Path dir) throws Exception {
    byte[] metrics = KubeProxySampleMapperTest.fixture().getBytes(StandardCharsets.UTF_8);
    List<String> accepts = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/metrics", ex -> {
      accepts.add(ex.getRequestHeaders().getFirst("Accept"));
      ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      ex.sendResponseHeaders(200, metrics.length);
      ex.getResponseBody().write(metrics);
      ex.close();
    });
    server.createContext("/proxyMode", ex -> {
      byte[] b = "iptables".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    List<CapturedRecord> records = new CopyOnWriteArrayList<>();
    PrometheusRegistry registry = new PrometheusRegistry();
    Path recording = dir.resolve("kube-proxy-metrics.txt");
    try (RawRecorder recorder = RawRecorder.open(recording);
        KubeProxyScraper scraper = new KubeProxyScraper(new KubeProxyScraper.Settings(URI.create(base + "/metrics"),
            URI.create(base + "/proxyMode"), Duration.ofMillis(100), Duration.ofSeconds(2)), "node-a", records::add,
            registry, recorder)) {
      scraper.start();

      await().atMost(Duration.ofSeconds(10)).until(() -> records.size() >= 2);
      KubeProxySample s = (KubeProxySample) records.get(0).value();
      assertThat(records.get(0).topic()).isEqualTo(Topics.CAPTURE_KUBE_PROXY);
      assertThat(records.get(0).key()).isEqualTo("node-a");
      assertThat(s.getMode()).isEqualTo("iptables");
      assertThat(s.getEndpoint()).isEqualTo(base + "/metrics");
      assertThat(s.getSyncDuration().getCount()).isEqualTo(2041);
      assertThat(s.getRuleCounts()).containsEntry("iptables/nat", 48213L);
      assertThat(accepts.get(0)).startsWith("text/plain;version=0.0.4");
      assertThat(up(registry)).isEqualTo(1);

      // When kube-proxy goes away, the scraper says so and keeps trying
      server.stop(0);
      int before = records.size();
      await().atMost(Duration.ofSeconds(10)).until(() -> up(registry) == 0);
      assertThat(scraper.up()).isFalse();
      assertThat(records.size()).isLessThanOrEqualTo(before + 1);
    }

    // And the recording replays to the same samples
    List<CapturedRecord> replayed = new CopyOnWriteArrayList<>();
    long n = new KubeProxyReplay("node-a", replayed::add).replay(recording);
    assertThat(n).isGreaterThanOrEqualTo(2);
    assertThat(replayed.get(0).value()).isEqualTo(records.get(0).value());
  }

  private static double up(PrometheusRegistry registry) {
    return registry.scrape().stream().filter(m -> m.getMetadata().getName().equals("netsight_kube_proxy_up"))
        .map(m -> ((GaugeSnapshot) m).getDataPoints().get(0).getValue()).findFirst().orElse(-1d);
  }
}
