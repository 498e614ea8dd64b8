package io.netsight.streams.ndots;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A tiny DNS world for tests: the names that exist, and a glibc stub resolver walking it. Written independently of
 * {@link ResolverReplay} so the two check each other.
 */
record ResolverWorld(Set<String> existing) {

  /** The names glibc queries (per type) for {@code name} with these settings, in order. */
  List<String> queried(String name, int ndots, List<String> searches) {
    List<String> order = new ArrayList<>();
    if (name.endsWith(".")) {
      order.add(name.substring(0, name.length() - 1));
    } else {
      int dots = (int) name.chars().filter(c -> c == '.').count();
      if (dots >= ndots) {
        order.add(name);
      }
      searches.forEach(s -> order.add(name + "." + s));
      if (dots < ndots) {
        order.add(name);
      }
    }
    List<String> sent = new ArrayList<>();
    for (String c : order) {
      sent.add(c);
      if (existing.contains(c)) {
        break;
      }
    }
    return sent;
  }

  /** Observed answers for {@code lookups} lookups of each name (A and AAAA), one window. */
  ObservedAnswers observe(List<String> names, long lookups, int ndots, List<String> searches) {
    ObservedAnswers answers = new ObservedAnswers();
    long t = 1_000_000;
    for (String name : names) {
      for (String q : queried(name, ndots, searches)) {
        boolean exists = existing.contains(q);
        for (String qtype : List.of("A", "AAAA")) {
          answers.add(q, qtype, new ObservedAnswers.Counts(lookups, exists && qtype.equals("A") ? lookups : 0,
              exists && qtype.equals("AAAA") ? lookups : 0, exists ? 0 : lookups, 0, t++));
        }
      }
    }
    return answers;
  }

  long queries(List<String> names, long lookups, int ndots, List<String> searches) {
    return names.stream().mapToLong(n -> 2 * lookups * queried(n, ndots, searches).size()).sum();
  }
}
