package io.netsight.ingest.reset;

import io.netsight.schema.Micros;
import io.netsight.ingest.capture.CapturedRecord;
import io.netsight.ingest.capture.PacketAnalyzer;
import io.netsight.ingest.capture.RecordSink;
import io.netsight.ingest.capture.SourceContext;
import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.ingest.packet.DecodedPacket;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.TcpReset;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The {@code reset} source: one {@link TcpReset} per TCP segment with RST. On a node's {@code any} interface a reset
 * crossing a ClusterIP is seen on both sides of the NAT; each copy is a record, with the interface and direction that
 * tell them apart (a copy still carrying the backend address on the client's side is the "INVALID reply escaping
 * reverse NAT" evidence).
 */
public final class TcpResetAnalyzer implements PacketAnalyzer {

  public static final String NAME = "reset";
  /**
   * libpcap's {@code tcp[...]} only looks at IPv4; the second clause catches IPv6 RSTs whose TCP header directly
   * follows the fixed header (next header 6, flags at byte 40+13). IPv6 RSTs behind extension headers are missed
   * live (replay decodes them).
   */
  public static final String FILTER = "(tcp[tcpflags] & tcp-rst != 0) or (ip6 and ip6[6] == 6 and ip6[53] & 4 != 0)";

  private final String node;
  private final IngestMetrics metrics;
  private final RecordSink sink;

  public TcpResetAnalyzer(String node, IngestMetrics metrics, RecordSink sink) {
    this.node = node;
    this.metrics = metrics;
    this.sink = sink;
  }

  public static PacketAnalyzer.Factory factory() {
    return new PacketAnalyzer.Factory() {
      @Override
      public ConfigDef config() {
        return new ConfigDef();
      }

      @Override
      public PacketAnalyzer create(SourceContext c) {
        return new TcpResetAnalyzer(c.node(), c.metrics(), c.sink());
      }
    };
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String bpfFilter() {
    return FILTER;
  }

  @Override
  public boolean onPacket(DecodedPacket p) {
    if (p.protocol != DecodedPacket.PROTO_TCP || (p.tcpFlags & DecodedPacket.TCP_RST) == 0) {
      return false;
    }
    String sender = p.srcAddress();
    long ts = p.timestampMicros;
    TcpReset reset = new TcpReset(node,
        Micros.toInstant(ts),
        sender, p.srcPort, p.dstAddress(), p.dstPort, (p.tcpFlags & DecodedPacket.TCP_ACK) != 0, p.tcpSeq,
        p.direction, p.interfaceName);
    metrics.resets.inc();
    sink.accept(new CapturedRecord(Topics.CAPTURE_TCP_RESET, sender, ts, reset));
    return true;
  }

  @Override
  public void advanceTo(long nowMicros) {
    // nothing pending: a reset is a record the moment it is seen
  }

  @Override
  public long pendingSinceMicros() {
    return Long.MAX_VALUE;
  }

  @Override
  public void finish() {
    // nothing pending
  }
}
