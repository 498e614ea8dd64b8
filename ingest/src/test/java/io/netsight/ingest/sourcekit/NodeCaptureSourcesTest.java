package io.netsight.ingest.sourcekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netsight.ingest.agent.AgentConfig;
import io.netsight.ingest.capture.CaptureSource;
import io.netsight.ingest.capture.CaptureSourceRegistry;
import io.netsight.ingest.capture.CapturedRecord;
import io.netsight.ingest.capture.SourceContext;
import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.ConntrackStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeCaptureSourcesTest {

  @Test
  void theAgentsRegistryHasTheFourSourcesAndTheirKeys() {
    CaptureSourceRegistry registry = CaptureSourceRegistry.standard();

    assertThat(registry.names()).containsSubsequence("kernel-log", "conntrack", "conntrack-stats", "kube-proxy");
    assertThat(registry.configDef().names()).contains("kernel.log.reader", "kernel.log.prefixes",
        "conntrack.events.buffer.bytes", "conntrack.stats.interval.ms", "kube-proxy.metrics.url");
    assertThat(AgentConfig.configDef(registry).names()).contains(AgentConfig.RECORD_DIR);
  }

  @Test
  void aSourceRunsUnderTheAgentsInterfaceAndRecordsWhereTheAgentSays(@TempDir Path dir) throws Exception {
    CaptureSourceRegistry registry = CaptureSourceRegistry.standard();
    AgentConfig config = new AgentConfig(Map.of(AgentConfig.NODE, "node-a", AgentConfig.RECORD_DIR, dir.toString(),
        "conntrack.stats.interval.ms", "100"), registry);
    List<CapturedRecord> records = new CopyOnWriteArrayList<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    SourceContext context = new SourceContext("node-a", config, new IngestMetrics(), records::add, failures::add);

    List<CaptureSource> created = registry.create(List.of("conntrack-stats"), context);
    assertThat(created).hasSize(1);
    try (CaptureSource source = created.get(0)) {
      assertThat(source.name()).isEqualTo("conntrack-stats");
      source.start();

      await().atMost(Duration.ofSeconds(10)).until(() -> records.size() >= 2);
      assertThat(source.health().running()).isTrue();
      assertThat(source.health().detail()).contains("/proc/net/stat/nf_conntrack");
    }
    assertThat(records.get(0).topic()).isEqualTo(Topics.CAPTURE_CONNTRACK_STATS);
    assertThat(((ConntrackStats) records.get(0).value()).getNode()).isEqualTo("node-a");
    assertThat(Files.readAllLines(dir.resolve("conntrack-stats.txt"))).anyMatch(l -> l.startsWith(
        "# netsight-sample ")).anyMatch(l -> l.startsWith("entries"));
    assertThat(failures).isEmpty();
  }
}
