package io.netsight.ingest.packet;

import io.netsight.schema.CanonicalIp;

/**
 * Canonical text forms of addresses held as bytes: IPv4 dotted quad, IPv6 as RFC 5952 (lowercase, leading zeros
 * dropped, the longest run of two or more zero groups as "::", the first on a tie, IPv4-mapped as ::ffff:a.b.c.d).
 * Hand-written because {@link java.net.InetAddress#getHostAddress()} does not compress IPv6 and allocates an
 * InetAddress per call.
 */
public final class IpAddresses {


  private IpAddresses() {
  }

  public static String ipv4(byte[] b, int off) {
    return CanonicalIp.ipv4(b, off);
  }

  public static String ipv6(byte[] b, int off) {
    return CanonicalIp.ipv6(b, off);
  }

  /** The canonical text of a 4- or 16-byte address. */
  public static String format(byte[] b, int off, int len) {
    return len == 4 ? ipv4(b, off) : ipv6(b, off);
  }

  /** The canonical text of an address held as two longs (IPv4 as ::ffff:a.b.c.d, the way DecodedPacket keys it). */
  public static String format(long hi, long lo) {
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (hi >>> (56 - 8 * i));
      b[8 + i] = (byte) (lo >>> (56 - 8 * i));
    }
    return hi == 0 && (lo >>> 32) == 0xffffL ? ipv4(b, 12) : ipv6(b, 0);
  }
}
