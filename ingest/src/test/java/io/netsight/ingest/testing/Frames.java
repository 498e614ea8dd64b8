package io.netsight.ingest.testing;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds packets byte by byte for unit tests: IP, UDP, TCP and the link layers netsight decodes. */
public final class Frames {

  public static final int SYN = 0x02;
  public static final int RST = 0x04;
  public static final int ACK = 0x10;
  public static final int FIN = 0x01;

  private Frames() {
  }

  public static byte[] addr(String ip) {
    try {
      return InetAddress.getByName(ip).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(ip, e);
    }
  }

  /** An IPv4 or IPv6 packet (by the address family) carrying UDP. */
  public static byte[] udp(String src, int sport, String dst, int dport, byte[] payload) {
    ByteBuffer u = ByteBuffer.allocate(8 + payload.length);
    u.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0)
        .put(payload);
    return ip(src, dst, 17, u.array());
  }

  /** An IP packet carrying a TCP segment (20-byte header). */
  public static byte[] tcp(String src, int sport, String dst, int dport, long seq, int flags, byte[] payload) {
    ByteBuffer t = ByteBuffer.allocate(20 + payload.length);
    t.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt(0).put((byte) 0x50)
        .put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0).put(payload);
    return ip(src, dst, 6, t.array());
  }

  public static byte[] ip(String src, String dst, int protocol, byte[] l4) {
    byte[] s = addr(src);
    byte[] d = addr(dst);
    if (s.length == 4) {
      ByteBuffer b = ByteBuffer.allocate(20 + l4.length);
      b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4.length)).putShort((short) 0x1234)
          .putShort((short) 0x4000).put((byte) 64).put((byte) protocol).putShort((short) 0).put(s).put(d).put(l4);
      return b.array();
    }
    ByteBuffer b = ByteBuffer.allocate(40 + l4.length);
    b.putInt(0x60000000).putShort((short) l4.length).put((byte) protocol).put((byte) 64).put(s).put(d).put(l4);
    return b.array();
  }

  /** An IPv4 fragment (MF set) of a UDP datagram. */
  public static byte[] ipv4Fragment(byte[] ipv4) {
    byte[] f = ipv4.clone();
    f[6] = 0x20;
    f[7] = 0;
    return f;
  }

  public static byte[] ethernet(byte[] ip, int... vlanTags) {
    ByteBuffer b = ByteBuffer.allocate(14 + 4 * vlanTags.length + ip.length);
    b.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2});
    for (int tag : vlanTags) {
      b.putShort((short) 0x8100).putShort((short) tag);
    }
    b.putShort((short) (ip[0] >>> 4 == 6 ? 0x86dd : 0x0800)).put(ip);
    return b.array();
  }

  /** Linux cooked v1: packet type (0 to us, 4 outgoing), ARPHRD_ETHER, address, protocol. */
  public static byte[] sll(int packetType, byte[] ip) {
    ByteBuffer b = ByteBuffer.allocate(16 + ip.length);
    b.putShort((short) packetType).putShort((short) 1).putShort((short) 6).put(new byte[8])
        .putShort((short) ((ip[0] >> 4 & 0xf) == 6 ? 0x86dd : 0x0800)).put(ip);
    return b.array();
  }

  /** Linux cooked v2: protocol, interface index, packet type. */
  public static byte[] sll2(int ifindex, int packetType, byte[] ip) {
    ByteBuffer b = ByteBuffer.allocate(20 + ip.length);
    b.putShort((short) ((ip[0] >> 4 & 0xf) == 6 ? 0x86dd : 0x0800)).putShort((short) 0).putInt(ifindex)
        .putShort((short) 1).put((byte) packetType).put((byte) 6).put(new byte[8]).put(ip);
    return b.array();
  }

  /** BSD loopback: the address family in the given byte order. */
  public static byte[] loopback(int family, ByteOrder order, byte[] ip) {
    ByteBuffer b = ByteBuffer.allocate(4 + ip.length);
    b.order(order).putInt(family);
    b.order(ByteOrder.BIG_ENDIAN).put(ip);
    return b.array();
  }

  /** A DNS-over-TCP stream chunk: the two-byte length, then the message. */
  public static byte[] tcpDns(byte[]... messages) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] m : messages) {
      out.write(m.length >>> 8);
      out.write(m.length);
      out.writeBytes(m);
    }
    return out.toByteArray();
  }
}
