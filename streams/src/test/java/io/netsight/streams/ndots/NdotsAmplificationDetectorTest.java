package io.netsight.streams.ndots;

import static io.netsight.streams.testing.DnsTraffic.deploymentPod;
import static io.netsight.streams.testing.DnsTraffic.lookup;
import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.schema.v1.Attribution;
import io.netsight.schema.v1.AttributionStatus;
import io.netsight.schema.v1.EnrichedDnsTransaction;
import io.netsight.schema.v1.Finding;
import io.netsight.schema.v1.FindingStatus;
import io.netsight.schema.v1.FindingSubject;
import io.netsight.schema.v1.FindingType;
import io.netsight.schema.v1.IpBinding;
import io.netsight.schema.v1.SubjectKind;
import io.netsight.streams.testing.DetectorHarness;
import io.netsight.streams.testing.DnsTraffic;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ndots detector as it runs in {@code netsight streams}: the production topology in a TopologyTestDriver, fed
 * enriched DNS transactions made by a glibc-like resolver ({@link DnsTraffic#lookup}), asserting the findings a
 * person would read.
 */
class NdotsAmplificationDetectorTest {

  /** A minute boundary, so the first window is [T0, T0 + 1 min). */
  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  /** Stream time at which the first window (1 min, grace 30 s) has closed. */
  static final Instant FIRST_WINDOW_CLOSED = T0.plusSeconds(90);

  static final IpBinding WEB = deploymentPod("default", "web", "web-7d9c5b6f4-x2x9q", "10.244.1.7", "node-a");
  static final Set<String> EXTERNAL = Set.of("api.example.com");

  @TempDir
  Path stateDir;
  DetectorHarness harness;

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  DetectorHarness start(String... config) {
    harness = new DetectorHarness(stateDir, DetectorHarness.config(config));
    return harness;
  }

  @Test
  void glibcEightQueryPatternIsOneFindingWithTheComputedFix() {
    start(NdotsConfig.MIN_WASTED_QUERIES, "1");

    harness.send(lookup(WEB, T0.plusSeconds(5), "api.example.com", EXTERNAL, EXTERNAL));
    harness.advanceTo(FIRST_WINDOW_CLOSED);

    List<Finding> findings = harness.findings();
    assertThat(findings).hasSize(1);
    Finding f = findings.get(0);
    assertThat(f.getType()).isEqualTo(FindingType.NDOTS_AMPLIFICATION);
    assertThat(f.getSubject().getKind()).isEqualTo(SubjectKind.WORKLOAD);
    assertThat(f.getSubject().getNamespace()).isEqualTo("default");
    assertThat(f.getSubject().getName()).isEqualTo("web");
    assertThat(f.getSubject().getWorkload().getKind()).isEqualTo("Deployment");
    assertThat(f.getSubject().getNode()).isEqualTo("node-a");
    assertThat(f.getAffected()).extracting(FindingSubject::getName).containsExactly("web-7d9c5b6f4-x2x9q");
    assertThat(f.getPeer().getName()).isEqualTo("kube-dns");
    assertThat(f.getPeer().getKind()).isEqualTo(SubjectKind.SERVICE);
    assertThat(f.getMetrics()).containsEntry("queries", 8.0).containsEntry("wasted", 6.0)
        .containsEntry("amplification", 4.0).containsEntry("queries.A", 4.0).containsEntry("wasted.AAAA", 3.0)
        .containsEntry("currentNdots", 5.0).containsEntry("recommendedNdots", 1.0)
        .containsEntry("savedQueriesPerMinute", 6.0).containsEntry("trailingDotSavedQueriesPerMinute", 6.0);
    assertThat(f.getSummary()).isEqualTo("Deployment default/web: 6 of 8 DNS queries (75%) were NXDOMAIN "
        + "search-path expansions (x4.0 amplification), 1 pod; ndots:1 would save 6 queries/min");
    assertThat(f.getRecommendation())
        .startsWith("Set ndots:1 for Deployment default/web (now ndots:5): the lookups seen would take 2 "
            + "queries/min instead of 8, saving 6 queries/min (75%).")
        .contains("spec:\n  template:\n    spec:\n      dnsConfig:\n        options:\n          - name: ndots\n"
            + "            value: \"1\"")
        .contains("Or keep ndots and end these names with a dot in the client's configuration: "
            + "api.example.com. (6/min)");
    assertThat(f.getEvidence()).hasSize(1);
    assertThat(f.getEvidence().get(0).getMessage()).isEqualTo("api.example.com (A, AAAA): 3 search expansion(s) "
        + "NXDOMAIN (api.example.com.default.svc.cluster.local, api.example.com.svc.cluster.local, "
        + "api.example.com.cluster.local), then resolved as the absolute name; 8 queries per lookup, 1 lookup(s)");
    assertThat(f.getRunbook()).isEqualTo("docs/runbooks/ndots-amplification.md");
    assertThat(f.getStatus()).isEqualTo(FindingStatus.OPEN);
    assertThat(f.getRevision()).isEqualTo(1);
    assertThat(f.getFindingId()).isEqualTo("ndots/default/Deployment/web/" + T0.getEpochSecond());
    assertThat(f.getWindowStart()).isEqualTo(T0);
    assertThat(f.getWindowEnd()).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void ndotsOneAndTrailingDotTrafficWasteNothing() {
    start(NdotsConfig.MIN_WASTED_QUERIES, "1");
    IpBinding tuned = DnsTraffic.pod("shop", "Deployment", "cart", "cart-1", "10.244.2.8", "node-b", 1,
        List.of("shop.svc.cluster.local", "svc.cluster.local", "cluster.local"));
    IpBinding dotted = deploymentPod("shop", "payments", "payments-1", "10.244.2.9", "node-b");
    List<EnrichedDnsTransaction> traffic = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      traffic.addAll(lookup(tuned, T0.plusSeconds(i), "api.example.com", EXTERNAL, EXTERNAL));
      traffic.addAll(lookup(dotted, T0.plusSeconds(i), "api.example.com.", EXTERNAL, EXTERNAL));
    }
    harness.send(traffic);
    harness.advanceTo(FIRST_WINDOW_CLOSED);

    assertThat(harness.findings()).isEmpty();
  }

  @Test
  void shortNameResolvedThroughTheFirstSearchSuffixIsNoWaste() {
    start(NdotsConfig.MIN_WASTED_QUERIES, "1");
    List<EnrichedDnsTransaction> traffic = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      traffic.addAll(lookup(WEB, T0.plusSeconds(i), "my-svc", Set.of("my-svc.default.svc.cluster.local"),
          Set.of()));
    }
    harness.send(traffic);
    harness.advanceTo(FIRST_WINDOW_CLOSED);

    assertThat(traffic).hasSize(60);
    assertThat(harness.findings()).isEmpty();
  }

  @Test
  void nameInAnotherNamespaceNeedsNdotsTwoAndItsFqdn() {
    start();
    IpBinding frontend = deploymentPod("web", "frontend", "frontend-1", "10.244.3.3", "node-c");
    Set<String> existing = Set.of("orders.billing.svc.cluster.local", "api.example.com");
    List<EnrichedDnsTransaction> traffic = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      traffic.addAll(lookup(frontend, T0.plusSeconds(10 * i), "orders.billing", existing, Set.of()));
      traffic.addAll(lookup(frontend, T0.plusSeconds(10 * i + 1), "api.example.com", existing, EXTERNAL));
    }
    harness.send(traffic);
    harness.advanceTo(FIRST_WINDOW_CLOSED);

    Finding f = single(harness.findings());
    assertThat(f.getSubject().getName()).isEqualTo("frontend");
    assertThat(f.getMetrics()).containsEntry("queries", 36.0).containsEntry("wasted", 24.0)
        .containsEntry("minSafeNdots", 2.0).containsEntry("recommendedNdots", 2.0)
        .containsEntry("replayQueriesRecommended", 18.0).containsEntry("savedQueriesPerMinute", 18.0);
    assertThat(f.getRecommendation())
        .startsWith("Set ndots:2 for Deployment web/frontend (now ndots:5)")
        .contains("ndots:2 is the lowest that still sends orders.billing (resolved through the search list) to the "
            + "search list first")
        .contains("value: \"2\"")
        .contains("orders.billing -> orders.billing.svc.cluster.local. (saves 6/min)")
        .doesNotContain("ndots:1");
  }

  @Test
  void severalPodsOfOneDeploymentAreOneFindingListingThePods() {
    start();
    List<IpBinding> pods = List.of(
        deploymentPod("shop", "checkout", "checkout-6b7c9-aaaaa", "10.244.1.21", "node-a"),
        deploymentPod("shop", "checkout", "checkout-6b7c9-bbbbb", "10.244.2.22", "node-b"),
        deploymentPod("shop", "checkout", "checkout-6b7c9-ccccc", "10.244.2.23", "node-b"));
    List<EnrichedDnsTransaction> traffic = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      for (IpBinding p : pods) {
        traffic.addAll(lookup(p, T0.plusSeconds(i), "api.example.com", EXTERNAL, EXTERNAL));
      }
    }
    harness.send(traffic);
    harness.advanceTo(FIRST_WINDOW_CLOSED);

    Finding f = single(harness.findings());
    assertThat(f.getSubject().getKind()).isEqualTo(SubjectKind.WORKLOAD);
    assertThat(f.getSubject().getName()).isEqualTo("checkout");
    assertThat(f.getSubject().getNode()).isNull();
    assertThat(f.getNode()).isNull();
    assertThat(f.getAffected()).extracting(FindingSubject::getName)
        .containsExactly("checkout-6b7c9-aaaaa", "checkout-6b7c9-bbbbb", "checkout-6b7c9-ccccc");
    assertThat(f.getAffected()).extracting(FindingSubject::getNode).containsExactly("node-a", "node-b", "node-b");
    assertThat(f.getMetrics()).containsEntry("pods", 3.0).containsEntry("queries", 120.0)
        .containsEntry("wasted", 90.0).containsEntry("amplification", 4.0);
    assertThat(f.getSummary()).startsWith("Deployment shop/checkout: 90 of 120 DNS queries (75%)").contains("3 pods");
  }

  @Test
  void episodeOpensUpdatesAndResolvesAfterQuietWindows() {
    start(NdotsConfig.MIN_WASTED_QUERIES, "1");
    String id = "ndots/default/Deployment/web/" + T0.getEpochSecond();

    // Window 0 and window 1 waste queries.
    harness.send(lookup(WEB, T0.plusSeconds(5), "api.example.com", EXTERNAL, EXTERNAL));
    harness.advanceTo(FIRST_WINDOW_CLOSED);
    harness.send(lookup(WEB, T0.plusSeconds(95), "api.example.com", EXTERNAL, EXTERNAL));
    harness.advanceTo(T0.plusSeconds(150));

    List<Finding> open = harness.findings();
    assertThat(open).extracting(Finding::getFindingId).containsExactly(id, id);
    assertThat(open).extracting(Finding::getRevision).containsExactly(1, 2);
    assertThat(open).extracting(Finding::getStatus).containsOnly(FindingStatus.OPEN);
    Finding second = open.get(1);
    assertThat(second.getFirstSeen()).isEqualTo(T0);
    assertThat(second.getLastSeen()).isEqualTo(T0.plusSeconds(120));
    assertThat(second.getWindowsCounted()).isEqualTo(2);
    assertThat(second.getWindowStart()).isEqualTo(T0.plusSeconds(60));

    // Then quiet: resolved once the fifth quiet window [T0+6m, T0+7m) has closed (at T0+7m30s), not before.
    for (Instant t = T0.plusSeconds(180); t.isBefore(T0.plusSeconds(450)); t = t.plusSeconds(30)) {
      harness.advanceTo(t);
    }
    harness.advanceTo(T0.plusSeconds(449));
    assertThat(harness.findings()).isEmpty();
    harness.advanceTo(T0.plusSeconds(450));
    Finding resolved = single(harness.findings());
    assertThat(resolved.getFindingId()).isEqualTo(id);
    assertThat(resolved.getStatus()).isEqualTo(FindingStatus.RESOLVED);
    assertThat(resolved.getRevision()).isEqualTo(3);
    assertThat(resolved.getResolvedAt()).isEqualTo(T0.plus(Duration.ofMinutes(7)));
    assertThat(resolved.getLastSeen()).isEqualTo(T0.plusSeconds(120));
    assertThat(resolved.getWindowsCounted()).isEqualTo(2);
    assertThat(resolved.getSummary()).startsWith("RESOLVED after 5 quiet windows: Deployment default/web");

    // The same waste later is a new episode.
    harness.send(lookup(WEB, T0.plus(Duration.ofMinutes(10)), "api.example.com", EXTERNAL, EXTERNAL));
    harness.advanceTo(T0.plus(Duration.ofMinutes(11)).plusSeconds(30));
    Finding reopened = single(harness.findings());
    assertThat(reopened.getFindingId()).isEqualTo("ndots/default/Deployment/web/"
        + T0.plus(Duration.ofMinutes(10)).getEpochSecond());
    assertThat(reopened.getRevision()).isEqualTo(1);
    assertThat(reopened.getStatus()).isEqualTo(FindingStatus.OPEN);
  }

  @Test
  void windowBelowTheThresholdsKeepsTheEpisodeCountingTowardsResolution() {
    start(NdotsConfig.MIN_WASTED_QUERIES, "6");
    harness.send(lookup(WEB, T0.plusSeconds(5), "api.example.com", EXTERNAL, EXTERNAL));
    harness.advanceTo(FIRST_WINDOW_CLOSED);
    assertThat(single(harness.findings()).getRevision()).isEqualTo(1);

    // 4 wasted queries of 6 in window 1: below min-wasted-queries, so the window is quiet.
    harness.send(lookup(WEB, T0.plusSeconds(70), "kafka", Set.of("kafka.cluster.local"), Set.of()));
    harness.advanceTo(T0.plusSeconds(150));
    assertThat(harness.findings()).isEmpty();
    harness.advanceTo(T0.plusSeconds(60 * 6 + 30));
    assertThat(single(harness.findings()).getStatus()).isEqualTo(FindingStatus.RESOLVED);
  }

  @Test
  void nameThatNeverResolvesIsReportedAsAClientBugNotFixedByNdots() {
    start(NdotsConfig.MIN_WASTED_QUERIES, "1");
    harness.send(lookup(WEB, T0.plusSeconds(5), "kafka.prod", Set.of(), Set.of()));
    harness.advanceTo(FIRST_WINDOW_CLOSED);

    Finding f = single(harness.findings());
    assertThat(f.getMetrics()).containsEntry("queries", 8.0).containsEntry("wasted", 6.0)
        .containsEntry("neverResolvingNames", 1.0).containsEntry("recommendedNdots", 5.0)
        .containsEntry("savedQueriesPerMinute", 0.0);
    assertThat(f.getEvidence().get(0).getAttributes()).containsEntry("outcome", "NEVER_RESOLVES")
        .containsEntry("base", "kafka.prod");
    assertThat(f.getRecommendation())
        .startsWith("Lowering ndots (now 5) would not reduce these lookups.")
        .contains("Not fixed by any ndots: kafka.prod never resolve(s)")
        .doesNotContain("Set ndots");
    assertThat(f.getSummary()).endsWith("; names that never resolve: kafka.prod");
  }

  @Test
  void hostSearchDomainMissingFromTheBindingIsLearnedFromTheResolverOrder() {
    start(NdotsConfig.MIN_WASTED_QUERIES, "1");
    IpBinding onNode = DnsTraffic.pod("default", "Deployment", "web", "web-1", "10.244.1.8", "node-a", 5,
        List.of("default.svc.cluster.local", "svc.cluster.local", "cluster.local", "ec2.internal"));
    IpBinding asPublished = deploymentPod("default", "web", "web-1", "10.244.1.8", "node-a");
    harness.send(lookup(onNode, T0.plusSeconds(5), "api.example.com", EXTERNAL, EXTERNAL).stream()
        .map(t -> EnrichedDnsTransaction.newBuilder(t).setClient(new Attribution("10.244.1.8",
            AttributionStatus.ATTRIBUTED, asPublished, List.of())).build())
        .toList());
    harness.advanceTo(FIRST_WINDOW_CLOSED);

    Finding f = single(harness.findings());
    assertThat(f.getMetrics()).containsEntry("queries", 10.0).containsEntry("wasted", 8.0)
        .containsEntry("amplification", 5.0).containsEntry("learnedSuffixes", 1.0);
    assertThat(f.getLabels()).containsEntry("learnedSearchSuffixes", "ec2.internal");
    assertThat(f.getRecommendation()).contains("instead of 10, saving 8 queries/min");
  }

  @Test
  void configuredHostSearchDomainCountsWithoutLearning() {
    start(NdotsConfig.MIN_WASTED_QUERIES, "1", NdotsConfig.LEARN_SUFFIXES, "false",
        NdotsConfig.HOST_SEARCH_DOMAINS, "ec2.internal");
    IpBinding onNode = DnsTraffic.pod("default", "Deployment", "web", "web-1", "10.244.1.8", "node-a", 5,
        List.of("default.svc.cluster.local", "svc.cluster.local", "cluster.local", "ec2.internal"));
    IpBinding asPublished = deploymentPod("default", "web", "web-1", "10.244.1.8", "node-a");
    harness.send(lookup(onNode, T0.plusSeconds(5), "api.example.com", EXTERNAL, EXTERNAL).stream()
        .map(t -> EnrichedDnsTransaction.newBuilder(t).setClient(new Attribution("10.244.1.8",
            AttributionStatus.ATTRIBUTED, asPublished, List.of())).build())
        .toList());
    harness.advanceTo(FIRST_WINDOW_CLOSED);

    Finding f = single(harness.findings());
    assertThat(f.getMetrics()).containsEntry("wasted", 8.0).containsEntry("learnedSuffixes", 0.0);
  }

  @Test
  void unattributedClientsAreSkippedAndCounted() {
    start(NdotsConfig.MIN_WASTED_QUERIES, "1");
    harness.send(lookup(WEB, T0.plusSeconds(5), "api.example.com", EXTERNAL, EXTERNAL).stream()
        .map(t -> EnrichedDnsTransaction.newBuilder(t)
            .setClient(new Attribution("10.244.1.7", AttributionStatus.UNATTRIBUTED, null, List.of())).build())
        .toList());
    harness.advanceTo(FIRST_WINDOW_CLOSED);

    assertThat(harness.findings()).isEmpty();
    assertThat(metric("skipped-unattributed-total")).isEqualTo(8.0);
  }

  @Test
  void aStreamTimeTickClosesTheLastWindowOfAFiniteReplayWithoutBeingCounted() {
    start(NdotsConfig.MIN_WASTED_QUERIES, "1");
    harness.send(lookup(WEB, T0.plusSeconds(5), "api.example.com", EXTERNAL, EXTERNAL));
    // What netsight analyze appends after the last capture: an unattributed record from the reserved tick node.
    io.netsight.schema.v1.DnsTransaction tick = io.netsight.schema.StreamTicks.dns(FIRST_WINDOW_CLOSED);
    harness.send(List.of(EnrichedDnsTransaction.newBuilder().setTransaction(tick)
        .setClient(new Attribution(tick.getClientIp(), AttributionStatus.UNATTRIBUTED, null, List.of()))
        .setServer(new Attribution(tick.getServerIp(), AttributionStatus.UNATTRIBUTED, null, List.of()))
        .build()));

    Finding f = single(harness.findings());
    assertThat(f.getMetrics()).containsEntry("queries", 8.0).containsEntry("wasted", 6.0);
    assertThat(f.getStatus()).isEqualTo(FindingStatus.OPEN);
    assertThat(metric("skipped-unattributed-total")).isZero();
  }

  @Test
  void lateRecordsBeyondGraceAreDroppedAndCounted() {
    start(NdotsConfig.MIN_WASTED_QUERIES, "1");
    harness.advanceTo(FIRST_WINDOW_CLOSED);
    harness.send(lookup(WEB, T0.plusSeconds(5), "api.example.com", EXTERNAL, EXTERNAL));
    harness.advanceTo(T0.plusSeconds(300));

    assertThat(harness.findings()).isEmpty();
    assertThat(metric("late-dropped-total")).isEqualTo(8.0);
  }

  @Test
  void replayingTheSameInputGivesTheSameFindings(@TempDir Path otherStateDir) {
    List<EnrichedDnsTransaction> traffic = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      traffic.addAll(lookup(WEB, T0.plusSeconds(50L * i), "api.example.com", EXTERNAL, EXTERNAL));
    }
    List<Finding> first = run(stateDir, traffic);
    List<Finding> second = run(otherStateDir, traffic);

    assertThat(first).extracting(Finding::getStatus).containsExactly(FindingStatus.OPEN, FindingStatus.OPEN,
        FindingStatus.OPEN, FindingStatus.RESOLVED);
    assertThat(first).isEqualTo(second);
  }

  private static List<Finding> run(Path dir, List<EnrichedDnsTransaction> traffic) {
    try (DetectorHarness h = new DetectorHarness(dir, DetectorHarness.config(NdotsConfig.MIN_WASTED_QUERIES, "1"))) {
      h.send(traffic);
      h.advanceTo(T0.plusSeconds(600));
      return h.findings();
    }
  }

  private double metric(String name) {
    for (Map.Entry<MetricName, ? extends Metric> e : harness.driver.metrics().entrySet()) {
      if (e.getKey().name().equals(name) && e.getKey().group().equals("stream-netsight-detect-metrics")) {
        return ((Number) e.getValue().metricValue()).doubleValue();
      }
    }
    throw new AssertionError("no metric " + name);
  }

  private static Finding single(List<Finding> findings) {
    assertThat(findings).hasSize(1);
    return findings.get(0);
  }
}
