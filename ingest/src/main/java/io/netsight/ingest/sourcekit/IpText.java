package io.netsight.ingest.sourcekit;

import io.netsight.schema.CanonicalIp;

/**
 * Canonical text of an IP address written as text by a kernel tool: IPv4 dotted quad as is (validated), IPv6 in RFC
 * 5952 form. The kernel's netfilter log prints IPv6 with every group in full ({@code fd88:0000:...:0001}), conntrack
 * prints it compressed; records must carry one form so that joins on IP work. Hand-written, without
 * {@link java.net.InetAddress}, because it runs for every logged packet and must never resolve a name.
 */
public final class IpText {


  private IpText() {
  }

  /** The canonical form of {@code s[from, to)}, or null when it is not an IPv4 or IPv6 address. */
  public static String canonical(CharSequence s, int from, int to) {
    if (from >= to || to - from > 45) {
      return null;
    }
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == ':') {
        return ipv6(s, from, to);
      }
    }
    return ipv4(s, from, to) ? s.subSequence(from, to).toString() : null;
  }

  /** The canonical form of {@code s}, or null when it is not an address. */
  public static String canonical(String s) {
    return s == null ? null : canonical(s, 0, s.length());
  }

  private static boolean ipv4(CharSequence s, int from, int to) {
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

  private static String ipv6(CharSequence s, int from, int to) {
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
        if (n > 6 || !ipv4(s, start, to)) {
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
    return format(g);
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

  /** RFC 5952 text of eight groups (see {@link CanonicalIp}). */
  static String format(int[] g) {
    return CanonicalIp.ipv6(g);
  }

}
