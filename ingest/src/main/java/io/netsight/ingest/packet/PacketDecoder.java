package io.netsight.ingest.packet;

import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.schema.v1.PacketDirection;

/**
 * Decodes a captured frame down to its TCP or UDP header on byte offsets: link layer (Ethernet with 802.1Q/802.1ad
 * tags, Linux cooked v1 and v2, raw IPv4/IPv6, BSD and OpenBSD loopback), IPv4 and IPv6 (extension headers skipped),
 * TCP and UDP. Hand-written rather than pcap4j's dissection: pcap4j allocates a packet object tree per frame and 1.8.2
 * cannot decode Linux cooked v2, which is what {@code tcpdump -i any} writes. Anything it cannot decode is counted
 * with its reason and skipped; it never throws on packet content.
 */
public final class PacketDecoder {

  private static final int ETHERTYPE_IPV4 = 0x0800;
  private static final int ETHERTYPE_IPV6 = 0x86dd;
  private static final int MAX_VLAN_TAGS = 4;
  private static final int MAX_IPV6_EXTENSIONS = 8;

  private final IngestMetrics metrics;

  public PacketDecoder(IngestMetrics metrics) {
    this.metrics = metrics;
  }

  /** Decodes {@code in} into {@code out}; false (and a counted rejection) when it is not TCP or UDP over IP. */
  public boolean decode(CapturedPacket in, DecodedPacket out) {
    Rejection r = decodeOrReason(in, out);
    if (r != null) {
      metrics.reject(r);
      return false;
    }
    metrics.packetsDecoded.inc();
    return true;
  }

  private Rejection decodeOrReason(CapturedPacket in, DecodedPacket out) {
    byte[] b = in.data;
    int off = in.offset;
    int end = in.offset + in.length;
    if (b == null || off < 0 || end > b.length || in.length < 0) {
      return Rejection.LINK_TRUNCATED;
    }
    out.timestampMicros = in.timestampMicros;
    out.data = b;
    out.direction = in.direction;
    out.interfaceIndex = -1;
    out.interfaceName = in.interfaceName;
    int etherType;
    switch (in.linkType) {
      case LinkType.ETHERNET -> {
        if (end - off < 14) {
          return Rejection.LINK_TRUNCATED;
        }
        etherType = Bytes.u16(b, off + 12);
        off += 14;
        for (int tags = 0; etherType == 0x8100 || etherType == 0x88a8 || etherType == 0x9100; tags++) {
          if (tags == MAX_VLAN_TAGS || end - off < 4) {
            return Rejection.LINK_TRUNCATED;
          }
          etherType = Bytes.u16(b, off + 2);
          off += 4;
        }
      }
      case LinkType.LINUX_SLL -> {
        if (end - off < 16) {
          return Rejection.LINK_TRUNCATED;
        }
        out.direction = cookedDirection(Bytes.u16(b, off));
        etherType = Bytes.u16(b, off + 14);
        off += 16;
      }
      case LinkType.LINUX_SLL2 -> {
        if (end - off < 20) {
          return Rejection.LINK_TRUNCATED;
        }
        etherType = Bytes.u16(b, off);
        out.interfaceIndex = (int) Bytes.u32(b, off + 4);
        out.direction = cookedDirection(Bytes.u8(b, off + 10));
        off += 20;
      }
      case LinkType.RAW, LinkType.DLT_RAW_LINUX, LinkType.DLT_RAW_OPENBSD -> {
        if (end - off < 1) {
          return Rejection.LINK_TRUNCATED;
        }
        int version = Bytes.u8(b, off) >>> 4;
        etherType = version == 4 ? ETHERTYPE_IPV4 : version == 6 ? ETHERTYPE_IPV6 : -1;
      }
      case LinkType.IPV4 -> etherType = ETHERTYPE_IPV4;
      case LinkType.IPV6 -> etherType = ETHERTYPE_IPV6;
      case LinkType.NULL, LinkType.LOOP -> {
        if (end - off < 4) {
          return Rejection.LINK_TRUNCATED;
        }
        long family = Bytes.u32(b, off);
        // NULL stores the family in the writer's byte order: a small number read big-endian is huge.
        if (in.linkType == LinkType.NULL && family > 0xffff) {
          family = Bytes.u32le(b, off);
        }
        etherType = family == 2 ? ETHERTYPE_IPV4
            : family == 10 || family == 24 || family == 28 || family == 30 ? ETHERTYPE_IPV6 : -1;
        off += 4;
      }
      default -> {
        return Rejection.LINK_TYPE_UNSUPPORTED;
      }
    }
    if (etherType == ETHERTYPE_IPV4) {
      return ipv4(b, off, end, out);
    }
    if (etherType == ETHERTYPE_IPV6) {
      return ipv6(b, off, end, out);
    }
    return Rejection.NOT_IP;
  }

  private static PacketDirection cookedDirection(int packetType) {
    // PACKET_HOST, _BROADCAST, _MULTICAST, _OTHERHOST arrive; PACKET_OUTGOING leaves (linux/if_packet.h).
    return packetType == 4 ? PacketDirection.OUTGOING
        : packetType >= 0 && packetType <= 3 ? PacketDirection.INCOMING : PacketDirection.UNKNOWN;
  }

  private static Rejection ipv4(byte[] b, int off, int end, DecodedPacket out) {
    if (end - off < 20) {
      return Rejection.IP_TRUNCATED;
    }
    int vihl = Bytes.u8(b, off);
    int ihl = (vihl & 0x0f) * 4;
    int totalLength = Bytes.u16(b, off + 2);
    if (vihl >>> 4 != 4 || ihl < 20 || totalLength < ihl) {
      return Rejection.IP_BAD_HEADER;
    }
    if (end - off < ihl) {
      return Rejection.IP_TRUNCATED;
    }
    int fragment = Bytes.u16(b, off + 6);
    if ((fragment & 0x3fff) != 0) {
      return Rejection.IP_FRAGMENT; // MF set or a non-zero offset: not reassembled, see DESIGN.md
    }
    out.addressLength = 4;
    out.srcAddressOffset = off + 12;
    out.dstAddressOffset = off + 16;
    // Ethernet pads short frames: the IP total length, not the frame, says where the datagram ends.
    int ipEnd = Math.min(end, off + totalLength);
    return transport(b, Bytes.u8(b, off + 9), off + ihl, ipEnd, out);
  }

  private static Rejection ipv6(byte[] b, int off, int end, DecodedPacket out) {
    if (end - off < 40) {
      return Rejection.IP_TRUNCATED;
    }
    if (Bytes.u8(b, off) >>> 4 != 6) {
      return Rejection.IP_BAD_HEADER;
    }
    int payloadLength = Bytes.u16(b, off + 4);
    int next = Bytes.u8(b, off + 6);
    out.addressLength = 16;
    out.srcAddressOffset = off + 8;
    out.dstAddressOffset = off + 24;
    int ipEnd = payloadLength == 0 ? end : Math.min(end, off + 40 + payloadLength); // 0: jumbogram
    int p = off + 40;
    for (int i = 0; i <= MAX_IPV6_EXTENSIONS; i++) {
      switch (next) {
        case DecodedPacket.PROTO_TCP, DecodedPacket.PROTO_UDP -> {
          return transport(b, next, p, ipEnd, out);
        }
        case 0, 43, 60 -> { // hop-by-hop, routing, destination options
          if (ipEnd - p < 8) {
            return Rejection.IP_TRUNCATED;
          }
          next = Bytes.u8(b, p);
          p += (Bytes.u8(b, p + 1) + 1) * 8;
        }
        case 51 -> { // authentication header
          if (ipEnd - p < 8) {
            return Rejection.IP_TRUNCATED;
          }
          next = Bytes.u8(b, p);
          p += (Bytes.u8(b, p + 1) + 2) * 4;
        }
        case 44 -> {
          return Rejection.IP_FRAGMENT;
        }
        default -> {
          return Rejection.NOT_TCP_OR_UDP;
        }
      }
    }
    return Rejection.IPV6_EXTENSION_UNSUPPORTED;
  }

  private static Rejection transport(byte[] b, int protocol, int off, int end, DecodedPacket out) {
    out.protocol = protocol;
    if (protocol == DecodedPacket.PROTO_UDP) {
      if (end - off < 8) {
        return Rejection.TRANSPORT_TRUNCATED;
      }
      int udpLength = Bytes.u16(b, off + 4);
      if (udpLength < 8) {
        return Rejection.IP_BAD_HEADER;
      }
      out.srcPort = Bytes.u16(b, off);
      out.dstPort = Bytes.u16(b, off + 2);
      out.tcpFlags = 0;
      out.tcpSeq = 0;
      out.payloadOffset = off + 8;
      out.payloadLength = Math.min(udpLength, end - off) - 8;
      return null;
    }
    if (protocol == DecodedPacket.PROTO_TCP) {
      if (end - off < 20) {
        return Rejection.TRANSPORT_TRUNCATED;
      }
      int dataOffset = (Bytes.u8(b, off + 12) >>> 4) * 4;
      if (dataOffset < 20) {
        return Rejection.IP_BAD_HEADER;
      }
      if (end - off < dataOffset) {
        return Rejection.TRANSPORT_TRUNCATED;
      }
      out.srcPort = Bytes.u16(b, off);
      out.dstPort = Bytes.u16(b, off + 2);
      out.tcpSeq = Bytes.u32(b, off + 4);
      out.tcpFlags = Bytes.u8(b, off + 13);
      out.payloadOffset = off + dataOffset;
      out.payloadLength = end - off - dataOffset;
      return null;
    }
    return Rejection.NOT_TCP_OR_UDP;
  }
}
