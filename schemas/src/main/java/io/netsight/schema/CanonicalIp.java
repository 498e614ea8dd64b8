package io.netsight.schema;

/**
 * The text form of IP addresses on every record: IPv4 dotted quad, IPv6 as RFC 5952 section 4 says (lowercase, no
 * leading zeros, the longest run of two or more zero groups as {@code ::}, the first on a tie, and IPv4-mapped
 * addresses with a dotted tail). One implementation for the packet decoder, the log parsers and the identity
 * publisher, so the same address is always the same string (it is a join key). Written by hand: it runs per packet,
 * and {@code InetAddress} neither compresses by RFC 5952 nor works without allocations.
 */
public final class CanonicalIp {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private CanonicalIp() {
  }

  /** Four address bytes at {@code off} as a dotted quad. */
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

  /** Sixteen address bytes at {@code off}. */
  public static String ipv6(byte[] b, int off) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[off + 2 * i] & 0xff) << 8) | (b[off + 2 * i + 1] & 0xff);
    }
    return ipv6(g);
  }

  /** Eight 16-bit groups. */
  public static String ipv6(int[] g) {
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
      return sb.append("::ffff:").append(g[6] >> 8).append('.').append(g[6] & 0xff).append('.')
          .append(g[7] >> 8).append('.').append(g[7] & 0xff).toString();
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
}
