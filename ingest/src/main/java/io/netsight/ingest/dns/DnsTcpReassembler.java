package io.netsight.ingest.dns;

import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.ingest.packet.Bytes;
import io.netsight.ingest.packet.DecodedPacket;
import io.netsight.ingest.packet.Rejection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DNS over TCP (RFC 1035 4.2.2, RFC 7766): each message has a two-byte length prefix, a message can span segments
 * and a segment can carry several. Per direction of each flow it keeps the next expected sequence number and the
 * bytes of an incomplete message. A retransmitted segment's old bytes are skipped; a gap (a lost segment) drops the
 * partial message, counted. Bounded: a flow holds at most one message (65,537 bytes), at most
 * {@link DnsSettings#maxTcpFlows()} flows (least recently used dropped, counted), idle flows forgotten.
 */
public final class DnsTcpReassembler {

  /** Receives each complete message: the buffer, where it starts, its length. */
  public interface MessageHandler {
    void onMessage(DecodedPacket segment, byte[] buf, int off, int len);
  }

  private record FlowKey(long srcHi, long srcLo, long dstHi, long dstLo, int ports) {
  }

  private static final class Flow {
    long nextSeq;
    byte[] buf = new byte[0];
    int len;
    long lastMicros;
  }

  private static final int MAX_MESSAGE = 65_535 + 2;

  private final DnsSettings settings;
  private final IngestMetrics metrics;
  private final LinkedHashMap<FlowKey, Flow> flows = new LinkedHashMap<>(64, 0.75f, true);

  public DnsTcpReassembler(DnsSettings settings, IngestMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
  }

  /** A TCP segment to or from port 53. */
  public void onSegment(DecodedPacket p, MessageHandler handler) {
    FlowKey key = new FlowKey(p.srcHi(), p.srcLo(), p.dstHi(), p.dstLo(), (p.srcPort << 16) | p.dstPort);
    boolean syn = (p.tcpFlags & DecodedPacket.TCP_SYN) != 0;
    boolean closing = (p.tcpFlags & (DecodedPacket.TCP_FIN | DecodedPacket.TCP_RST)) != 0;
    Flow flow = flows.get(key);
    if (syn) {
      if (flow == null) {
        flow = newFlow(key);
      }
      flow.nextSeq = (p.tcpSeq + 1) & 0xffffffffL;
      flow.len = 0;
      flow.lastMicros = p.timestampMicros;
      return;
    }
    if (p.payloadLength > 0) {
      int off = p.payloadOffset;
      int len = p.payloadLength;
      if (flow == null) {
        flow = newFlow(key); // joined mid-stream: assume the segment starts a message, the decoder checks it
        flow.nextSeq = p.tcpSeq;
      }
      flow.lastMicros = p.timestampMicros;
      long delta = (p.tcpSeq - flow.nextSeq) << 32 >> 32; // signed 32-bit sequence distance
      if (delta < 0) {
        if (-delta >= len) {
          len = 0; // a pure retransmission
        } else {
          off += (int) -delta;
          len -= (int) -delta;
        }
      } else if (delta > 0) {
        metrics.reject(Rejection.DNS_TCP_GAP);
        flow.len = 0;
      }
      if (len > 0) {
        flow.nextSeq = (p.tcpSeq + (off - p.payloadOffset) + len) & 0xffffffffL;
        consume(flow, p, p.data, off, len, handler);
      }
    }
    if (closing) {
      flows.remove(key);
    }
  }

  private void consume(Flow flow, DecodedPacket p, byte[] data, int off, int len, MessageHandler handler) {
    if (flow.len == 0) {
      // Fast path: whole messages straight from the packet, only a tail is copied.
      while (len >= 2) {
        int msgLen = Bytes.u16(data, off);
        if (msgLen < 12) {
          metrics.reject(Rejection.DNS_TCP_BAD_LENGTH);
          return;
        }
        if (len - 2 < msgLen) {
          break;
        }
        handler.onMessage(p, data, off + 2, msgLen);
        off += 2 + msgLen;
        len -= 2 + msgLen;
      }
      if (len > 0) {
        append(flow, data, off, len);
      }
      return;
    }
    append(flow, data, off, len);
    int start = 0;
    while (flow.len - start >= 2) {
      int msgLen = Bytes.u16(flow.buf, start);
      if (msgLen < 12) {
        metrics.reject(Rejection.DNS_TCP_BAD_LENGTH);
        flow.len = 0;
        return;
      }
      if (flow.len - start - 2 < msgLen) {
        break;
      }
      handler.onMessage(p, flow.buf, start + 2, msgLen);
      start += 2 + msgLen;
    }
    System.arraycopy(flow.buf, start, flow.buf, 0, flow.len - start);
    flow.len -= start;
  }

  private void append(Flow flow, byte[] data, int off, int len) {
    if (flow.len + len > MAX_MESSAGE) {
      metrics.reject(Rejection.DNS_TCP_BAD_LENGTH); // more than one message's worth without a complete message
      flow.len = 0;
      return;
    }
    if (flow.buf.length < flow.len + len) {
      byte[] bigger = new byte[Math.min(MAX_MESSAGE, Math.max(flow.len + len, flow.buf.length * 2 + 512))];
      System.arraycopy(flow.buf, 0, bigger, 0, flow.len);
      flow.buf = bigger;
    }
    System.arraycopy(data, off, flow.buf, flow.len, len);
    flow.len += len;
  }

  private Flow newFlow(FlowKey key) {
    if (flows.size() >= settings.maxTcpFlows()) {
      Iterator<Map.Entry<FlowKey, Flow>> it = flows.entrySet().iterator();
      it.next();
      it.remove();
      metrics.reject(Rejection.DNS_TCP_FLOW_EVICTED);
    }
    Flow flow = new Flow();
    flows.put(key, flow);
    return flow;
  }

  /** Forgets flows idle for longer than the configured time. */
  public void advanceTo(long nowMicros) {
    if (flows.isEmpty()) {
      return; // the common case: no allocation per packet
    }
    Iterator<Flow> it = flows.values().iterator();
    while (it.hasNext()) {
      Flow f = it.next();
      if (f.lastMicros + settings.tcpIdleMicros() > nowMicros) {
        break; // access order: the rest were used more recently
      }
      it.remove();
    }
  }
}
