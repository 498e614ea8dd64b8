package io.netsight.ingest.dns;

import io.netsight.schema.Micros;
import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.ingest.capture.CapturedRecord;
import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.ingest.packet.CapturedPacket;
import io.netsight.ingest.packet.LinkType;
import io.netsight.ingest.capture.PacketPipeline;
import io.netsight.ingest.testing.Dns;
import io.netsight.ingest.testing.Frames;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.DnsOutcome;
import io.netsight.schema.v1.DnsRcode;
import io.netsight.schema.v1.DnsTransaction;
import io.netsight.schema.v1.Transport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pairing as a node's 'any' capture shows it, fed through the packet pipeline as replay and the agent do. */
class DnsTransactionPairerTest {

  static final String CLIENT = "10.244.1.2";
  static final String VIP = "10.96.0.10";
  static final String COREDNS = "10.244.2.2";
  static final long T0 = Instant.parse("2026-11-26T10:00:00Z").toEpochMilli() * 1000;

  private final IngestMetrics metrics = new IngestMetrics();
  private final List<CapturedRecord> records = new ArrayList<>();
  private DnsSettings settings = DnsSettings.DEFAULTS;
  private PacketPipeline pipeline = pipeline();

  private PacketPipeline pipeline() {
    return new PacketPipeline(List.of(new DnsAnalyzer("node-a", settings, metrics, records::add)), metrics, null);
  }

  private void packet(long micros, String src, int sport, String dst, int dport, byte[] dns) {
    byte[] frame = Frames.sll2(3, 0, Frames.udp(src, sport, dst, dport, dns));
    pipeline.onPacket(new CapturedPacket().set(micros, LinkType.LINUX_SLL2, frame, 0, frame.length, frame.length));
  }

  private static byte[] query(int id, String name, int type) {
    return Dns.query(id).question(name, type).opt(1232, 0).build();
  }

  private static byte[] nxdomain(int id, String name, int type) {
    return Dns.response(id, 3).question(name, type).build();
  }

  private static byte[] answer(int id, String name, String ip) {
    return Dns.response(id, 0).question(name, DnsTypes.A).answerPointingAtQuestion(DnsTypes.A, 30, Frames.addr(ip))
        .build();
  }

  private List<DnsTransaction> transactions() {
    return records.stream().map(r -> (DnsTransaction) r.value()).toList();
  }

  @Test
  void theTwoViewsOfAClusterIpLookupAreOneTransactionWithServiceAndBackend() {
    byte[] q = query(42, "api.example.com", DnsTypes.A);
    byte[] r = answer(42, "api.example.com", "203.0.113.10");
    packet(T0, CLIENT, 40000, VIP, 53, q); // client veth, before DNAT
    packet(T0 + 20, CLIENT, 40000, COREDNS, 53, q); // CoreDNS veth, after DNAT
    packet(T0 + 300, COREDNS, 53, CLIENT, 40000, r); // the reply from the pod
    packet(T0 + 320, VIP, 53, CLIENT, 40000, r); // un-DNATed towards the client
    pipeline.advanceTo(T0 + 200_000);

    assertThat(records).hasSize(1);
    CapturedRecord rec = records.get(0);
    DnsTransaction t = (DnsTransaction) rec.value();
    assertThat(rec.topic()).isEqualTo(Topics.CAPTURE_DNS);
    assertThat(rec.key()).isEqualTo(CLIENT);
    assertThat(rec.timestampMicros()).isEqualTo(T0);
    assertThat(t.getServerIp()).isEqualTo(VIP);
    assertThat(t.getBackendIp()).isEqualTo(COREDNS);
    assertThat(t.getBackendPort()).isEqualTo(53);
    assertThat(t.getClientPort()).isEqualTo(40000);
    assertThat(t.getDnsId()).isEqualTo(42);
    assertThat(t.getTransport()).isEqualTo(Transport.UDP);
    assertThat(t.getOutcome()).isEqualTo(DnsOutcome.ANSWERED);
    assertThat(t.getRcode()).isEqualTo(DnsRcode.NOERROR);
    assertThat(t.getLatencyMicros()).as("query and response as the client's side saw them").isEqualTo(320);
    assertThat(t.getResponseTimestamp()).isEqualTo(Micros.toInstant(T0 + 320));
    assertThat(t.getAnswers()).singleElement().satisfies(a -> assertThat(a.getData()).isEqualTo("203.0.113.10"));
    assertThat(t.getEdnsUdpSize()).isEqualTo(1232);
    assertThat(t.getRetransmissions()).isZero();
    assertThat(t.getNode()).isEqualTo("node-a");
    assertThat((long) metrics.dnsDuplicateCopies.get()).isEqualTo(2);
    assertThat((long) metrics.dnsUnmatchedResponses.get()).isZero();
  }

  @Test
  void aReplyOnlySeenFromTheBackendStillPairsAndNamesTheBackend() {
    packet(T0, CLIENT, 40000, VIP, 53, query(1, "a.example", DnsTypes.A));
    packet(T0 + 500, COREDNS, 53, CLIENT, 40000, nxdomain(1, "a.example", DnsTypes.A));
    pipeline.advanceTo(T0 + 1_000_000);

    assertThat(transactions()).singleElement().satisfies(t -> {
      assertThat(t.getServerIp()).isEqualTo(VIP);
      assertThat(t.getBackendIp()).isEqualTo(COREDNS);
      assertThat(t.getRcode()).isEqualTo(DnsRcode.NXDOMAIN);
      assertThat(t.getLatencyMicros()).isEqualTo(500);
    });
  }

  @Test
  void aCopyAfterTheDuplicateWindowIsARetransmissionNotASecondLookup() {
    byte[] q = query(5, "slow.example", DnsTypes.A);
    packet(T0, CLIENT, 40000, VIP, 53, q);
    packet(T0 + 10, CLIENT, 40000, COREDNS, 53, q);
    packet(T0 + 1_000_000, CLIENT, 40000, VIP, 53, q); // glibc's retry after its 1 s timeout
    packet(T0 + 1_000_010, CLIENT, 40000, COREDNS, 53, q);
    packet(T0 + 1_000_400, VIP, 53, CLIENT, 40000, nxdomain(5, "slow.example", DnsTypes.A));
    pipeline.advanceTo(T0 + 2_000_000);

    assertThat(transactions()).singleElement().satisfies(t -> {
      assertThat(t.getRetransmissions()).isEqualTo(1);
      assertThat(t.getTimestamp()).as("the first copy's time").isEqualTo(Micros.toInstant(T0));
      assertThat(t.getLatencyMicros()).isEqualTo(1_000_400);
    });
  }

  @Test
  void aQueryWithoutResponseTimesOutInEventTime() {
    packet(T0, CLIENT, 40000, VIP, 53, query(9, "lost.example", DnsTypes.AAAA));
    pipeline.advanceTo(T0 + 4_999_999);
    assertThat(records).isEmpty();

    pipeline.advanceTo(T0 + 5_000_000);

    assertThat(transactions()).singleElement().satisfies(t -> {
      assertThat(t.getOutcome()).isEqualTo(DnsOutcome.TIMEOUT);
      assertThat(t.getRcode()).isNull();
      assertThat(t.getLatencyMicros()).isNull();
      assertThat(t.getResponseTimestamp()).isNull();
      assertThat(t.getQtype()).isEqualTo("AAAA");
    });
    assertThat((long) metrics.transactionsTimedOut.get()).isEqualTo(1);
  }

  @Test
  void theEndOfACaptureEmitsAnsweredAndLeavesOpenQueriesUnknown() {
    packet(T0, CLIENT, 40000, VIP, 53, query(1, "a.example", DnsTypes.A));
    packet(T0 + 100, VIP, 53, CLIENT, 40000, nxdomain(1, "a.example", DnsTypes.A));
    packet(T0 + 200, CLIENT, 40001, VIP, 53, query(2, "b.example", DnsTypes.A));

    pipeline.finish();

    assertThat(transactions()).extracting(DnsTransaction::getQname, DnsTransaction::getOutcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a.example", DnsOutcome.ANSWERED),
            org.assertj.core.groups.Tuple.tuple("b.example", DnsOutcome.UNKNOWN));
  }

  @Test
  void responsesWithoutQueryAndDifferentQuestionsDoNotPair() {
    packet(T0, CLIENT, 40000, VIP, 53, query(1, "a.example", DnsTypes.A));
    packet(T0 + 10, VIP, 53, CLIENT, 40000, nxdomain(1, "a.example", DnsTypes.AAAA)); // other qtype
    packet(T0 + 20, VIP, 53, CLIENT, 40001, nxdomain(1, "a.example", DnsTypes.A)); // other port
    pipeline.advanceTo(T0 + 1_000_000);

    assertThat(records).isEmpty();
    assertThat((long) metrics.dnsUnmatchedResponses.get()).isEqualTo(2);
  }

  @Test
  void thePendingMapIsBoundedAndEvictionsAreCounted() {
    settings = new DnsSettings(5_000_000, 100_000, 2, 10, 30_000_000);
    pipeline = pipeline();
    for (int i = 0; i < 5; i++) {
      packet(T0 + i, CLIENT, 40000 + i, VIP, 53, query(i, "n" + i + ".example", DnsTypes.A));
    }
    pipeline.finish();

    assertThat((long) metrics.dnsPendingEvicted.get()).isEqualTo(3);
    assertThat(transactions()).extracting(DnsTransaction::getQname).containsExactly("n3.example", "n4.example");
  }

  @Test
  void dnsOverTcpSplitAcrossSegmentsAndSeveralInOneSegment() {
    byte[] q1 = query(11, "one.example", DnsTypes.A);
    byte[] q2 = query(12, "two.example", DnsTypes.A);
    byte[] r1 = answer(11, "one.example", "192.0.2.1");
    byte[] r2 = answer(12, "two.example", "192.0.2.2");
    byte[] queries = Frames.tcpDns(q1, q2);
    byte[] responses = Frames.tcpDns(r1, r2);
    tcp(T0, CLIENT, 45000, VIP, 53, 1000, Frames.SYN, new byte[0]);
    tcp(T0 + 1, CLIENT, 45000, VIP, 53, 1001, Frames.ACK, queries); // both queries in one segment
    int cut = 7;
    tcp(T0 + 50, VIP, 53, CLIENT, 45000, 5001, Frames.ACK, java.util.Arrays.copyOfRange(responses, 0, cut));
    tcp(T0 + 50, VIP, 53, CLIENT, 45000, 5001, Frames.ACK, java.util.Arrays.copyOfRange(responses, 0, cut));
    tcp(T0 + 60, VIP, 53, CLIENT, 45000, 5001 + cut, Frames.ACK,
        java.util.Arrays.copyOfRange(responses, cut, responses.length));
    pipeline.advanceTo(T0 + 1_000_000);

    assertThat(transactions()).extracting(DnsTransaction::getQname, DnsTransaction::getTransport,
        t -> t.getAnswers().get(0).getData()).containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("one.example", Transport.TCP, "192.0.2.1"),
            org.assertj.core.groups.Tuple.tuple("two.example", Transport.TCP, "192.0.2.2"));
  }

  private void tcp(long micros, String src, int sport, String dst, int dport, long seq, int flags, byte[] payload) {
    byte[] frame = Frames.sll2(3, 0, Frames.tcp(src, sport, dst, dport, seq, flags, payload));
    pipeline.onPacket(new CapturedPacket().set(micros, LinkType.LINUX_SLL2, frame, 0, frame.length, frame.length));
  }
}
