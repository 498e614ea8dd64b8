package io.netsight.ingest.packet;

/**
 * Canonical text forms of addresses held as bytes: IPv4 dotted quad, IPv6 as RFC 5952 (lowercase, leading zeros
 * dropped, the longest run of two or more zero groups as "::", the first on a tie, IPv4-mapped as ::ffff:a.b.c.d).
 * Hand-written because {@link java.net.InetAddress#getHostAddress()} does not compress IPv6 and allocates an
 * InetAddress per call.
 */
public final class IpAddresses {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private IpAddresses() {
  }

  public static String ipv4(byte[] b, int off) {
    StringBuilder sb = new StringBuilder(15);
    for (int i = 0; i < 4; i++) {
      if (i > 0) {
        sb.append('.');
      }
      sb.append(b[off + i] & 0xff);
    }
    return sb.toString();
  }

  public static String ipv6(byte[] b, int off) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[off + 2 * i] & 0xff) << 8) | (b[off + 2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8;) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    if (bestLen < 2) {
      bestStart = -1;
    }
    StringBuilder sb = new StringBuilder(39);
    if (bestStart == 0 && bestLen == 5 && g[5] == 0xffff) {
      // IPv4-mapped addresses keep the dotted tail (RFC 5952 section 5).
      return sb.append("::ffff:").append(ipv4(b, off + 12)).toString();
    }
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (i > 0 && i != bestStart + bestLen) {
        sb.append(':');
      }
      hex(sb, g[i]);
    }
    return sb.toString();
  }

  /** The canonical text of a 4- or 16-byte address. */
  public static String format(byte[] b, int off, int len) {
    return len == 4 ? ipv4(b, off) : ipv6(b, off);
  }

  private static void hex(StringBuilder sb, int v) {
    boolean started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      int d = (v >>> shift) & 0xf;
      if (d != 0 || started || shift == 0) {
        sb.append(HEX[d]);
        started = true;
      }
    }
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
