package io.netsight.ingest.conntrack;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.schema.v1.ConntrackEvent;
import io.netsight.schema.v1.ConntrackEventType;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConntrackEventParserTest {

  private final Sinks<ConntrackEvent> sink = new Sinks<>(ConntrackEvent.class);
  private final ConntrackMetrics metrics = new ConntrackMetrics(new PrometheusRegistry());

  private List<ConntrackEvent> replayFixture() throws Exception {
    new ConntrackReplay("node-a", sink, metrics).replayEvents(
        Path.of(getClass().getResource("events.txt").toURI()));
    return sink.values();
  }

  @Test
  void dnatConnectionKeepsTheVipInTheOriginalAndTheBackendAsReplySource() throws Exception {
    List<ConntrackEvent> events = replayFixture();

    ConntrackEvent created = events.get(0);
    assertThat(created.getEventType()).isEqualTo(ConntrackEventType.NEW);
    assertThat(created.getTimestamp()).isEqualTo(Instant.parse("2026-11-26T11:05:56.551773Z"));
    assertThat(created.getProtocol()).isEqualTo("tcp");
    assertThat(created.getProtocolNumber()).isEqualTo(6);
    assertThat(created.getTcpState()).isEqualTo("SYN_SENT");
    assertThat(created.getTimeoutSeconds()).isEqualTo(120L);
    assertThat(created.getOriginal().getSrcIp()).isEqualTo("10.89.1.2");
    assertThat(created.getOriginal().getDstIp()).isEqualTo("10.96.0.10");
    assertThat(created.getOriginal().getSrcPort()).isEqualTo(50026);
    assertThat(created.getOriginal().getDstPort()).isEqualTo(53);
    assertThat(created.getReply().getSrcIp()).as("the DNAT backend").isEqualTo("10.89.2.11");
    assertThat(created.getReply().getDstPort()).isEqualTo(50026);
    assertThat(created.getStatus()).containsExactly("UNREPLIED");
    assertThat(created.getConntrackId()).isEqualTo(3936306075L);
    assertThat(sink.records.get(0).key()).isEqualTo("10.89.1.2");
    assertThat(events.get(2).getStatus()).containsExactly("ASSURED");
    assertThat(events.get(2).getTcpState()).isEqualTo("ESTABLISHED");
  }

  @Test
  void destroyCarriesCountersLifetimeAndNotTheUserspaceMarker() throws Exception {
    ConntrackEvent destroyed = replayFixture().get(3);

    assertThat(destroyed.getEventType()).isEqualTo(ConntrackEventType.DESTROY);
    assertThat(destroyed.getOriginal().getPackets()).isEqualTo(4L);
    assertThat(destroyed.getOriginal().getBytes()).isEqualTo(216L);
    assertThat(destroyed.getReply().getPackets()).isEqualTo(2L);
    assertThat(destroyed.getReply().getBytes()).isEqualTo(112L);
    assertThat(destroyed.getLifetimeSeconds()).isEqualTo(1L);
    assertThat(destroyed.getStatus()).containsExactly("ASSURED");
    assertThat(destroyed.getConntrackId()).isEqualTo(3936306075L);
  }

  @Test
  void icmpIdentifiersAreNotTheConntrackIdAndIpv6IsCanonical() throws Exception {
    List<ConntrackEvent> events = replayFixture();
    ConntrackEvent icmp = events.get(5);
    ConntrackEvent v6 = events.get(6);

    assertThat(icmp.getOriginal().getIcmpType()).isEqualTo(8);
    assertThat(icmp.getOriginal().getIcmpId()).isEqualTo(4711);
    assertThat(icmp.getReply().getIcmpType()).isEqualTo(0);
    assertThat(icmp.getReply().getIcmpId()).isEqualTo(4711);
    assertThat(icmp.getConntrackId()).isEqualTo(77L);
    assertThat(icmp.getZone()).isEqualTo(3);
    assertThat(icmp.getOriginal().getSrcPort()).isNull();
    assertThat(icmp.getTcpState()).isNull();
    assertThat(v6.getOriginal().getSrcIp()).isEqualTo("fd00::2");
    assertThat(v6.getOriginal().getDstIp()).isEqualTo("fd00:96::a");
    assertThat(v6.getReply().getSrcIp()).isEqualTo("fd00:244::7");
    assertThat(v6.getMark()).isEqualTo(16L);
    assertThat(v6.getTimestamp()).isEqualTo(Instant.parse("2026-11-26T11:06:01.500000Z"));
    assertThat(metrics.events(ConntrackEventType.NEW)).isEqualTo(4);
  }

  @Test
  void plainOutputAndBannersAndCutLines() {
    ConntrackEventParser p = new ConntrackEventParser();

    ConntrackEvent listed = p.parse("tcp      6 1 TIME_WAIT src=10.89.1.2 dst=10.96.0.10 sport=50026 dport=53 "
        + "packets=4 bytes=216 src=10.89.2.11 dst=10.89.1.2 sport=53 dport=50026 packets=2 bytes=112 [ASSURED] "
        + "mark=0 delta-time=1 use=1", 1_000_000L, "n").event();

    assertThat(listed.getEventType()).isEqualTo(ConntrackEventType.UNKNOWN);
    assertThat(listed.getTimestamp()).isEqualTo(Instant.ofEpochSecond(1));
    assertThat(listed.getReply().getSrcIp()).isEqualTo("10.89.2.11");
    assertThat(p.parse("conntrack v1.4.7 (conntrack-tools): 19 flow events have been shown.", 0, "n")
        .rejection()).isEqualTo(ConntrackRejection.NOT_A_FLOW);
    assertThat(p.parse("[1.0]	    [NEW] ipv4     2 tcp      6 120 SYN_SENT src=10.89.1.2 dst=10.96.0.10", 0, "n")
        .rejection()).isEqualTo(ConntrackRejection.BAD_TUPLE);
    assertThat(p.parse("    [NEW] tcp      6 120 SYN_SENT src=10.89.1.2 dst=10.96.0.10 sport=99999 dport=53 "
        + "src=10.89.2.11 dst=10.89.1.2 sport=53 dport=1", 0, "n").rejection())
        .isEqualTo(ConntrackRejection.BAD_NUMBER);
  }
}
