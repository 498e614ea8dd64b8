package io.netsight.ingest.packet;

import io.netsight.schema.v1.PacketDirection;

/**
 * A packet decoded down to its transport header: addresses as offsets into the frame (formatted only when a record
 * is built), ports, TCP flags and where the payload is. Mutable and reused, like {@link CapturedPacket}.
 */
public final class DecodedPacket {

  public static final int PROTO_TCP = 6;
  public static final int PROTO_UDP = 17;

  public static final int TCP_FIN = 0x01;
  public static final int TCP_SYN = 0x02;
  public static final int TCP_RST = 0x04;
  public static final int TCP_ACK = 0x10;

  public long timestampMicros;
  public byte[] data;
  /** 4 or 16. */
  public int addressLength;
  public int srcAddressOffset;
  public int dstAddressOffset;
  public int protocol;
  public int srcPort;
  public int dstPort;
  public int tcpFlags;
  public long tcpSeq;
  public int payloadOffset;
  public int payloadLength;
  public PacketDirection direction;
  /** Interface index from a Linux cooked v2 header, or -1. */
  public int interfaceIndex;
  public String interfaceName;

  public String srcAddress() {
    return IpAddresses.format(data, srcAddressOffset, addressLength);
  }

  public String dstAddress() {
    return IpAddresses.format(data, dstAddressOffset, addressLength);
  }

  /** High 64 bits of the source address as an IPv6 (IPv4 is mapped to ::ffff:a.b.c.d). */
  public long srcHi() {
    return hi(srcAddressOffset);
  }

  public long srcLo() {
    return lo(srcAddressOffset);
  }

  public long dstHi() {
    return hi(dstAddressOffset);
  }

  public long dstLo() {
    return lo(dstAddressOffset);
  }

  private long hi(int off) {
    return addressLength == 4 ? 0L : Bytes.u64(data, off);
  }

  private long lo(int off) {
    return addressLength == 4 ? 0x0000ffff00000000L | (Bytes.u32(data, off)) : Bytes.u64(data, off + 8);
  }
}
