package io.netsight.schema;

import io.netsight.schema.v1.ConntrackEvent;
import io.netsight.schema.v1.ConntrackEventType;
import io.netsight.schema.v1.ConntrackTuple;
import io.netsight.schema.v1.DnsOutcome;
import io.netsight.schema.v1.DnsTransaction;
import io.netsight.schema.v1.KernelDrop;
import io.netsight.schema.v1.KernelLogSource;
import io.netsight.schema.v1.TcpReset;
import io.netsight.schema.v1.Transport;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Records that only move stream time forward. A live stream never needs them: traffic keeps coming, and Kafka Streams
 * closes windows and join buffers as stream time passes them. A finite input ({@code netsight analyze}, a postmortem
 * replay) ends, and the last window of each stage would never close. So the replay appends one tick per capture topic
 * after its last record; each stage passes a tick on (it is an ordinary record of the topic's type, from the reserved
 * node {@value #NODE} and the unspecified address {@value #ADDRESS}), no stage counts it, and no detector reports on
 * it. Every optional address of a tick is set too, so that a tick takes the same path through the stages (the same
 * joins and repartitions) as the records before it, and cannot overtake them.
 */
public final class StreamTicks {

  /** The node name that marks a tick. Kubernetes node names are DNS subdomains, but no agent runs on this one. */
  public static final String NODE = "netsight.tick";
  /** The record key of a tick. */
  public static final String KEY = NODE;
  /** The address every address field of a tick holds (never a real peer: the unspecified address). */
  public static final String ADDRESS = "0.0.0.0";

  private StreamTicks() {
  }

  /** Whether a record with this node name is a tick. */
  public static boolean isTick(String node) {
    return NODE.equals(node);
  }

  /**
   * Whether a record is a tick or carries one: its own {@code node} field, or that of a record it wraps (an enriched
   * record's capture record).
   */
  public static boolean isTick(IndexedRecord record) {
    if (record == null) {
      return false;
    }
    Schema.Field node = record.getSchema().getField("node");
    if (node != null) {
      Object value = record.get(node.pos());
      return value != null && isTick(value.toString());
    }
    for (Schema.Field f : record.getSchema().getFields()) {
      if (record.get(f.pos()) instanceof IndexedRecord nested && nested.getSchema().getField("node") != null) {
        return isTick(nested);
      }
    }
    return false;
  }

  public static DnsTransaction dns(Instant at) {
    return DnsTransaction.newBuilder()
        .setNode(NODE).setTimestamp(at).setClientIp(ADDRESS).setClientPort(0).setServerIp(ADDRESS).setServerPort(0)
        .setBackendIp(ADDRESS).setBackendPort(0)
        .setTransport(Transport.UNKNOWN).setDnsId(0).setQname(".").setQtype("NONE").setOutcome(DnsOutcome.UNKNOWN)
        .build();
  }

  public static TcpReset tcpReset(Instant at) {
    return TcpReset.newBuilder()
        .setNode(NODE).setTimestamp(at).setSenderIp(ADDRESS).setSenderPort(0).setReceiverIp(ADDRESS)
        .setReceiverPort(0).setWithAck(false).setSequence(0L).build();
  }

  public static ConntrackEvent conntrack(Instant at) {
    ConntrackTuple none = ConntrackTuple.newBuilder().setSrcIp(ADDRESS).setDstIp(ADDRESS).build();
    return ConntrackEvent.newBuilder()
        .setNode(NODE).setTimestamp(at).setEventType(ConntrackEventType.UNKNOWN).setProtocol("none")
        .setProtocolNumber(0).setOriginal(none).setReply(ConntrackTuple.newBuilder(none).build()).build();
  }

  public static KernelDrop kernelDrop(Instant at) {
    return KernelDrop.newBuilder()
        .setNode(NODE).setTimestamp(at).setPrefix(NODE).setSrcIp(ADDRESS).setDstIp(ADDRESS).setIpVersion(4)
        .setProtocol("none").setLogSource(KernelLogSource.UNKNOWN).setRaw("").build();
  }
}
