package io.netsight.streams.ndots;

import io.netsight.schema.v1.Finding;
import io.netsight.streams.detect.WindowedEntries;
import io.netsight.streams.ndots.NdotsRecommender.Plan;
import io.netsight.streams.ndots.state.NameCount;
import io.netsight.streams.ndots.state.NdotsEntry;
import io.netsight.streams.ndots.state.PodCount;
import io.netsight.streams.ndots.state.ResolverProfile;
import io.netsight.streams.ndots.state.ServerCount;
import io.netsight.streams.ndots.state.WindowHeader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Analyses one subject's closed window: per resolver profile, learns extra suffixes, classifies every (qname, qtype)
 * as a search-path expansion or not, counts the wasted queries (NXDOMAIN answers to expansions), and computes the
 * recommendation; then decides whether the window holds a finding.
 */
final class NdotsWindowAnalysis {

  /** One resolver profile's share of the window. */
  record ProfileReport(String id, ResolverProfile profile, SearchPath effective, List<String> learned,
      ObservedAnswers answers, long queries, long wasted, Map<String, long[]> byQtype, Supplier<Plan> planner) {

    /**
     * The computed fix for this profile. Computed on first use and kept: replaying the resolver over every name for
     * every ndots value is the costly step, and only a window that becomes a finding reads it, for its dominant
     * profile.
     */
    Plan plan() {
      return planner.get();
    }
  }

  /** The whole window of one subject. */
  record Report(String subject, long windowStart, long windowEnd, WindowHeader header, List<PodCount> pods,
      List<ServerCount> servers, List<ProfileReport> profiles, long queries, long wasted,
      Map<String, long[]> byQtype) {

    double wastedShare() {
      return queries == 0 ? 0 : (double) wasted / queries;
    }

    /** total / (total - wasted): how many queries each useful one cost; total itself when every query was wasted. */
    double amplification() {
      return queries == 0 ? 0 : (double) queries / Math.max(1, queries - wasted);
    }

    /** The profile that wasted most: the recommendation is computed for it. */
    ProfileReport dominant() {
      return profiles.stream().max(Comparator.comparingLong(ProfileReport::wasted)
          .thenComparingLong(ProfileReport::queries)).orElseThrow();
    }
  }

  private final NdotsConfig config;
  private final NdotsRecommender recommender;
  private final SuffixLearner learner;

  NdotsWindowAnalysis(NdotsConfig config, PublicTlds tlds) {
    this.config = config;
    this.recommender = new NdotsRecommender(config.clusterDomain(), tlds);
    this.learner = new SuffixLearner(config.clusterDomain(), config.learnMinNames());
  }

  /** The draft finding of a closed window, when its condition holds. */
  Optional<Finding> draft(WindowedEntries.Closed<NdotsEntry> closed) {
    Report r = analyze(closed);
    if (r == null || r.wasted < config.minWastedQueries() || r.wastedShare() < config.minWastedShare()) {
      return Optional.empty();
    }
    return Optional.of(NdotsFindings.draft(r, config));
  }

  /** The numbers of a closed window; null when it holds no header (nothing was counted). */
  Report analyze(WindowedEntries.Closed<NdotsEntry> closed) {
    WindowHeader header = null;
    Map<String, ResolverProfile> profiles = new TreeMap<>();
    Map<String, List<NameCount>> names = new TreeMap<>();
    List<PodCount> pods = new ArrayList<>();
    List<ServerCount> servers = new ArrayList<>();
    for (NdotsEntry e : closed.entries().values()) {
      Object v = e.getEntry();
      if (v instanceof WindowHeader h) {
        header = h;
      } else if (v instanceof NameCount n) {
        names.computeIfAbsent(n.getProfile(), k -> new ArrayList<>()).add(n);
      } else if (v instanceof PodCount p) {
        pods.add(p);
      } else if (v instanceof ServerCount s) {
        servers.add(s);
      }
    }
    closed.entries().forEach((k, e) -> {
      if (k.startsWith("R|") && e.getEntry() instanceof ResolverProfile p) {
        profiles.put(k.substring(2), p);
      }
    });
    if (header == null) {
      return null;
    }
    List<ProfileReport> reports = new ArrayList<>();
    long wasted = header.getOverflowWasted();
    Map<String, long[]> byQtype = new TreeMap<>();
    for (Map.Entry<String, ResolverProfile> p : profiles.entrySet()) {
      ProfileReport pr = profile(p.getKey(), p.getValue(), names.getOrDefault(p.getKey(), List.of()));
      reports.add(pr);
      wasted += pr.wasted();
      pr.byQtype().forEach((t, c) -> {
        long[] sum = byQtype.computeIfAbsent(t, k -> new long[2]);
        sum[0] += c[0];
        sum[1] += c[1];
      });
    }
    if (reports.isEmpty()) {
      return null;
    }
    pods.sort(Comparator.comparing(p -> p.getPod().getName()));
    servers.sort(Comparator.comparingLong(ServerCount::getQueries).reversed()
        .thenComparing(s -> s.getServer().getIp()));
    return new Report(closed.subject(), closed.windowStart(), closed.windowEnd(), header, pods, servers, reports,
        header.getQueries(), wasted, byQtype);
  }

  private ProfileReport profile(String id, ResolverProfile profile, List<NameCount> names) {
    ObservedAnswers answers = new ObservedAnswers();
    for (NameCount n : names) {
      answers.add(n.getQname(), n.getQtype(), new ObservedAnswers.Counts(n.getQueries(), n.getAnswered(),
          n.getNodata(), n.getNxdomain(), n.getFailed(), n.getFirstSeen()));
    }
    SearchPath known = new SearchPath(profile.getNdots(), profile.getSearches());
    List<String> learned = config.learnSuffixes() ? learner.learn(known, answers) : List.of();
    List<String> all = new ArrayList<>(known.searches());
    all.addAll(learned);
    SearchPath effective = new SearchPath(profile.getNdots(), all);
    long queries = 0;
    long wasted = 0;
    Map<String, long[]> byQtype = new LinkedHashMap<>();
    for (NameCount n : names) {
      long[] c = byQtype.computeIfAbsent(n.getQtype(), k -> new long[2]);
      c[0] += n.getQueries();
      queries += n.getQueries();
      if (effective.isExpansion(n.getQname())) {
        c[1] += n.getNxdomain();
        wasted += n.getNxdomain();
      }
    }
    return new ProfileReport(id, profile, effective, learned, answers, queries, wasted, byQtype,
        memoize(() -> recommender.plan(effective, answers, config.window(), config.topNames())));
  }

  private static <T> Supplier<T> memoize(Supplier<T> compute) {
    return new Supplier<>() {
      private T value;

      @Override
      public T get() {
        if (value == null) {
          value = compute.get();
        }
        return value;
      }
    };
  }
}
