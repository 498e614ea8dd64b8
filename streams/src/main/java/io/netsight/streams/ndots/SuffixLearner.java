package io.netsight.streams.ndots;

import io.netsight.streams.ndots.ObservedAnswers.Existence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds search suffixes a pod uses that its binding does not list (typically the node's host search domains, which
 * kubelet appends to ClusterFirst pods and which the Kubernetes API does not show), from one window of its traffic.
 *
 * <p>Conservative by design: a suffix {@code s} is learned only from a query {@code b.s} where {@code b} is a name the
 * pod was visibly walking through its known search list ({@code b + "." + first suffix} was queried), {@code b.s}
 * was not itself looked up as a name of its own, and {@code s} is not under the cluster domain; and then only when
 * either
 * <ul>
 *   <li>{@code s} follows at least {@code minNames} different such names, or</li>
 *   <li>it sits exactly where the resolver puts a host search domain for one name: every known expansion of {@code b}
 *       was queried and answered NXDOMAIN, {@code b.s} came after all of them, and the absolute {@code b} was not
 *       queried before it.</li>
 * </ul>
 * Learned suffixes are ordered by how long after the walk started they were first queried, and go after the known
 * ones.
 */
public final class SuffixLearner {

  private final String clusterDomain;
  private final int minNames;

  public SuffixLearner(String clusterDomain, int minNames) {
    this.clusterDomain = clusterDomain;
    this.minNames = minNames;
  }

  public List<String> learn(SearchPath known, ObservedAnswers answers) {
    if (known.searches().isEmpty()) {
      return List.of();
    }
    Set<String> bases = known.walkedBases(answers.names());
    String first = known.searches().get(0);
    Map<String, Set<String>> basesBySuffix = new HashMap<>();
    Map<String, Long> offsetBySuffix = new HashMap<>();
    Set<String> positional = new HashSet<>();
    for (String q : answers.names()) {
      if (known.isExpansion(q) || bases.contains(q)) {
        continue;
      }
      // Every prefix of q that ends at a dot and is a walked base: q = b + "." + s.
      for (int i = q.indexOf('.'); i > 0; i = q.indexOf('.', i + 1)) {
        String b = q.substring(0, i);
        if (!bases.contains(b)) {
          continue;
        }
        String s = q.substring(i + 1);
        if (s.isEmpty() || known.searches().contains(s) || DnsNames.isUnder(s, clusterDomain)) {
          continue;
        }
        basesBySuffix.computeIfAbsent(s, k -> new HashSet<>()).add(b);
        long offset = answers.firstSeen(q) - answers.firstSeen(DnsNames.join(b, first));
        offsetBySuffix.merge(s, offset, Math::min);
        if (inResolverPosition(b, q, known, answers)) {
          positional.add(s);
        }
      }
    }
    List<String> learned = new ArrayList<>();
    for (Map.Entry<String, Set<String>> e : basesBySuffix.entrySet()) {
      if (e.getValue().size() >= minNames || positional.contains(e.getKey())) {
        learned.add(e.getKey());
      }
    }
    learned.sort((a, b) -> {
      int c = Long.compare(offsetBySuffix.get(a), offsetBySuffix.get(b));
      return c != 0 ? c : a.compareTo(b);
    });
    return learned;
  }

  private static boolean inResolverPosition(String base, String q, SearchPath known, ObservedAnswers answers) {
    long latestKnown = Long.MIN_VALUE;
    for (String s : known.searches()) {
      String c = DnsNames.join(base, s);
      if (answers.existence(c) != Existence.NXDOMAIN) {
        return false;
      }
      latestKnown = Math.max(latestKnown, answers.firstSeen(c));
    }
    long at = answers.firstSeen(q);
    return at > latestKnown && answers.firstSeen(base) > at;
  }
}
