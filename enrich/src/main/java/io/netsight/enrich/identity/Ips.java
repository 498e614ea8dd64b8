package io.netsight.enrich.identity;

import io.netsight.schema.CanonicalIp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * IP addresses in the contract's canonical text form: IPv4 dotted decimal, IPv6 as RFC 5952 (lower case, no leading
 * zeros, the longest run of two or more zero groups compressed). Bindings, capture records and lookups all go
 * through here so that {@code 2001:DB8::0:1} and {@code 2001:db8::1} are one key.
 */
public final class Ips {

  private Ips() {
  }

  /** The canonical form, or empty when the text is not an IP literal (host names are never resolved). */
  public static Optional<String> canonical(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.strip();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    if (s.isEmpty() || !isLiteralShape(s)) {
      return Optional.empty();
    }
    try {
      // Only literals reach here (digits, dots, hex and colons), so getByName parses and never looks anything up.
      InetAddress address = InetAddress.getByName(s);
      if (address instanceof Inet4Address) {
        // Also an IPv4-mapped IPv6 literal (::ffff:a.b.c.d), which Java returns as the IPv4 address it maps.
        return Optional.of(address.getHostAddress());
      }
      if (address instanceof Inet6Address v6) {
        return Optional.of(format6(v6.getAddress()));
      }
      return Optional.empty();
    } catch (UnknownHostException | SecurityException e) {
      return Optional.empty();
    }
  }

  /** The canonical form; throws {@link IllegalArgumentException} for anything that is not an IP literal. */
  public static String require(String text) {
    return canonical(text).orElseThrow(() -> new IllegalArgumentException("not an IP address: '" + text + "'"));
  }

  public static boolean isIpv6(String canonical) {
    return canonical.indexOf(':') >= 0;
  }

  /** {@code ip:port}, with IPv6 in brackets: the form of a {@code ServiceBinding} key's address part. */
  public static String hostPort(String canonicalIp, int port) {
    return (isIpv6(canonicalIp) ? "[" + canonicalIp + "]" : canonicalIp) + ":" + port;
  }

  private static boolean isLiteralShape(String s) {
    boolean colon = s.indexOf(':') >= 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || c == '.' || (colon && (c == ':' || (c >= 'a' && c <= 'f')
          || (c >= 'A' && c <= 'F')));
      if (!ok) {
        return false;
      }
    }
    if (!colon) {
      // IPv4 literal: exactly four decimal parts (InetAddress would also accept "10.1" as 10.0.0.1).
      String[] parts = s.split("\\.", -1);
      if (parts.length != 4) {
        return false;
      }
      for (String p : parts) {
        if (p.isEmpty() || p.length() > 3) {
          return false;
        }
      }
    }
    return true;
  }

  /** RFC 5952 section 4 text form of 16 address bytes (see {@link CanonicalIp}). */
  static String format6(byte[] a) {
    return CanonicalIp.ipv6(a, 0);
  }

}
