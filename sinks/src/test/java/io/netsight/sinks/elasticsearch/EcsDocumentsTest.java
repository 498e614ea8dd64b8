package io.netsight.sinks.elasticsearch;

import static io.netsight.sinks.testing.SinkFixtures.REUSED_IP;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netsight.schema.v1.EnrichedDnsTransaction;
import io.netsight.schema.v1.FindingStatus;
import io.netsight.schema.v1.IpBinding;
import io.netsight.schema.v1.Severity;
import io.netsight.sinks.testing.SinkFixtures;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EcsDocumentsTest {

  @Test
  void aFindingIsAnEcsAlertIdentifiedByItsEpisodeAndVersionedByItsRevision() {
    EcsDocument doc = EcsDocuments.finding(
        SinkFixtures.ndotsFinding("ndots/shop/Deployment/checkout/1", 3, FindingStatus.OPEN, Severity.HIGH),
        "netsight");

    JsonNode s = doc.source();
    assertThat(doc.index()).isEqualTo("netsight-findings");
    assertThat(doc.id()).isEqualTo("ndots/shop/Deployment/checkout/1");
    assertThat(doc.version()).isEqualTo(3L);
    assertThat(s.path("@timestamp").asText()).isEqualTo("2026-11-26T10:06:54.123456Z");
    assertThat(s.path("event").path("kind").asText()).isEqualTo("alert");
    assertThat(s.path("event").path("category").get(0).asText()).isEqualTo("network");
    assertThat(s.path("event").path("start").asText()).isEqualTo("2026-11-26T10:03:54.123456Z");
    assertThat(s.path("event").path("end").asText()).isEqualTo("2026-11-26T10:06:54.123456Z");
    assertThat(s.path("event").path("severity").asInt()).isEqualTo(4);
    assertThat(s.path("rule").path("name").asText()).isEqualTo("NDOTS_AMPLIFICATION");
    assertThat(s.path("message").asText()).startsWith("Deployment shop/checkout sends 4.0x");
    assertThat(s.path("kubernetes").path("namespace").asText()).isEqualTo("shop");
    assertThat(s.path("kubernetes").path("node").path("name").asText()).isEqualTo("node-a");
    assertThat(s.path("orchestrator").path("resource").path("type").asText()).isEqualTo("deployment");
    assertThat(s.path("orchestrator").path("resource").path("name").asText()).isEqualTo("checkout");
    assertThat(s.path("netsight").path("finding").path("status").asText()).isEqualTo("OPEN");
    assertThat(s.path("netsight").path("subject").path("workload").path("name").asText()).isEqualTo("checkout");
    assertThat(s.path("netsight").path("peer").path("ip").asText()).isEqualTo("10.96.0.10");
    assertThat(s.path("netsight").path("metrics").path("wasted").asDouble()).isEqualTo(18.0);
    assertThat(s.path("netsight").path("affected").get(0).path("name").asText())
        .isEqualTo("checkout-7d9c5b6f4-x2x9q");
    assertThat(s.path("related").path("ip")).extracting(JsonNode::asText)
        .containsExactly("10.96.0.10", REUSED_IP);
    assertThat(s.path("ecs").path("version").asText()).isEqualTo(EcsDocument.ECS_VERSION);
  }

  @Test
  void aDnsTransactionUsesEcsNetworkAndDnsFieldsAndNamesTheClientPod() {
    EcsDocument doc = EcsDocuments.dns(SinkFixtures.dns(0), "netsight");

    JsonNode s = doc.source();
    assertThat(doc.index()).isEqualTo("netsight-dns-2026.11.26");
    assertThat(doc.version()).isNull();
    assertThat(s.path("source").path("ip").asText()).isEqualTo(REUSED_IP);
    assertThat(s.path("source").path("port").asInt()).isEqualTo(40000);
    assertThat(s.path("destination").path("ip").asText()).isEqualTo("10.96.0.10");
    assertThat(s.path("destination").path("port").asInt()).isEqualTo(53);
    assertThat(s.path("network").path("transport").asText()).isEqualTo("udp");
    assertThat(s.path("dns").path("question").path("name").asText())
        .isEqualTo("api.example.com.shop.svc.cluster.local");
    assertThat(s.path("dns").path("question").path("type").asText()).isEqualTo("A");
    assertThat(s.path("dns").path("response_code").asText()).isEqualTo("NXDOMAIN");
    assertThat(s.path("event").path("duration").asLong()).isEqualTo(412_000L);
    assertThat(s.path("kubernetes").path("pod").path("name").asText()).isEqualTo("checkout-7d9c5b6f4-x2x9q");
    assertThat(s.path("kubernetes").path("pod").path("uid").asText())
        .isEqualTo("6f1c2a5e-0d7e-4c61-9a4b-3b8f2d0e1a77");
    assertThat(s.path("kubernetes").path("labels").path("app_kubernetes_io/name").asText()).isEqualTo("checkout");
    assertThat(s.path("kubernetes").path("labels").path("app").asText()).isEqualTo("checkout");
    assertThat(s.path("netsight").path("source").path("dns").path("ndots").asInt()).isEqualTo(5);
    assertThat(s.path("netsight").path("destination").path("attribution").asText()).isEqualTo("UNATTRIBUTED");
    assertThat(s.path("observer").path("hostname").asText()).isEqualTo("node-a");
  }

  @Test
  void evidenceIdsComeFromTheCapturedEventNotFromItsAttribution() {
    EnrichedDnsTransaction first = SinkFixtures.dns(7);
    EnrichedDnsTransaction reEnriched = EnrichedDnsTransaction.newBuilder(first)
        .setClient(SinkFixtures.unattributed(REUSED_IP)).build();

    assertThat(EcsDocuments.dns(reEnriched, "netsight").id()).isEqualTo(EcsDocuments.dns(first, "netsight").id());
    assertThat(EcsDocuments.dns(SinkFixtures.dns(8), "netsight").id())
        .isNotEqualTo(EcsDocuments.dns(first, "netsight").id());
    assertThat(EcsDocuments.dns(first, "netsight").id()).hasSize(22).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void oneThousandDistinctEventsOfEachKindGetOneThousandDistinctIds() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      ids.add(EcsDocuments.dns(SinkFixtures.dns(i), "netsight").id());
      ids.add(EcsDocuments.tcpReset(SinkFixtures.tcpReset(i), "netsight").id());
      ids.add(EcsDocuments.conntrack(SinkFixtures.conntrack(i), "netsight").id());
      ids.add(EcsDocuments.kernelDrop(SinkFixtures.kernelDrop(i, "10.244.9.9"), "netsight").id());
    }
    assertThat(ids).doesNotHaveDuplicates().hasSize(4000);
  }

  @Test
  void anIpBindingIsOneIntervalDocumentWhoseCloseOverwritesItsOpening() {
    IpBinding open = IpBinding.newBuilder(SinkFixtures.jobPod()).setValidTo(null)
        .setTimestamp(SinkFixtures.T0).build();
    IpBinding closed = SinkFixtures.jobPod();

    EcsDocument opened = EcsDocuments.ipBinding(open, "netsight");
    EcsDocument ended = EcsDocuments.ipBinding(closed, "netsight");

    assertThat(ended.id()).isEqualTo(opened.id());
    assertThat(ended.version()).isGreaterThan(opened.version());
    assertThat(ended.index()).isEqualTo("netsight-ip-bindings");
    JsonNode valid = ended.source().path("netsight").path("binding").path("valid");
    assertThat(valid.path("gte").asText()).isEqualTo("2026-11-26T10:00:00.000000Z");
    assertThat(valid.path("lt").asText()).isEqualTo("2026-11-26T10:05:00.000000Z");
    assertThat(opened.source().path("netsight").path("binding").path("valid").has("lt")).isFalse();
    assertThat(opened.source().path("netsight").path("binding").path("held").asBoolean()).isTrue();
    assertThat(ended.source().path("kubernetes").path("pod").path("name").asText()).isEqualTo("report-28391-abcde");
    assertThat(ended.source().path("netsight").path("binding").path("workload").path("kind").asText())
        .isEqualTo("CronJob");
  }

  @Test
  void aPolicyDropNamesThePodWhosePolicyDroppedIt() {
    JsonNode s = EcsDocuments.kernelDrop(SinkFixtures.kernelDrop(0, REUSED_IP), "netsight").source();

    assertThat(s.path("kubernetes").path("namespace").asText()).isEqualTo("payments");
    assertThat(s.path("kubernetes").path("pod").path("name").asText()).isEqualTo("ledger-0");
    assertThat(s.path("event").path("type")).extracting(JsonNode::asText).containsExactly("connection", "denied");
    assertThat(s.path("network").path("transport").asText()).isEqualTo("tcp");
    assertThat(s.path("destination").path("port").asInt()).isEqualTo(8443);
    assertThat(s.path("message").asText()).startsWith("calico-drop: IN=eth0");
  }

  @Test
  void idsLongerThanElasticsearchAcceptsAreHashed() {
    String longId = "x".repeat(600);
    assertThat(EcsDocuments.safeId(longId)).startsWith("sha256-").hasSizeLessThan(40);
    assertThat(EcsDocuments.safeId("ndots/a/b")).isEqualTo("ndots/a/b");
  }

  @Test
  void everyFieldTheDocumentsCarryIsMappedInTheTemplateOfTheirIndex() {
    Map<IndexKind, List<EcsDocument>> docs = Map.of(
        IndexKind.FINDINGS, List.of(
            EcsDocuments.finding(SinkFixtures.ndotsFinding("a", 1, FindingStatus.RESOLVED, Severity.LOW), "n"),
            EcsDocuments.finding(SinkFixtures.resetFinding("b"), "n")),
        IndexKind.DNS, List.of(EcsDocuments.dns(SinkFixtures.dns(0), "n"), EcsDocuments.dns(SinkFixtures.dns(1), "n")),
        IndexKind.TCP_RESET, List.of(EcsDocuments.tcpReset(SinkFixtures.tcpReset(0), "n")),
        IndexKind.CONNTRACK, List.of(EcsDocuments.conntrack(SinkFixtures.conntrack(0), "n")),
        IndexKind.KERNEL_DROP, List.of(EcsDocuments.kernelDrop(SinkFixtures.kernelDrop(0, REUSED_IP), "n")),
        IndexKind.IP_BINDINGS, List.of(EcsDocuments.ipBinding(SinkFixtures.jobPod(), "n"),
            EcsDocuments.ipBinding(SinkFixtures.checkoutPod(), "n")));

    docs.forEach((kind, list) -> {
      Map<String, String> mapped = IndexTemplates.fieldTypes(kind);
      for (EcsDocument d : list) {
        List<String> paths = new ArrayList<>();
        leaves("", d.source(), mapped, paths);
        assertThat(paths).as("fields of a %s document", kind).allSatisfy(p ->
            assertThat(mapped).as("template of %s", kind).containsKey(p));
      }
    });
  }

  /** Leaf paths of a document, stopping where the mapping has a field (a date_range, a dynamic or disabled object). */
  private static void leaves(String prefix, JsonNode node, Map<String, String> mapped, List<String> out) {
    String path = prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1);
    if (!path.isEmpty() && mapped.containsKey(path)) {
      out.add(path);
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        leaves(prefix + e.getKey() + ".", e.getValue(), mapped, out);
      }
    } else if (node.isArray()) {
      node.forEach(n -> leaves(prefix, n, mapped, out));
    } else {
      out.add(path);
    }
  }
}
