package io.netsight.app.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.schema.StreamTicks;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.BindingKind;
import io.netsight.schema.v1.DnsAnswer;
import io.netsight.schema.v1.DnsOutcome;
import io.netsight.schema.v1.DnsRcode;
import io.netsight.schema.v1.DnsSettings;
import io.netsight.schema.v1.DnsTransaction;
import io.netsight.schema.v1.Finding;
import io.netsight.schema.v1.FindingType;
import io.netsight.schema.v1.IpBinding;
import io.netsight.schema.v1.Transport;
import io.netsight.schema.v1.Workload;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The composed {@code netsight streams} topology (enrichment, then the detectors reading what the enrichment wrote):
 * raw captures and raw bindings in, a finding naming the workload out.
 */
class StreamsAppTopologyTest {

  private static final Instant T0 = Instant.parse("2026-11-26T10:08:00Z");
  private static final String POD_IP = "10.244.1.7";

  @TempDir
  Path stateDir;

  @Test
  void capturedLookupsOfAPodBecomeAnNdotsFindingNamingItsDeployment() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "netsight-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    // TopologyTestDriver runs every sub-topology as one task with one stream time: a join grace would hold the
    // lookups until that shared time had passed them, and they would reach the window stage late. No grace here.
    Map<String, String> config = Map.of("detect.ndots.min-wasted-queries", "1", "enrich.grace", "PT0S");

    try (TopologyTestDriver driver = new TopologyTestDriver(
        StreamsApp.topology(StreamsApp.defaultPieces(), config), props)) {
      TestInputTopic<String, IpBinding> bindings = driver.createInputTopic(Topics.IDENTITY_IP_BINDINGS.name(),
          Topics.IDENTITY_IP_BINDINGS.keySerde().serializer(), Topics.IDENTITY_IP_BINDINGS.valueSerde().serializer());
      TestInputTopic<String, DnsTransaction> dns = driver.createInputTopic(Topics.CAPTURE_DNS.name(),
          Topics.CAPTURE_DNS.keySerde().serializer(), Topics.CAPTURE_DNS.valueSerde().serializer());
      TestOutputTopic<String, Finding> findings = driver.createOutputTopic(Topics.FINDINGS.name(),
          Topics.FINDINGS.keySerde().deserializer(), Topics.FINDINGS.valueSerde().deserializer());

      IpBinding pod = webPod();
      bindings.pipeInput(pod.getIp(), pod, pod.getTimestamp());
      // glibc with ndots:5 in namespace default: three search expansions, then the absolute name; A and AAAA each.
      List<String> names = List.of("api.example.com.default.svc.cluster.local", "api.example.com.svc.cluster.local",
          "api.example.com.cluster.local", "api.example.com");
      Instant at = T0.plusSeconds(5);
      for (String name : names) {
        for (String type : List.of("A", "AAAA")) {
          DnsTransaction t = tx(at, name, type, name.equals("api.example.com"));
          dns.pipeInput(t.getClientIp(), t, at);
          at = at.plusMillis(1);
        }
      }
      // The tick netsight analyze appends moves stream time past the window (1 min) and the detector's grace (30 s).
      Instant later = T0.plusSeconds(95);
      dns.pipeInput(StreamTicks.KEY, StreamTicks.dns(later), later);

      List<Finding> out = new ArrayList<>(findings.readValuesToList());
      assertThat(out).hasSize(1);
      Finding f = out.get(0);
      assertThat(f.getType()).isEqualTo(FindingType.NDOTS_AMPLIFICATION);
      assertThat(f.getSubject().getNamespace()).isEqualTo("default");
      assertThat(f.getSubject().getName()).isEqualTo("web");
      assertThat(f.getAffected()).extracting(s -> s.getName()).containsExactly("web-7d9c5b6f4-x2x9q");
      assertThat(f.getMetrics()).containsEntry("queries", 8.0).containsEntry("wasted", 6.0)
          .containsEntry("amplification", 4.0).containsEntry("recommendedNdots", 1.0);
    }
  }

  private static IpBinding webPod() {
    return IpBinding.newBuilder()
        .setIp(POD_IP).setTimestamp(T0.minusSeconds(600)).setNode("node-a").setKind(BindingKind.POD)
        .setNamespace("default").setName("web-7d9c5b6f4-x2x9q").setUid("uid-web")
        .setWorkload(new Workload("Deployment", "web")).setValidFrom(T0.minusSeconds(600))
        .setDns(DnsSettings.newBuilder().setDnsPolicy("ClusterFirst").setNdots(5)
            .setSearches(List.of("default.svc.cluster.local", "svc.cluster.local", "cluster.local"))
            .setNameservers(List.of("10.96.0.10")).build())
        .build();
  }

  private static DnsTransaction tx(Instant at, String qname, String qtype, boolean exists) {
    List<DnsAnswer> answers = exists
        ? List.of(new DnsAnswer(qname, qtype, 30L, qtype.equals("A") ? "203.0.113.10" : "2001:db8::10"))
        : List.of();
    return DnsTransaction.newBuilder()
        .setNode("node-a").setTimestamp(at).setClientIp(POD_IP).setClientPort(41000).setServerIp("10.96.0.10")
        .setServerPort(53).setTransport(Transport.UDP).setDnsId(7).setQname(qname).setQtype(qtype)
        .setOutcome(DnsOutcome.ANSWERED).setRcode(exists ? DnsRcode.NOERROR : DnsRcode.NXDOMAIN)
        .setRcodeValue(exists ? 0 : 3).setResponseTimestamp(at.plusNanos(300_000)).setLatencyMicros(300L)
        .setAnswers(answers).setAnswerCount(answers.size()).build();
  }
}
