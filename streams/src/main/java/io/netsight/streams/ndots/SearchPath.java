package io.netsight.streams.ndots;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A pod's resolver settings as the classification uses them: ndots and the search suffixes in resolver order.
 *
 * @param ndots    the ndots option
 * @param searches search suffixes, in order
 */
public record SearchPath(int ndots, List<String> searches) {

  public SearchPath {
    searches = List.copyOf(searches);
  }

  /**
   * The base name when {@code qname} is a search-path expansion: {@code qname = base + "." + suffix} for one of the
   * search suffixes, and the base has fewer dots than ndots (the resolver appended the suffix itself). Null when it is
   * not one. When several suffixes match, the one earliest in the search list wins.
   */
  public String expansionBase(String qname) {
    for (String s : searches) {
      String base = DnsNames.stripSuffix(qname, s);
      if (base != null && DnsNames.dots(base) < ndots) {
        return base;
      }
    }
    return null;
  }

  public boolean isExpansion(String qname) {
    return expansionBase(qname) != null;
  }

  /**
   * The base names the resolver was walking in a window: every {@code b} with {@code b + "." + first suffix}
   * observed (every walk through the search list starts there), except when {@code b + "." + first suffix} is itself
   * such a base: then that query was the absolute tail of its own walk (an FQDN written without the trailing dot).
   */
  public Set<String> walkedBases(Set<String> observedNames) {
    Set<String> bases = new HashSet<>();
    if (searches.isEmpty()) {
      return bases;
    }
    String first = searches.get(0);
    for (String q : observedNames) {
      String b = DnsNames.stripSuffix(q, first);
      if (b != null) {
        bases.add(b);
      }
    }
    Set<String> all = Set.copyOf(bases);
    bases.removeIf(b -> all.contains(DnsNames.join(b, first)));
    return bases;
  }

  /** Every non-empty {@code b} with {@code b + "." + first suffix} among the observed names. */
  public Set<String> candidateBases(Set<String> observedNames) {
    Set<String> bases = new HashSet<>();
    if (searches.isEmpty()) {
      return bases;
    }
    String first = searches.get(0);
    for (String q : observedNames) {
      String b = DnsNames.stripSuffix(q, first);
      if (b != null) {
        bases.add(b);
      }
    }
    return bases;
  }
}
