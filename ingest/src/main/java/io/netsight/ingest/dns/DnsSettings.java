package io.netsight.ingest.dns;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The DNS source's settings, with their configuration keys.
 *
 * @param timeoutMicros         a query without a response this long after it becomes a TIMEOUT transaction
 * @param duplicateWindowMicros copies of the same message within this window are one message seen twice (before
 *                              and after the ClusterIP DNAT, or on a bridge and a veth); later query copies are
 *                              retransmissions. A completed transaction is emitted this long after its first
 *                              response copy, so that the client-side copy can set the response time.
 * @param maxPending            queries waiting at once; beyond, the oldest is dropped and counted
 * @param maxTcpFlows           DNS-over-TCP flows reassembled at once; beyond, the least recently used is dropped
 * @param tcpIdleMicros         a TCP flow without a segment this long is forgotten
 */
public record DnsSettings(long timeoutMicros, long duplicateWindowMicros, int maxPending, int maxTcpFlows,
    long tcpIdleMicros) {

  public static final String TIMEOUT_MS = "dns.timeout.ms";
  public static final String DUPLICATE_WINDOW_MS = "dns.duplicate.window.ms";
  public static final String PENDING_MAX = "dns.pending.max";
  public static final String TCP_FLOWS_MAX = "dns.tcp.flows.max";
  public static final String TCP_IDLE_MS = "dns.tcp.idle.ms";

  public static final DnsSettings DEFAULTS = new DnsSettings(5_000_000L, 100_000L, 100_000, 10_000, 30_000_000L);

  public static ConfigDef configDef() {
    return new ConfigDef()
        .define(TIMEOUT_MS, Type.LONG, 5_000L, Range.between(1, 3_600_000), Importance.MEDIUM,
            "Milliseconds (event time) after which a query without a response becomes a TIMEOUT transaction.")
        .define(DUPLICATE_WINDOW_MS, Type.LONG, 100L, Range.between(0, 10_000), Importance.LOW,
            "Copies of one DNS message seen within this many milliseconds are one message (the node's 'any' "
                + "interface shows a ClusterIP lookup before and after DNAT); later query copies are "
                + "retransmissions. Answered transactions are emitted this long after the response.")
        .define(PENDING_MAX, Type.INT, 100_000, Range.atLeast(1), Importance.LOW,
            "Queries waiting for a response at once; beyond, the oldest is dropped and counted.")
        .define(TCP_FLOWS_MAX, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
            "DNS-over-TCP flows reassembled at once; beyond, the least recently used is dropped and counted.")
        .define(TCP_IDLE_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
            "A DNS-over-TCP flow without a segment for this many milliseconds is forgotten.");
  }

  public static DnsSettings from(AbstractConfig config) {
    return new DnsSettings(config.getLong(TIMEOUT_MS) * 1000, config.getLong(DUPLICATE_WINDOW_MS) * 1000,
        config.getInt(PENDING_MAX), config.getInt(TCP_FLOWS_MAX), config.getLong(TCP_IDLE_MS) * 1000);
  }
}
