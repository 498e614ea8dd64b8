package io.netsight.ingest.capture;

import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.ingest.packet.CapturedPacket;
import io.netsight.ingest.packet.DecodedPacket;
import io.netsight.ingest.packet.PacketDecoder;
import io.netsight.ingest.packet.Rejection;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The packet path shared by the live capture, replay and the benchmark: decode a frame once, offer it to every
 * packet analyzer, advance event time. Single-threaded; allocates nothing per packet itself.
 */
public final class PacketPipeline {

  /** Timestamps beyond this (year 2255) cannot be rendered at microsecond precision: a damaged record. */
  private static final long MAX_MICROS = 9_000_000_000_000_000L;

  private final PacketAnalyzer[] analyzers;
  private final IngestMetrics metrics;
  private final PacketDecoder decoder;
  private final DecodedPacket decoded = new DecodedPacket();
  private final IntFunction<String> interfaceNames;
  private long clockMicros = Long.MIN_VALUE;

  /**
   * @param interfaceNames resolves a Linux cooked v2 interface index to its name (live capture), or null
   */
  public PacketPipeline(List<PacketAnalyzer> analyzers, IngestMetrics metrics, IntFunction<String> interfaceNames) {
    this.analyzers = analyzers.toArray(new PacketAnalyzer[0]);
    this.metrics = metrics;
    this.decoder = new PacketDecoder(metrics);
    this.interfaceNames = interfaceNames;
  }

  public void onPacket(CapturedPacket packet) {
    metrics.packetsCaptured.inc();
    long ts = packet.timestampMicros;
    if (ts < 0 || ts > MAX_MICROS) {
      metrics.reject(Rejection.BAD_TIMESTAMP);
      return;
    }
    // Time first: what was due by this packet's time times out before the packet is looked at.
    advanceTo(ts);
    if (decoder.decode(packet, decoded)) {
      if (decoded.interfaceIndex >= 0 && interfaceNames != null) {
        String name = interfaceNames.apply(decoded.interfaceIndex);
        if (name != null) {
          decoded.interfaceName = name;
        }
      }
      boolean used = false;
      for (PacketAnalyzer a : analyzers) {
        used |= a.onPacket(decoded);
      }
      if (!used) {
        metrics.reject(Rejection.UNCLAIMED);
      }
    }
  }

  /** Moves event time forward (never back: packets of an 'any' capture can be slightly out of order). */
  public void advanceTo(long nowMicros) {
    if (nowMicros > clockMicros) {
      clockMicros = nowMicros;
      for (PacketAnalyzer a : analyzers) {
        a.advanceTo(nowMicros);
      }
    }
  }

  public long clockMicros() {
    return clockMicros;
  }

  /** The smallest event time any analyzer may still emit. */
  public long pendingSinceMicros() {
    long min = Long.MAX_VALUE;
    for (PacketAnalyzer a : analyzers) {
      min = Math.min(min, a.pendingSinceMicros());
    }
    return min;
  }

  public void finish() {
    for (PacketAnalyzer a : analyzers) {
      a.finish();
    }
  }
}
