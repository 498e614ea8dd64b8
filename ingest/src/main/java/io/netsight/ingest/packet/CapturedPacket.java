package io.netsight.ingest.packet;

import io.netsight.schema.v1.PacketDirection;

/**
 * One captured frame as a reader or the live handle hands it over: a view on a byte array (no copy), the capture time
 * and what the capture format says about the interface. Mutable and reused for every packet of a source: consumers
 * must not keep a reference past their callback.
 */
public final class CapturedPacket {

  /** Capture time, microseconds since the epoch. */
  public long timestampMicros;
  public int linkType;
  public byte[] data;
  public int offset;
  /** Bytes captured (may be less than {@link #originalLength} when the snap length cut the frame). */
  public int length;
  public int originalLength;
  /** Interface name when the capture format tells it (pcapng if_name, the live handle's interface), else null. */
  public String interfaceName;
  /** Direction when the capture format tells it (pcapng epb_flags); cooked headers are read by the decoder. */
  public PacketDirection direction = PacketDirection.UNKNOWN;

  public CapturedPacket set(long timestampMicros, int linkType, byte[] data, int offset, int length,
      int originalLength) {
    this.timestampMicros = timestampMicros;
    this.linkType = linkType;
    this.data = data;
    this.offset = offset;
    this.length = length;
    this.originalLength = originalLength;
    this.interfaceName = null;
    this.direction = PacketDirection.UNKNOWN;
    return this;
  }
}
