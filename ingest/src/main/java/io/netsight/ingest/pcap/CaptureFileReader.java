package io.netsight.ingest.pcap;

import io.netsight.ingest.packet.CapturedPacket;
import java.io.Closeable;

/**
 * Reads packets from a capture file in file order. Never throws on file content: a damaged record is counted and
 * logged and ends the file (a truncated last record is the common case: a capture killed while writing).
 */
public interface CaptureFileReader extends Closeable {

  /** Fills {@code out} with the next packet; false at the end of the file. */
  boolean next(CapturedPacket out);

  /** What the file is, for messages: "pcap (microseconds, little-endian, Ethernet (1))". */
  String format();

  /** Bytes read so far, for progress. */
  long position();

  @Override
  void close();
}
