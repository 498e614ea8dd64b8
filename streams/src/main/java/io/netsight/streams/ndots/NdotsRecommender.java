package io.netsight.streams.ndots;

import io.netsight.streams.ndots.ObservedAnswers.Existence;
import io.netsight.streams.ndots.ResolverReplay.Walk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes the fix from the lookups a pod really made: replays the resolver over the observed base names for every
 * ndots from 1 to the current value and for a trailing dot, counting the queries each would send with the answers
 * observed, and picks the smallest ndots that sends the fewest queries while every name the pod resolved through a
 * search suffix still goes to the search list first (a short name {@code my-svc} needs ndots 1,
 * {@code my-svc.other-ns} needs 2).
 *
 * <p>A name the replay needs but the traffic never asked for counts as one NXDOMAIN query, unless it is under the
 * cluster domain or ends in a public top-level domain: then it could exist, and the replay stops there and marks the
 * option uncertain. Lookups whose walk under the current settings met a name that was not observed (cut by the window
 * edge, or lost by the capture) are left out of the replay and counted as incomplete.
 */
public final class NdotsRecommender {

  /** Where the current walk of a lookup ended. */
  public enum Outcome {
    /** Found through the first search suffix: no query wasted. */
    FIRST_SEARCH_SUFFIX,
    /** Found through a later search suffix: fixed by writing the FQDN. */
    LATER_SEARCH_SUFFIX,
    /** Found as the absolute name: fixed by a lower ndots or a trailing dot. */
    ABSOLUTE,
    /** Every name tried was NXDOMAIN or failed: a client configuration bug, no ndots fixes it. */
    NEVER_RESOLVES
  }

  /**
   * One base name looked up for one type, as the resolver walked it with the current settings.
   *
   * @param base         the name the application asked for
   * @param qtype        the type
   * @param lookups      how many times it was looked up in the window
   * @param tried        the names tried, in order, up to the one that existed
   * @param resolvedAs   the name that existed, null when none did
   * @param outcome      where the walk ended
   * @param direct       the name was looked up as an absolute name only (trailing dot, or dots >= ndots and found)
   * @param firstSeen    earliest query of the walk, micros
   */
  public record Lookup(String base, String qtype, long lookups, List<String> tried, String resolvedAs,
      Outcome outcome, boolean direct, long firstSeen) {

    public int queriesPerLookup() {
      return tried.size();
    }

    public long queries() {
      return lookups * tried.size();
    }
  }

  /** One name-level fix: write {@code name} as {@code writeAs}, saving queries. */
  public record NameFix(String name, String writeAs, long savedQueries, double savedPerMinute) {
  }

  /** One replayed option. */
  public record Option(String label, long queries, boolean uncertain) {
  }

  /**
   * The computed recommendation for one resolver profile.
   *
   * @param currentNdots      the pod's ndots
   * @param recommendedNdots  the smallest safe ndots with the fewest queries (== current when lowering does not help)
   * @param minSafeNdots      the lowest ndots that keeps every name resolved through a search suffix going there first
   * @param safetyName        the name that sets minSafeNdots above 1, or null
   * @param lookups           the complete lookups, by base and type
   * @param incompleteLookups lookups left out of the replay
   * @param options           queries per window for ndots 1..current, then the trailing-dot option
   * @param trailingDot       names found as the absolute name (external names, FQDNs written without the dot) to end
 *                          with a dot, most saving first (at most topNames)
   * @param fqdn              names found only through a later search suffix, to write as FQDNs (at most topNames)
   * @param neverResolves     base names no candidate of which existed
   * @param windowMinutes     length of the window in minutes, for the per-minute rates
   */
  public record Plan(int currentNdots, int recommendedNdots, int minSafeNdots, String safetyName,
      List<Lookup> lookups, int incompleteLookups, Map<String, Option> options, List<NameFix> trailingDot,
      List<NameFix> fqdn, List<Lookup> neverResolves, double windowMinutes) {

    public long queriesNow() {
      return options.containsKey(ndotsLabel(currentNdots)) ? options.get(ndotsLabel(currentNdots)).queries()
          : lookups.stream().mapToLong(Lookup::queries).sum();
    }

    public long queriesRecommended() {
      return options.containsKey(ndotsLabel(recommendedNdots))
          ? options.get(ndotsLabel(recommendedNdots)).queries() : queriesNow();
    }

    public double savedPerMinute() {
      return (queriesNow() - queriesRecommended()) / windowMinutes;
    }

    public long trailingDotQueries() {
      return options.get(TRAILING_DOT).queries();
    }

    public double trailingDotSavedPerMinute() {
      return (queriesNow() - trailingDotQueries()) / windowMinutes;
    }
  }

  public static final String TRAILING_DOT = "trailing-dot";

  public static String ndotsLabel(int ndots) {
    return "ndots:" + ndots;
  }

  private final ResolverReplay.Assumption assumption;

  public NdotsRecommender(String clusterDomain, PublicTlds tlds) {
    this.assumption = name -> DnsNames.isUnder(name, clusterDomain) || tlds.isPublic(DnsNames.lastLabel(name))
        ? Existence.UNOBSERVED : Existence.NXDOMAIN;
  }

  public Plan plan(SearchPath path, ObservedAnswers answers, Duration window, int topNames) {
    double minutes = window.toMillis() / 60_000.0;
    int ndots = path.ndots();
    List<String> searches = path.searches();
    // Every b with b + first suffix queried may have been walked. Longer names first: when an FQDN written without
    // the dot is walked, its absolute tail is also "b + first suffix" for a shorter b, and only the queries of that
    // name left over by the longer walk are lookups of the shorter one. A walk's lookup count is the smallest count
    // left among the names it tried (a name shared by two walks was queried once for each).
    List<String> bases = new ArrayList<>(path.candidateBases(answers.names()));
    bases.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
    Map<String, Long> consumed = new HashMap<>();
    Set<String> walked = new HashSet<>();
    Set<String> claimed = new HashSet<>();
    List<Lookup> lookups = new ArrayList<>();
    int incomplete = 0;
    for (String b : bases) {
      List<String> candidates = ResolverReplay.candidates(b, ndots, searches, false);
      for (String qtype : new TreeSet<>(answers.byType(candidates.get(0)).keySet())) {
        if (answers.counts(candidates.get(0), qtype).queries()
            - consumed.getOrDefault(candidates.get(0) + " " + qtype, 0L) <= 0) {
          continue; // every query of its first name belongs to longer walks
        }
        Walk w = ResolverReplay.walk(candidates, qtype, answers, name -> Existence.UNOBSERVED);
        if (w.unobserved()) {
          incomplete++;
          continue;
        }
        long n = Long.MAX_VALUE;
        for (String c : candidates.subList(0, w.queries())) {
          ObservedAnswers.Counts counts = answers.counts(c, qtype);
          long left = (counts == null ? 0 : counts.queries()) - consumed.getOrDefault(c + " " + qtype, 0L);
          n = Math.min(n, left);
        }
        if (n <= 0) {
          continue;
        }
        Lookup l = lookup(b, qtype, candidates, false, answers, n);
        lookups.add(l);
        walked.add(b);
        claimed.addAll(candidates);
        for (String c : l.tried()) {
          consumed.merge(c + " " + qtype, n, Long::sum);
        }
      }
    }
    for (String q : new TreeSet<>(answers.names())) {
      if (claimed.contains(q) || walked.contains(q)) {
        continue;
      }
      if (isCutWalk(q, path, answers)) {
        incomplete += answers.byType(q).size();
        continue;
      }
      for (String qtype : new TreeSet<>(answers.byType(q).keySet())) {
        lookups.add(lookup(q, qtype, List.of(q), true, answers, -1));
      }
    }

    int minSafe = 1;
    String safetyName = null;
    for (Lookup l : lookups) {
      boolean viaSearch = l.outcome == Outcome.FIRST_SEARCH_SUFFIX || l.outcome == Outcome.LATER_SEARCH_SUFFIX;
      if (viaSearch && DnsNames.dots(l.base) + 1 > minSafe) {
        minSafe = DnsNames.dots(l.base) + 1;
        safetyName = l.base;
      }
    }

    Map<String, Option> options = new LinkedHashMap<>();
    for (int n = 1; n <= ndots; n++) {
      options.put(ndotsLabel(n), replay(lookups, n, searches, false, answers));
    }
    options.put(TRAILING_DOT, replay(lookups, ndots, searches, true, answers));

    // The smallest safe value among those with the fewest queries; no change unless it strictly saves queries.
    int recommended = ndots;
    if (ndots >= 1) {
      long now = options.get(ndotsLabel(ndots)).queries();
      long best = now;
      for (int n = ndots - 1; n >= Math.max(1, minSafe); n--) {
        Option o = options.get(ndotsLabel(n));
        if (!o.uncertain() && o.queries() < now && o.queries() <= best) {
          best = o.queries();
          recommended = n;
        }
      }
    }

    return new Plan(ndots, recommended, minSafe, minSafe > 1 ? safetyName : null, List.copyOf(lookups), incomplete,
        options, trailingDotFixes(lookups, minutes, topNames), fqdnFixes(lookups, minutes, topNames),
        lookups.stream().filter(l -> l.outcome == Outcome.NEVER_RESOLVES).toList(), minutes);
  }

  /**
   * Whether a query that looks like a search expansion but belongs to no walk seen in the window is the tail of a walk
   * that began before the window (or whose first queries the capture lost): it failed, and the resolver's next
   * candidate was queried too. Otherwise it is taken as a name asked for as it is (an FQDN with a trailing dot): one
   * query whatever the option.
   */
  private static boolean isCutWalk(String q, SearchPath path, ObservedAnswers answers) {
    if (answers.existence(q) == Existence.EXISTS) {
      return false;
    }
    List<String> searches = path.searches();
    for (int k = 0; k < searches.size(); k++) {
      String base = DnsNames.stripSuffix(q, searches.get(k));
      if (base == null || DnsNames.dots(base) >= path.ndots()) {
        continue;
      }
      String next = k + 1 < searches.size() ? DnsNames.join(base, searches.get(k + 1)) : base;
      return answers.observed(next);
    }
    return false;
  }

  /** The walk with the current settings; null when it met a name that was not observed. */
  private Lookup lookup(String base, String qtype, List<String> candidates, boolean direct, ObservedAnswers answers,
      long lookupsOverride) {
    Walk w = ResolverReplay.walk(candidates, qtype, answers, name -> Existence.UNOBSERVED);
    if (w.unobserved()) {
      return null;
    }
    ObservedAnswers.Counts first = answers.counts(candidates.get(0), qtype);
    long lookups = lookupsOverride >= 0 ? lookupsOverride : first == null ? 0 : first.queries();
    List<String> tried = candidates.subList(0, w.queries());
    Outcome outcome;
    if (w.resolvedAs() == null) {
      outcome = Outcome.NEVER_RESOLVES;
    } else if (w.resolvedAs().equals(base)) {
      outcome = Outcome.ABSOLUTE;
    } else if (w.resolvedIndex() == 0 || (w.resolvedIndex() == 1 && candidates.get(0).equals(base))) {
      outcome = Outcome.FIRST_SEARCH_SUFFIX;
    } else {
      outcome = Outcome.LATER_SEARCH_SUFFIX;
    }
    return new Lookup(base, qtype, lookups, List.copyOf(tried), w.resolvedAs(), outcome, direct,
        first == null ? 0 : first.firstSeen());
  }

  private Option replay(List<Lookup> lookups, int ndots, List<String> searches, boolean trailingDot,
      ObservedAnswers answers) {
    long queries = 0;
    boolean uncertain = false;
    for (Lookup l : lookups) {
      // A trailing dot is for names found as the absolute name (complete names); the others keep their walk.
      boolean dot = l.direct || (trailingDot && l.outcome == Outcome.ABSOLUTE);
      List<String> candidates = trailingDot && !dot ? l.tried : ResolverReplay.candidates(l.base, ndots, searches, dot);
      if (trailingDot && !dot) {
        queries += l.queries();
        continue;
      }
      Walk w = ResolverReplay.walk(candidates, l.qtype, answers, assumption);
      uncertain |= w.unknown() || !java.util.Objects.equals(w.resolvedAs(), l.resolvedAs);
      queries += l.lookups * w.queries();
    }
    return new Option(trailingDot ? TRAILING_DOT : ndotsLabel(ndots), queries, uncertain);
  }

  private List<NameFix> trailingDotFixes(List<Lookup> lookups, double minutes, int top) {
    Map<String, Long> saved = new TreeMap<>();
    for (Lookup l : lookups) {
      if (!l.direct && l.outcome == Outcome.ABSOLUTE && l.queriesPerLookup() > 1) {
        saved.merge(l.base, l.lookups * (l.queriesPerLookup() - 1L), Long::sum);
      }
    }
    return topFixes(saved, name -> name + ".", minutes, top);
  }

  private List<NameFix> fqdnFixes(List<Lookup> lookups, double minutes, int top) {
    Map<String, Long> saved = new TreeMap<>();
    Map<String, String> writeAs = new TreeMap<>();
    for (Lookup l : lookups) {
      if (l.outcome == Outcome.LATER_SEARCH_SUFFIX) {
        saved.merge(l.base, l.lookups * (l.queriesPerLookup() - 1L), Long::sum);
        writeAs.put(l.base, l.resolvedAs + ".");
      }
    }
    return topFixes(saved, writeAs::get, minutes, top);
  }

  private static List<NameFix> topFixes(Map<String, Long> saved, java.util.function.UnaryOperator<String> writeAs,
      double minutes, int top) {
    return saved.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()))
        .limit(top)
        .map(e -> new NameFix(e.getKey(), writeAs.apply(e.getKey()), e.getValue(), e.getValue() / minutes))
        .toList();
  }
}
