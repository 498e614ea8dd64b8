package io.netsight.ingest.sourcekit;

import io.netsight.ingest.capture.CapturedRecord;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.ingest.kernel.NetfilterLogParser;
import io.netsight.schema.Topics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeSourcesTest {

  private static Path resource(String path) throws Exception {
    return Path.of(NodeSourcesTest.class.getResource(path).toURI());
  }

  @Test
  void replayOfEveryRecordingKindEmitsTheirRecords() throws Exception {
    List<CapturedRecord> records = new CopyOnWriteArrayList<>();

    Map<String, Long> counts = NodeSources.replay(resource("/io/netsight/ingest/kernel/kmsg-netfilter.txt"),
        resource("/io/netsight/ingest/conntrack/events.txt"), resource("/io/netsight/ingest/conntrack/stats.txt"),
        resource("/io/netsight/ingest/kubeproxy/kube-proxy-iptables.metrics.txt"), "node-a",
        NetfilterLogParser.DEFAULT_PREFIXES, ZoneOffset.UTC, new PrometheusRegistry(), records::add);

    assertThat(counts).containsExactly(Map.entry("kernel-log", 6L), Map.entry("conntrack", 7L),
        Map.entry("conntrack-stats", 2L), Map.entry("kube-proxy", 1L));
    assertThat(records).extracting(r -> r.topic().name()).containsOnly(Topics.CAPTURE_KERNEL_DROP.name(),
        Topics.CAPTURE_CONNTRACK.name(), Topics.CAPTURE_CONNTRACK_STATS.name(), Topics.CAPTURE_KUBE_PROXY.name());
    assertThat(records).hasSize(16);
  }

  @Test
  void everySourceIsCreatedFromTheAgentConfigurationWithoutSideEffects(@TempDir Path dir) {
    ConfigDef def = new ConfigDef();
    for (String name : NodeSources.NAMES) {
      NodeSources.configDef(name).configKeys().values().forEach(def::define);
    }
    AbstractConfig config = new AbstractConfig(def, Map.of());
    PrometheusRegistry registry = new PrometheusRegistry();

    for (String name : NodeSources.NAMES) {
      try (NodeSource s = NodeSources.create(name, "node-a", config, registry, r -> { }, dir)) {
        assertThat(s.name()).isEqualTo(name);
        assertThat(s.healthy()).as("not started").isFalse();
        assertThat(s.detail()).isNotBlank();
      }
      assertThat(Files.exists(dir.resolve(NodeSources.RECORDING_FILES.get(name))))
          .as("the agent creates sources to restart one: creating writes nothing").isFalse();
    }
  }
}
