package io.netsight.streams.ndots;

/** Helpers for DNS names as the capture writes them: lowercase, no trailing dot. */
final class DnsNames {

  private DnsNames() {
  }

  /** Dots in a name, as the resolver counts them against ndots. */
  static int dots(String name) {
    int n = 0;
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) == '.') {
        n++;
      }
    }
    return n;
  }

  /** Whether a name is the domain or below it. */
  static boolean isUnder(String name, String domain) {
    return name.equals(domain)
        || (name.length() > domain.length() && name.endsWith(domain)
            && name.charAt(name.length() - domain.length() - 1) == '.');
  }

  /** The base when {@code name = base + "." + suffix} with a non-empty base, else null. */
  static String stripSuffix(String name, String suffix) {
    if (suffix.isEmpty() || name.length() <= suffix.length() + 1 || !name.endsWith(suffix)
        || name.charAt(name.length() - suffix.length() - 1) != '.') {
      return null;
    }
    return name.substring(0, name.length() - suffix.length() - 1);
  }

  static String join(String base, String suffix) {
    return base + "." + suffix;
  }

  static String lastLabel(String name) {
    return name.substring(name.lastIndexOf('.') + 1);
  }
}
