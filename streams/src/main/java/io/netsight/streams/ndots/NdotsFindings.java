package io.netsight.streams.ndots;

import io.netsight.schema.Micros;
import io.netsight.schema.v1.Evidence;
import io.netsight.schema.v1.Finding;
import io.netsight.schema.v1.FindingStatus;
import io.netsight.schema.v1.FindingSubject;
import io.netsight.schema.v1.FindingType;
import io.netsight.schema.v1.Severity;
import io.netsight.schema.v1.SubjectKind;
import io.netsight.schema.v1.Workload;
import io.netsight.streams.ndots.NdotsRecommender.Lookup;
import io.netsight.streams.ndots.NdotsRecommender.NameFix;
import io.netsight.streams.ndots.NdotsRecommender.Outcome;
import io.netsight.streams.ndots.NdotsRecommender.Plan;
import io.netsight.streams.ndots.NdotsWindowAnalysis.ProfileReport;
import io.netsight.streams.ndots.NdotsWindowAnalysis.Report;
import io.netsight.streams.ndots.state.PodCount;
import io.netsight.streams.ndots.state.PodRef;
import io.netsight.streams.ndots.state.ServerRef;
import io.netsight.streams.ndots.state.WindowHeader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Writes a window's report as a draft {@code Finding}: subject, numbers, evidence, summary and the computed fix. */
final class NdotsFindings {

  static final String RUNBOOK = "docs/runbooks/ndots-amplification.md";

  private NdotsFindings() {
  }

  static Finding draft(Report r, NdotsConfig config) {
    ProfileReport dominant = r.dominant();
    Plan plan = dominant.plan();
    WindowHeader h = r.header();
    Set<String> nodes = r.pods().stream().map(p -> p.getPod().getNode()).filter(n -> n != null)
        .collect(Collectors.toCollection(TreeSet::new));
    String node = nodes.size() == 1 ? nodes.iterator().next() : null;
    Instant start = Instant.ofEpochMilli(r.windowStart());
    Instant end = Instant.ofEpochMilli(r.windowEnd());
    double minutes = config.window().toMillis() / 60_000.0;

    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("queries", (double) r.queries());
    metrics.put("wasted", (double) r.wasted());
    metrics.put("wastedShare", round(r.wastedShare()));
    metrics.put("amplification", round(r.amplification()));
    metrics.put("queriesPerMinute", round(r.queries() / minutes));
    metrics.put("wastedPerMinute", round(r.wasted() / minutes));
    r.byQtype().forEach((t, c) -> {
      metrics.put("queries." + t, (double) c[0]);
      metrics.put("wasted." + t, (double) c[1]);
    });
    metrics.put("pods", (double) (h.getPods() + (h.getUntrackedPodQueries() > 0 ? 1 : 0)));
    metrics.put("baseNames", (double) plan.lookups().stream().map(Lookup::base).distinct().count());
    metrics.put("neverResolvingNames", (double) plan.neverResolves().stream().map(Lookup::base).distinct().count());
    metrics.put("incompleteLookups", (double) plan.incompleteLookups());
    metrics.put("currentNdots", (double) plan.currentNdots());
    metrics.put("minSafeNdots", (double) plan.minSafeNdots());
    metrics.put("recommendedNdots", (double) plan.recommendedNdots());
    metrics.put("replayQueriesCurrent", (double) plan.queriesNow());
    metrics.put("replayQueriesRecommended", (double) plan.queriesRecommended());
    metrics.put("savedQueriesPerMinute", round(plan.savedPerMinute()));
    metrics.put("trailingDotSavedQueriesPerMinute", round(plan.trailingDotSavedPerMinute()));
    metrics.put("learnedSuffixes", (double) dominant.learned().size());
    if (h.getOverflowQueries() > 0) {
      metrics.put("overflowQueries", (double) h.getOverflowQueries());
    }
    if (r.profiles().size() > 1) {
      metrics.put("resolverProfiles", (double) r.profiles().size());
    }

    Map<String, String> labels = new TreeMap<>();
    labels.put("dnsSettings", dominant.profile().getAssumed() ? "assumed-kubelet-default" : "pod");
    labels.put("dnsPolicy", dominant.profile().getDnsPolicy());
    labels.put("recommendedNdots", Integer.toString(plan.recommendedNdots()));
    labels.put("qtypes", String.join(",", r.byQtype().keySet()));
    if (!dominant.learned().isEmpty()) {
      labels.put("learnedSearchSuffixes", String.join(",", dominant.learned()));
    }

    String who = who(h);
    return Finding.newBuilder()
        .setFindingId("")
        .setType(FindingType.NDOTS_AMPLIFICATION)
        .setDetector(NdotsConfig.NAME)
        .setSeverity(severity(r, config))
        .setStatus(FindingStatus.OPEN)
        .setRevision(0)
        .setTimestamp(end)
        .setNode(node)
        .setFirstSeen(start)
        .setLastSeen(end)
        .setWindowStart(start)
        .setWindowEnd(end)
        .setWindowsCounted(0)
        .setResolvedAt(null)
        .setSubject(subject(h, r.pods(), node))
        .setPeer(peer(r))
        .setAffected(r.pods().stream().map(NdotsFindings::pod).toList())
        .setMetrics(metrics)
        .setEvidence(evidence(r, dominant, config.evidenceSamples()))
        .setSummary(summary(who, r, plan))
        .setRecommendation(recommendation(who, h, dominant, minutes))
        .setRunbook(RUNBOOK)
        .setLabels(labels)
        .build();
  }

  static Severity severity(Report r, NdotsConfig config) {
    double perSecond = r.wasted() / (config.window().toMillis() / 1000.0);
    if (perSecond >= config.highWastedPerSec()) {
      return Severity.HIGH;
    }
    return perSecond >= config.mediumWastedPerSec() ? Severity.MEDIUM : Severity.LOW;
  }

  private static String who(WindowHeader h) {
    return (h.getWorkloadKind() != null ? h.getWorkloadKind() : "Pod") + " " + h.getNamespace() + "/" + h.getName();
  }

  private static FindingSubject subject(WindowHeader h, List<PodCount> pods, String node) {
    if ("WORKLOAD".equals(h.getSubjectKind())) {
      return FindingSubject.newBuilder().setKind(SubjectKind.WORKLOAD).setNamespace(h.getNamespace())
          .setName(h.getName()).setWorkload(new Workload(h.getWorkloadKind(), h.getName())).setNode(node).build();
    }
    PodRef p = pods.isEmpty() ? null : pods.get(0).getPod();
    return FindingSubject.newBuilder().setKind(SubjectKind.POD).setNamespace(h.getNamespace()).setName(h.getName())
        .setUid(p == null ? null : p.getUid()).setNode(node).setIp(p == null ? null : p.getIp()).build();
  }

  private static FindingSubject pod(PodCount c) {
    PodRef p = c.getPod();
    return FindingSubject.newBuilder().setKind(SubjectKind.POD).setNamespace(p.getNamespace()).setName(p.getName())
        .setUid(p.getUid())
        .setWorkload(p.getWorkloadKind() == null ? null : new Workload(p.getWorkloadKind(), p.getWorkloadName()))
        .setNode(p.getNode()).setIp(p.getIp()).build();
  }

  private static FindingSubject peer(Report r) {
    if (r.servers().isEmpty()) {
      return null;
    }
    ServerRef s = r.servers().get(0).getServer();
    SubjectKind kind = switch (s.getKind()) {
      case "SERVICE" -> SubjectKind.SERVICE;
      case "POD" -> SubjectKind.POD;
      case "NODE" -> SubjectKind.NODE;
      default -> SubjectKind.EXTERNAL;
    };
    return FindingSubject.newBuilder().setKind(kind).setNamespace(s.getNamespace()).setName(s.getName())
        .setIp(s.getIp()).build();
  }

  static String summary(String who, Report r, Plan plan) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "%s: %d of %d DNS queries (%d%%) were NXDOMAIN search-path expansions (x%.1f amplification), %d pod%s",
        who, r.wasted(), r.queries(), Math.round(100 * r.wastedShare()), r.amplification(),
        r.header().getPods(), r.header().getPods() == 1 ? "" : "s"));
    if (plan.recommendedNdots() < plan.currentNdots() && plan.savedPerMinute() > 0) {
      sb.append(String.format(Locale.ROOT, "; ndots:%d would save %s queries/min", plan.recommendedNdots(),
          fmt(plan.savedPerMinute())));
    } else if (!plan.neverResolves().isEmpty()) {
      sb.append("; names that never resolve: ").append(plan.neverResolves().get(0).base());
    } else if (!plan.fqdn().isEmpty()) {
      sb.append("; write FQDNs for names found through later search suffixes");
    }
    return sb.toString();
  }

  static String recommendation(String who, WindowHeader h, ProfileReport profile, double minutes) {
    Plan plan = profile.plan();
    List<String> lines = new ArrayList<>();
    boolean lower = plan.recommendedNdots() < plan.currentNdots() && plan.savedPerMinute() > 0;
    if (lower) {
      long now = plan.queriesNow();
      long then = plan.queriesRecommended();
      lines.add(String.format(Locale.ROOT,
          "Set ndots:%d for %s (now ndots:%d): the lookups seen would take %s queries/min instead of %s, saving %s "
              + "queries/min (%d%%).", plan.recommendedNdots(), who, plan.currentNdots(), fmt(then / minutes),
          fmt(now / minutes), fmt(plan.savedPerMinute()), Math.round(100.0 * (now - then) / Math.max(1, now))));
      if (plan.safetyName() != null) {
        lines.add(String.format(Locale.ROOT,
            "ndots:%d is the lowest that still sends %s (resolved through the search list) to the search list "
                + "first; writing it as a fully qualified name with a trailing dot would allow a lower value.",
            plan.minSafeNdots(), plan.safetyName()));
      }
      lines.add("Pod template dnsConfig (" + templatePath(h.getWorkloadKind()) + "):");
      lines.add(yaml(h.getWorkloadKind(), plan.recommendedNdots()));
      if ("None".equals(profile.profile().getDnsPolicy())) {
        lines.add("dnsPolicy is None: keep the existing nameservers and searches in dnsConfig.");
      }
    } else if (plan.currentNdots() > 1) {
      lines.add(String.format(Locale.ROOT, "Lowering ndots (now %d) would not reduce these lookups%s.",
          plan.currentNdots(), plan.minSafeNdots() >= plan.currentNdots() && plan.safetyName() != null
              ? ": " + plan.safetyName() + " needs ndots:" + plan.minSafeNdots() + " to reach the search list first"
              : ""));
    }
    if (!plan.trailingDot().isEmpty()) {
      lines.add(String.format(Locale.ROOT, "%s end these names with a dot in the client's configuration: %s "
              + "(saves %s queries/min in all).", lower ? "Or keep ndots and" : "Without changing ndots,",
          fixes(plan.trailingDot()), fmt(plan.trailingDotSavedPerMinute())));
    }
    if (!plan.fqdn().isEmpty()) {
      lines.add("Found only through a later search suffix, so no ndots value helps; write them as FQDNs: "
          + plan.fqdn().stream().map(f -> f.name() + " -> " + f.writeAs() + " (saves " + fmt(f.savedPerMinute())
              + "/min)").collect(Collectors.joining(", ")) + ".");
    }
    if (!plan.neverResolves().isEmpty()) {
      lines.add("Not fixed by any ndots: " + String.join(", ", new TreeSet<>(plan.neverResolves().stream()
          .map(Lookup::base).toList())) + " never resolve(s): every name tried was NXDOMAIN. This is a client "
          + "configuration bug: fix or remove the name.");
    }
    if (lines.isEmpty()) {
      lines.add("Check the client's resolver settings (see the runbook).");
    }
    return String.join("\n", lines);
  }

  private static String fixes(List<NameFix> fixes) {
    return fixes.stream().map(f -> f.writeAs() + " (" + fmt(f.savedPerMinute()) + "/min)")
        .collect(Collectors.joining(", "));
  }

  static String templatePath(String workloadKind) {
    if (workloadKind == null || "Pod".equals(workloadKind)) {
      return "spec";
    }
    return "CronJob".equals(workloadKind) ? "spec.jobTemplate.spec.template.spec" : "spec.template.spec";
  }

  /** The dnsConfig snippet at the right depth for the workload's kind. */
  static String yaml(String workloadKind, int ndots) {
    List<String> path = new ArrayList<>(List.of(templatePath(workloadKind).split("\\.")));
    StringBuilder sb = new StringBuilder();
    String indent = "";
    for (String p : path) {
      sb.append(indent).append(p).append(":\n");
      indent += "  ";
    }
    sb.append(indent).append("dnsConfig:\n");
    sb.append(indent).append("  options:\n");
    sb.append(indent).append("    - name: ndots\n");
    sb.append(indent).append("      value: \"").append(ndots).append("\"");
    return sb.toString();
  }

  private static List<Evidence> evidence(Report r, ProfileReport profile, int max) {
    Plan plan = profile.plan();
    List<Evidence> out = new ArrayList<>();
    Map<String, List<Lookup>> byBase = new LinkedHashMap<>();
    plan.lookups().forEach(l -> byBase.computeIfAbsent(l.base(), k -> new ArrayList<>()).add(l));
    List<List<Lookup>> groups = new ArrayList<>(byBase.values());
    // Names that never resolve first (no ndots fixes them), then the names that waste most.
    groups.sort(Comparator.<List<Lookup>>comparingInt(g -> g.get(0).outcome() == Outcome.NEVER_RESOLVES ? 0 : 1)
        .thenComparing(Comparator.<List<Lookup>>comparingLong(NdotsFindings::wastedQueries).reversed())
        .thenComparing(g -> g.get(0).base()));
    for (List<Lookup> g : groups) {
      if (out.size() >= max || wastedQueries(g) == 0 && g.get(0).outcome() != Outcome.NEVER_RESOLVES) {
        break;
      }
      out.add(lookupEvidence(g));
    }
    if (!profile.learned().isEmpty() && out.size() < max) {
      out.add(Evidence.newBuilder().setTimestamp(Instant.ofEpochMilli(r.windowStart()))
          .setMessage("Search suffixes learned from the traffic (not in the pod's binding): "
              + String.join(", ", profile.learned()))
          .setAttributes(Map.of("learnedSearchSuffixes", String.join(",", profile.learned()),
              "searches", String.join(",", profile.effective().searches())))
          .build());
    }
    if (r.profiles().size() > 1 && out.size() < max) {
      out.add(Evidence.newBuilder().setTimestamp(Instant.ofEpochMilli(r.windowStart()))
          .setMessage(String.format(Locale.ROOT, "The pods use %d different resolver settings; the recommendation is "
              + "for ndots:%d with search %s, which wasted most", r.profiles().size(), profile.profile().getNdots(),
              String.join(" ", profile.effective().searches())))
          .setAttributes(Map.of("resolverProfiles", Integer.toString(r.profiles().size())))
          .build());
    }
    return out;
  }

  private static long wastedQueries(List<Lookup> g) {
    return g.stream().mapToLong(l -> l.lookups() * (l.queriesPerLookup() - (l.resolvedAs() == null ? 0 : 1))).sum();
  }

  private static Evidence lookupEvidence(List<Lookup> g) {
    Lookup l = g.get(0);
    String qtypes = g.stream().map(Lookup::qtype).collect(Collectors.joining(", "));
    long lookups = g.stream().mapToLong(Lookup::lookups).max().orElse(0);
    int perLookup = g.stream().mapToInt(Lookup::queriesPerLookup).sum();
    String message = switch (l.outcome()) {
      case NEVER_RESOLVES -> String.format(Locale.ROOT,
          "%s (%s) never resolves: %s all NXDOMAIN or failed; %d queries per lookup, %d lookup(s). A client "
              + "configuration bug; no ndots value fixes it", l.base(), qtypes, String.join(", ", l.tried()),
          perLookup, lookups);
      case ABSOLUTE -> String.format(Locale.ROOT,
          "%s (%s): %d search expansion(s) NXDOMAIN (%s), then resolved as the absolute name; %d queries per "
              + "lookup, %d lookup(s)", l.base(), qtypes, l.tried().size() - 1,
          String.join(", ", l.tried().subList(0, l.tried().size() - 1)), perLookup, lookups);
      default -> String.format(Locale.ROOT,
          "%s (%s): resolved as %s after %d NXDOMAIN expansion(s); %d queries per lookup, %d lookup(s)",
          l.base(), qtypes, l.resolvedAs(), l.tried().size() - 1, perLookup, lookups);
    };
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("base", l.base());
    attributes.put("qtypes", qtypes);
    attributes.put("tried", String.join(",", l.tried()));
    attributes.put("outcome", l.outcome().name());
    if (l.resolvedAs() != null) {
      attributes.put("resolvedAs", l.resolvedAs());
    }
    attributes.put("lookups", Long.toString(lookups));
    attributes.put("queriesPerLookup", Integer.toString(perLookup));
    attributes.put("wastedQueries", Long.toString(wastedQueries(g)));
    return Evidence.newBuilder().setTimestamp(Micros.toInstant(l.firstSeen())).setMessage(message).setAttributes(attributes)
        .build();
  }


  private static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }

  /** 4.0 -> "4.0", 6.0/min -> "6", 2.5 -> "2.5". */
  static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
