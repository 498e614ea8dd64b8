package io.netsight.schema;

/**
 * The text form of IP addresses on every record: IPv4 dotted quad, IPv6 as RFC 5952 section 4 says (lowercase, no
 * leading zeros, the longest run of two or more zero groups as {@code ::}, the first on a tie, and IPv4-mapped
 * addresses with a dotted tail). One implementation for the packet decoder, the log parsers and the identity
 * publisher, so the same address is always the same string (it is a join key). Written by hand: it runs per packet
 * and per logged line, {@code InetAddress} neither compresses by RFC 5952 nor works without allocations, and text
 * must never be resolved as a host name. The kernel's netfilter log prints IPv6 with every group in full, conntrack
 * prints it compressed, the API server as the user wrote it: all become one form here.
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

  /** The canonical form of {@code s[from, to)}, or null when it is not an IPv4 or IPv6 address. */
  public static String parse(CharSequence s, int from, int to) {
    if (from >= to || to - from > 45) {
      return null;
    }
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == ':') {
        return parseIpv6(s, from, to);
      }
    }
    return isIpv4(s, from, to) ? s.subSequence(from, to).toString() : null;
  }

  /** The canonical form of {@code s}, or null when it is not an address. */
  public static String parse(String s) {
    return s == null ? null : parse(s, 0, s.length());
  }

  private static boolean isIpv4(CharSequence s, int from, int to) {
    int parts = 0;
    int value = -1;
    int digits = 0;
    for (int i = from; i <= to; i++) {
      char c = i < to ? s.charAt(i) : '.';
      if (c >= '0' && c <= '9') {
        if (digits == 3 || (digits > 0 && value == 0)) {
          return false; // more than three digits, or a leading zero
        }
        value = (value < 0 ? 0 : value * 10) + (c - '0');
        digits++;
      } else if (c == '.') {
        if (digits == 0 || value > 255) {
          return false;
        }
        parts++;
        value = -1;
        digits = 0;
      } else {
        return false;
      }
    }
    return parts == 4;
  }

  private static String parseIpv6(CharSequence s, int from, int to) {
    int[] groups = new int[8];
    int n = 0;
    int gap = -1;
    int i = from;
    if (to - from >= 2 && s.charAt(from) == ':' && s.charAt(from + 1) == ':') {
      gap = 0;
      i += 2;
      if (i == to) {
        return "::";
      }
    } else if (s.charAt(from) == ':') {
      return null;
    }
    while (i < to) {
      if (n == 8) {
        return null;
      }
      int start = i;
      int v = 0;
      while (i < to && hexValue(s.charAt(i)) >= 0 && i - start < 4) {
        v = (v << 4) | hexValue(s.charAt(i));
        i++;
      }
      if (i < to && s.charAt(i) == '.') {
        // IPv4 tail (::ffff:10.0.0.1): two more groups.
        if (n > 6 || !isIpv4(s, start, to)) {
          return null;
        }
        int[] q = quad(s, start, to);
        groups[n++] = (q[0] << 8) | q[1];
        groups[n++] = (q[2] << 8) | q[3];
        i = to;
        break;
      }
      if (i == start) {
        return null;
      }
      groups[n++] = v;
      if (i == to) {
        break;
      }
      if (s.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < to && s.charAt(i) == ':') {
        if (gap >= 0) {
          return null;
        }
        gap = n;
        i++;
        if (i == to) {
          break;
        }
      } else if (i == to) {
        return null;
      }
    }
    int[] g = new int[8];
    if (gap >= 0) {
      if (n == 8) {
        return null;
      }
      int tail = n - gap;
      System.arraycopy(groups, 0, g, 0, gap);
      System.arraycopy(groups, gap, g, 8 - tail, tail);
    } else {
      if (n != 8) {
        return null;
      }
      g = groups;
    }
    return ipv6(g);
  }

  private static int[] quad(CharSequence s, int from, int to) {
    int[] q = new int[4];
    int k = 0;
    int v = 0;
    for (int i = from; i <= to; i++) {
      char c = i < to ? s.charAt(i) : '.';
      if (c == '.') {
        q[k++] = v;
        v = 0;
      } else {
        v = v * 10 + (c - '0');
      }
    }
    return q;
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
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
