package io.netsight.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void everyTopicOfTheDesignIsRegisteredWithItsRecord() {
    assertThat(Topics.all()).extracting(TopicSpec::name, TopicSpec::valueTypeName).contains(
        org.assertj.core.groups.Tuple.tuple("netsight.capture.dns.v1", "DnsTransaction"),
        org.assertj.core.groups.Tuple.tuple("netsight.capture.tcp-reset.v1", "TcpReset"),
        org.assertj.core.groups.Tuple.tuple("netsight.capture.conntrack.v1", "ConntrackEvent"),
        org.assertj.core.groups.Tuple.tuple("netsight.capture.conntrack-stats.v1", "ConntrackStats"),
        org.assertj.core.groups.Tuple.tuple("netsight.capture.kernel-drop.v1", "KernelDrop"),
        org.assertj.core.groups.Tuple.tuple("netsight.capture.kube-proxy.v1", "KubeProxySample"),
        org.assertj.core.groups.Tuple.tuple("netsight.identity.ip-bindings.v1", "IpBinding"),
        org.assertj.core.groups.Tuple.tuple("netsight.identity.services.v1", "ServiceBinding"),
        org.assertj.core.groups.Tuple.tuple("netsight.enriched.dns.v1", "EnrichedDnsTransaction"),
        org.assertj.core.groups.Tuple.tuple("netsight.enriched.tcp-reset.v1", "EnrichedTcpReset"),
        org.assertj.core.groups.Tuple.tuple("netsight.enriched.conntrack.v1", "EnrichedConntrackEvent"),
        org.assertj.core.groups.Tuple.tuple("netsight.enriched.kernel-drop.v1", "EnrichedKernelDrop"),
        org.assertj.core.groups.Tuple.tuple("netsight.findings.v1", "Finding"),
        org.assertj.core.groups.Tuple.tuple("netsight.dlq.streams.v1", "bytes"));
  }

  @Test
  void namesFollowTheConventionAndAreUnique() {
    List<String> names = Topics.all().stream().map(TopicSpec::name).toList();

    assertThat(names).allMatch(n -> Topics.NAME.matcher(n).matches()).doesNotHaveDuplicates();
  }

  @Test
  void identityHistoryIsNotCompactedAwayButServicesAndFindingsAre() {
    assertThat(Topics.IDENTITY_IP_BINDINGS.configs()).containsEntry("cleanup.policy", "delete")
        .containsKey("retention.ms");
    assertThat(Topics.IDENTITY_SERVICES.configs()).containsEntry("cleanup.policy", "compact");
    assertThat(Topics.FINDINGS.configs()).containsEntry("cleanup.policy", "compact,delete");
    assertThat(Topics.all()).allSatisfy(t ->
        assertThat(t.configs()).containsEntry("message.timestamp.type", "CreateTime"));
  }

  @Test
  void lookupByName() {
    assertThat(Topics.byName("netsight.findings.v1")).contains(Topics.FINDINGS);
    assertThat(Topics.byName("netsight.findings.v2")).isEmpty();
  }

  @Test
  void everyAvroTopicSerdeRoundTrips() {
    var serde = Topics.CAPTURE_DNS.valueSerde();
    var bytes = serde.serializer().serialize(Topics.CAPTURE_DNS.name(), Fixtures.answered());

    assertThat(serde.deserializer().deserialize(Topics.CAPTURE_DNS.name(), bytes)).isEqualTo(Fixtures.answered());
  }
}
