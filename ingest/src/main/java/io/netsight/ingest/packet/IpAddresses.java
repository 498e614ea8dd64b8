package io.netsight.ingest.packet;

import io.netsight.schema.CanonicalIp;

/** The canonical text ({@link CanonicalIp}) of addresses as the packet decoder holds them. */
public final class IpAddresses {

  private IpAddresses() {
  }

  /** The canonical text of a 4- or 16-byte address. */
  public static String format(byte[] b, int off, int len) {
    return len == 4 ? CanonicalIp.ipv4(b, off) : CanonicalIp.ipv6(b, off);
  }

  /** The canonical text of an address held as two longs (IPv4 as ::ffff:a.b.c.d, the way DecodedPacket keys it). */
  public static String format(long hi, long lo) {
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (hi >>> (56 - 8 * i));
      b[8 + i] = (byte) (lo >>> (56 - 8 * i));
    }
    return hi == 0 && (lo >>> 32) == 0xffffL ? CanonicalIp.ipv4(b, 12) : CanonicalIp.ipv6(b, 0);
  }
}
