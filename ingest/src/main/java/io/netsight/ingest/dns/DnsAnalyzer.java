package io.netsight.ingest.dns;

import io.netsight.ingest.capture.PacketAnalyzer;
import io.netsight.ingest.capture.RecordSink;
import io.netsight.ingest.capture.SourceContext;
import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.ingest.packet.DecodedPacket;
import io.netsight.ingest.packet.Rejection;
import io.netsight.schema.v1.Transport;
import org.apache.kafka.common.config.ConfigDef;

/** The {@code dns} source: DNS over UDP and TCP on port 53, decoded and paired into transactions. */
public final class DnsAnalyzer implements PacketAnalyzer {

  public static final String NAME = "dns";
  public static final int PORT = 53;

  private final IngestMetrics metrics;
  private final DnsMessageDecoder decoder = new DnsMessageDecoder();
  private final DnsMessage message = new DnsMessage();
  private final DnsTransactionPairer pairer;
  private final DnsTcpReassembler tcp;
  private final DnsTcpReassembler.MessageHandler tcpHandler = this::onTcpMessage;

  public DnsAnalyzer(String node, DnsSettings settings, IngestMetrics metrics, RecordSink sink) {
    this.metrics = metrics;
    this.pairer = new DnsTransactionPairer(node, settings, metrics, sink, decoder);
    this.tcp = new DnsTcpReassembler(settings, metrics);
  }

  public static PacketAnalyzer.Factory factory() {
    return new PacketAnalyzer.Factory() {
      @Override
      public ConfigDef config() {
        return DnsSettings.configDef();
      }

      @Override
      public PacketAnalyzer create(SourceContext c) {
        return new DnsAnalyzer(c.node(), DnsSettings.from(c.config()), c.metrics(), c.sink());
      }
    };
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String bpfFilter() {
    return "udp port 53 or tcp port 53";
  }

  @Override
  public boolean onPacket(DecodedPacket p) {
    if (p.srcPort != PORT && p.dstPort != PORT) {
      return false;
    }
    if (p.protocol == DecodedPacket.PROTO_UDP) {
      Rejection r = decoder.decode(p.data, p.payloadOffset, p.payloadLength, message);
      if (r != null) {
        metrics.reject(r);
      } else {
        pairer.onMessage(p, message, Transport.UDP);
      }
    } else {
      tcp.onSegment(p, tcpHandler);
    }
    return true;
  }

  private void onTcpMessage(DecodedPacket segment, byte[] buf, int off, int len) {
    Rejection r = decoder.decode(buf, off, len, message);
    if (r != null) {
      metrics.reject(r);
    } else {
      pairer.onMessage(segment, message, Transport.TCP);
    }
  }

  @Override
  public void advanceTo(long nowMicros) {
    pairer.advanceTo(nowMicros);
    tcp.advanceTo(nowMicros);
  }

  @Override
  public long pendingSinceMicros() {
    return pairer.pendingSinceMicros();
  }

  @Override
  public void finish() {
    pairer.finish();
  }
}
