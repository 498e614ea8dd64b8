package io.netsight.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsight.schema.Topics;
import io.netsight.streams.ndots.NdotsConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class DetectorsTest {

  @Test
  void everyKeyIsADocumentedDetectKeyWithADefault() {
    ConfigDef def = Detectors.configDef();

    assertThat(def.names()).contains("detect.ndots.enabled", "detect.ndots.window", "detect.ndots.grace",
        "detect.ndots.resolve-after", "detect.ndots.min-wasted-queries", "detect.ndots.min-wasted-share",
        "detect.ndots.cluster-domain", "detect.ndots.host-search-domains");
    for (ConfigDef.ConfigKey k : def.configKeys().values()) {
      assertThat(k.name).matches("detect\\.[a-z0-9-]+\\.[a-z0-9-]+");
      assertThat(k.documentation).as(k.name).isNotBlank();
      assertThat(k.hasDefault()).as(k.name).isTrue();
    }
    assertThat(def.defaultValues()).containsEntry("detect.ndots.window", "PT1M")
        .containsEntry("detect.ndots.resolve-after", 5).containsEntry("detect.ndots.min-wasted-queries", 20L)
        .containsEntry("detect.ndots.min-wasted-share", 0.5).containsEntry("detect.ndots.cluster-domain",
            "cluster.local");
  }

  @Test
  void enabledDetectorReadsTheEnrichedTopicAndWritesFindings() {
    StreamsBuilder builder = new StreamsBuilder();

    List<String> added = Detectors.addEnabled(builder, Map.of());

    assertThat(added).containsExactly("ndots");
    String description = builder.build().describe().toString();
    assertThat(description).contains("topics: [" + Topics.ENRICHED_DNS.name() + "]")
        .contains("topic: " + Topics.FINDINGS.name()).contains("ndots-by-subject")
        .contains("stores: [ndots-windows]").contains("stores: [ndots-episodes]");
  }

  @Test
  void disabledDetectorAddsNothing() {
    StreamsBuilder builder = new StreamsBuilder();

    List<String> added = Detectors.addEnabled(builder, Map.of("detect.ndots.enabled", "false"));

    assertThat(added).isEmpty();
    Topology topology = builder.build();
    assertThat(topology.describe().subtopologies()).isEmpty();
    assertThat(topology.describe().globalStores()).isEmpty();
  }

  @Test
  void invalidValuesAreRejectedWithTheKeyName() {
    assertThatThrownBy(() -> Detectors.addEnabled(new StreamsBuilder(), Map.of("detect.ndots.window", "1 minute")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("detect.ndots.window")
        .hasMessageContaining("ISO-8601");
    assertThatThrownBy(() -> Detectors.addEnabled(new StreamsBuilder(), Map.of("detect.ndots.window", "PT0S")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("must be positive");
    assertThatThrownBy(() -> Detectors.addEnabled(new StreamsBuilder(),
        Map.of(NdotsConfig.MIN_WASTED_SHARE, "1.5"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining(NdotsConfig.MIN_WASTED_SHARE);
    assertThatThrownBy(() -> Detectors.addEnabled(new StreamsBuilder(),
        Map.of(NdotsConfig.CLUSTER_DOMAIN, "cluster.local."))).isInstanceOf(ConfigException.class)
        .hasMessageContaining(NdotsConfig.CLUSTER_DOMAIN);
  }

  @Test
  void sourcesAreSharedSoTheTopicIsSubscribedOnce() {
    StreamsBuilder builder = new StreamsBuilder();
    DetectorContext.Sources sources = new DetectorContext.Sources(builder);

    assertThat(sources.enrichedDns()).isSameAs(sources.enrichedDns());
    long sourceNodes = builder.build().describe().subtopologies().stream()
        .flatMap(s -> s.nodes().stream()).filter(n -> n instanceof TopologyDescription.Source).count();
    assertThat(sourceNodes).isEqualTo(1);
  }
}
