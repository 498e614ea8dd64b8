package io.netsight.enrich.identity;

import io.netsight.schema.CanonicalIp;

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
    return Optional.ofNullable(CanonicalIp.parse(s));
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

}
