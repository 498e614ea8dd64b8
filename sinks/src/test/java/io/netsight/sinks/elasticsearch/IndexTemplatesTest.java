package io.netsight.sinks.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexTemplatesTest {

  @Test
  void templatesHaveAnExplicitPriorityTheConfiguredReplicasAndStrictMappings() {
    JsonNode t = IndexTemplates.template(IndexKind.FINDINGS, "netsight", 1, 2, 500);

    assertThat(t.path("priority").asInt()).isEqualTo(500);
    assertThat(t.path("index_patterns")).extracting(JsonNode::asText)
        .containsExactly("netsight-findings", "netsight-findings-*");
    assertThat(t.path("template").path("settings").path("index").path("number_of_replicas").asInt()).isEqualTo(2);
    assertThat(t.path("template").path("mappings").path("dynamic").asText()).isEqualTo("strict");
    assertThat(t.path("_meta").path("managed_by").asText()).isEqualTo("netsight");
  }

  @Test
  void ipsAreIpTimesAreDatesNamesAreKeywords() {
    var findings = IndexTemplates.fieldTypes(IndexKind.FINDINGS);
    var dns = IndexTemplates.fieldTypes(IndexKind.DNS);
    var bindings = IndexTemplates.fieldTypes(IndexKind.IP_BINDINGS);

    assertThat(dns).containsEntry("source.ip", "ip").containsEntry("destination.ip", "ip")
        .containsEntry("dns.question.name", "keyword").containsEntry("@timestamp", "date")
        .containsEntry("kubernetes.pod.name", "keyword").containsEntry("network.transport", "keyword");
    assertThat(findings).containsEntry("rule.name", "keyword").containsEntry("event.start", "date")
        .containsEntry("netsight.subject.ip", "ip").containsEntry("message", "text");
    assertThat(bindings).containsEntry("netsight.binding.valid", "date_range")
        .containsEntry("netsight.binding.ip", "ip");
    for (IndexKind kind : IndexKind.values()) {
      IndexTemplates.fieldTypes(kind).forEach((field, type) -> {
        if (field.endsWith(".ip") || field.endsWith("_ip")) {
          assertThat(type).as(field).isEqualTo("ip");
        }
        if (field.endsWith(".name") || field.endsWith(".namespace")) {
          assertThat(type).as(field).isEqualTo("keyword");
        }
      });
    }
  }

  @Test
  void noTwoTemplatesMatchTheSameIndexName() {
    List<String> samples = new ArrayList<>();
    for (IndexKind k : IndexKind.values()) {
      samples.add(k.index("netsight", SinkFixturesTime.INSTANT));
    }
    for (String index : samples) {
      long matching = List.of(IndexKind.values()).stream().filter(k -> k.indexPatterns("netsight").stream()
          .anyMatch(p -> index.matches(p.replace(".", "\\.").replace("*", ".*")))).count();
      assertThat(matching).as(index).isEqualTo(1);
    }
  }

  /** A time for index names. */
  private static final class SinkFixturesTime {
    static final java.time.Instant INSTANT = java.time.Instant.parse("2026-11-26T10:08:54Z");
  }
}
