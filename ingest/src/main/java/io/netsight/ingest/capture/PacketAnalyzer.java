package io.netsight.ingest.capture;

import io.netsight.ingest.packet.DecodedPacket;
import org.apache.kafka.common.config.ConfigDef;

/**
 * A source that lives on decoded packets (dns, reset). All packet analyzers of an agent share one libpcap handle
 * (one kernel copy of each packet, one BPF program: the OR of their filters), and replay feeds them from files. Every
 * method runs on the one capture thread, in packet order; time is event time (packet timestamps), advanced also
 * when no packet comes so that timeouts fire.
 */
public interface PacketAnalyzer {

  String name();

  /** The BPF expression that lets this analyzer's packets through. */
  String bpfFilter();

  /** Looks at a packet; true when it was this analyzer's (so the pipeline can count packets nobody wanted). */
  boolean onPacket(DecodedPacket packet);

  /** Event time moved to {@code nowMicros}: emit what timed out. */
  void advanceTo(long nowMicros);

  /** The smallest event time of a record this analyzer may still emit; {@code Long.MAX_VALUE} when none. */
  long pendingSinceMicros();

  /** End of input: emit everything pending. */
  void finish();

  /** How an analyzer is made; registered by name in {@link CaptureSourceRegistry}. */
  interface Factory {

    ConfigDef config();

    PacketAnalyzer create(SourceContext context);
  }
}
