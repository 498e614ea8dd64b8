package io.netsight.ingest.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.ingest.capture.CapturedRecord;
import io.netsight.ingest.capture.PacketPipeline;
import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.ingest.packet.CapturedPacket;
import io.netsight.ingest.packet.LinkType;
import io.netsight.ingest.testing.Dns;
import io.netsight.ingest.testing.Frames;
import io.netsight.schema.v1.DnsOutcome;
import io.netsight.schema.v1.DnsTransaction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Conservation: whatever the interleaving, the DNAT copies and the duplicated responses, every lookup the clients
 * made comes out as exactly one transaction, with the response code its server sent, and the backend when the
 * translated copy was seen.
 */
class DnsPairingProperties {

  private static final String VIP = "10.96.0.10";
  private static final String BACKEND = "10.244.2.2";

  /** One lookup: who asked, whether the node saw the DNAT copy, whether and how it was answered. */
  record Lookup(int client, int port, int id, boolean aaaa, boolean dnatCopy, int responseCopies, int rcode,
      long startMicros, long latencyMicros) {

    String clientIp() {
      return "10.244.1." + client;
    }

    String name() {
      return "svc-" + id + ".default.svc.cluster.local";
    }
  }

  record Packet(long micros, String src, int sport, String dst, int dport, byte[] dns) {
  }

  @Provide
  Arbitrary<List<Lookup>> lookups() {
    // Few clients and ports, so that lookups share them and only the id, type or time tells them apart.
    Arbitrary<Lookup> one = Combinators.combine(
        Arbitraries.integers().between(0, 54), Arbitraries.integers().between(0, 65535),
        Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.integers().between(0, 2),
        Arbitraries.of(0, 2, 3, 5), Arbitraries.longs().between(0, 2_000_000), Arbitraries.longs().between(1, 50_000))
        .as((who, id, aaaa, dnat, responses, rcode, start, latency) -> new Lookup(2 + who / 11, 30000 + who % 11, id,
            aaaa, dnat, responses, rcode, start, latency));
    // Distinct (client, port, id, type): two lookups with the same key at once are one lookup to any observer.
    return one.list().ofMaxSize(40).uniqueElements(l -> List.of(l.client(), l.port(), l.id(), l.aaaa()));
  }

  @Property(tries = 300)
  void everyLookupIsExactlyOneTransaction(@ForAll("lookups") List<Lookup> lookups) {
    IngestMetrics metrics = new IngestMetrics();
    List<CapturedRecord> records = new ArrayList<>();
    PacketPipeline pipeline = new PacketPipeline(List.of(new DnsAnalyzer("n", DnsSettings.DEFAULTS, metrics,
        records::add)), metrics, null);
    List<Packet> packets = new ArrayList<>();
    for (Lookup l : lookups) {
      int type = l.aaaa() ? DnsTypes.AAAA : DnsTypes.A;
      byte[] q = Dns.query(l.id()).question(l.name(), type).build();
      byte[] r = Dns.response(l.id(), l.rcode()).question(l.name(), type).build();
      long t = l.startMicros();
      packets.add(new Packet(t, l.clientIp(), l.port(), VIP, 53, q));
      if (l.dnatCopy()) {
        packets.add(new Packet(t + 5, l.clientIp(), l.port(), BACKEND, 53, q));
      }
      for (int c = 0; c < l.responseCopies(); c++) {
        // With the DNAT copy the backend answers first, then the VIP copy reaches the client.
        String from = l.dnatCopy() && c == 0 ? BACKEND : VIP;
        packets.add(new Packet(t + l.latencyMicros() + 7L * c, from, 53, l.clientIp(), l.port(), r));
      }
    }
    packets.sort(Comparator.comparingLong(Packet::micros));
    for (Packet p : packets) {
      byte[] frame = Frames.sll2(1, 0, Frames.udp(p.src(), p.sport(), p.dst(), p.dport(), p.dns()));
      pipeline.onPacket(new CapturedPacket().set(1_700_000_000_000_000L + p.micros(), LinkType.LINUX_SLL2, frame, 0,
          frame.length, frame.length));
    }
    pipeline.finish();

    List<DnsTransaction> tx = records.stream().map(r -> (DnsTransaction) r.value()).toList();
    assertThat(tx).hasSameSizeAs(lookups);
    Map<List<Object>, DnsTransaction> byKey = tx.stream().collect(Collectors.toMap(
        t -> List.of(t.getClientIp(), t.getClientPort(), t.getDnsId(), t.getQtype()), Function.identity()));
    for (Lookup l : lookups) {
      DnsTransaction t = byKey.get(List.of(l.clientIp(), l.port(), l.id(), l.aaaa() ? "AAAA" : "A"));
      assertThat(t).as("transaction of %s", l).isNotNull();
      assertThat(t.getServerIp()).isEqualTo(VIP);
      assertThat(t.getRetransmissions()).isZero();
      if (l.responseCopies() == 0) {
        assertThat(t.getOutcome()).isEqualTo(DnsOutcome.UNKNOWN);
        assertThat(t.getBackendIp()).isEqualTo(l.dnatCopy() ? BACKEND : null);
      } else {
        assertThat(t.getOutcome()).isEqualTo(DnsOutcome.ANSWERED);
        assertThat(t.getRcodeValue()).isEqualTo(l.rcode());
        assertThat(t.getBackendIp()).isEqualTo(l.dnatCopy() ? BACKEND : null);
        long clientSide = l.latencyMicros() + (l.dnatCopy() && l.responseCopies() == 2 ? 7 : 0);
        assertThat(t.getLatencyMicros()).isEqualTo(l.dnatCopy() && l.responseCopies() == 1 ? l.latencyMicros()
            : clientSide);
      }
    }
    assertThat((long) metrics.dnsUnmatchedResponses.get()).isZero();
  }
}
