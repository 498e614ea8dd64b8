package io.netsight.streams.ndots;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.streams.ndots.NdotsRecommender.Outcome;
import io.netsight.streams.ndots.NdotsRecommender.Plan;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The computed recommendation on hand-made windows of traffic (glibc order, A and AAAA per name). */
class NdotsRecommenderTest {

  static final List<String> DEFAULT_NS = List.of("default.svc.cluster.local", "svc.cluster.local", "cluster.local");
  static final List<String> WEB_NS = List.of("web.svc.cluster.local", "svc.cluster.local", "cluster.local");
  static final NdotsRecommender RECOMMENDER = new NdotsRecommender("cluster.local", PublicTlds.iana());
  static final Duration MINUTE = Duration.ofMinutes(1);

  static Plan plan(ResolverWorld world, List<String> searches, int ndots, long lookups, String... names) {
    ObservedAnswers answers = world.observe(List.of(names), lookups, ndots, searches);
    return RECOMMENDER.plan(new SearchPath(ndots, searches), answers, MINUTE, 5);
  }

  @Test
  void externalNameNeedsOnlyNdotsOneOrATrailingDot() {
    Plan p = plan(new ResolverWorld(Set.of("api.example.com")), DEFAULT_NS, 5, 1, "api.example.com");

    assertThat(p.queriesNow()).isEqualTo(8);
    assertThat(p.recommendedNdots()).isEqualTo(1);
    assertThat(p.queriesRecommended()).isEqualTo(2);
    assertThat(p.savedPerMinute()).isEqualTo(6.0);
    assertThat(p.trailingDot()).singleElement().satisfies(f -> {
      assertThat(f.writeAs()).isEqualTo("api.example.com.");
      assertThat(f.savedQueries()).isEqualTo(6);
    });
    assertThat(p.lookups()).extracting(NdotsRecommender.Lookup::outcome).containsOnly(Outcome.ABSOLUTE);
  }

  @Test
  void ndotsTwoIsAsGoodAsOneForATwoDotNameSoOneIsRecommended() {
    Plan p = plan(new ResolverWorld(Set.of("api.example.com")), DEFAULT_NS, 5, 3, "api.example.com");

    assertThat(p.options().get("ndots:1").queries()).isEqualTo(p.options().get("ndots:2").queries()).isEqualTo(6);
    assertThat(p.options().get("ndots:3").queries()).isEqualTo(24);
    assertThat(p.recommendedNdots()).isEqualTo(1);
  }

  @Test
  void shortNameInTheOwnNamespaceWastesNothingAndAllowsNdotsOne() {
    Plan p = plan(new ResolverWorld(Set.of("my-svc.default.svc.cluster.local", "api.example.com")), DEFAULT_NS, 5,
        1, "my-svc", "api.example.com");

    assertThat(p.minSafeNdots()).isEqualTo(1);
    assertThat(p.recommendedNdots()).isEqualTo(1);
    assertThat(p.lookups()).filteredOn(l -> l.base().equals("my-svc"))
        .extracting(NdotsRecommender.Lookup::outcome).containsOnly(Outcome.FIRST_SEARCH_SUFFIX);
  }

  @Test
  void nameInAnotherNamespaceNeedsNdotsTwoAndIsBetterWrittenAsAnFqdn() {
    Plan p = plan(new ResolverWorld(Set.of("orders.billing.svc.cluster.local", "api.example.com")), WEB_NS, 5, 1,
        "orders.billing", "api.example.com");

    assertThat(p.minSafeNdots()).isEqualTo(2);
    assertThat(p.safetyName()).isEqualTo("orders.billing");
    assertThat(p.recommendedNdots()).isEqualTo(2);
    // ndots:1 would try orders.billing as an absolute name first (assumed NXDOMAIN: "billing" is no public TLD).
    assertThat(p.options().get("ndots:1").queries()).isEqualTo(8);
    assertThat(p.options().get("ndots:1").uncertain()).isFalse();
    assertThat(p.options().get("ndots:2").queries()).isEqualTo(6);
    assertThat(p.fqdn()).singleElement().satisfies(f -> {
      assertThat(f.name()).isEqualTo("orders.billing");
      assertThat(f.writeAs()).isEqualTo("orders.billing.svc.cluster.local.");
      assertThat(f.savedQueries()).isEqualTo(2);
    });
  }

  @Test
  void namespaceNamedLikeAPublicTldMakesLowerNdotsUncertain() {
    // Service "search" in namespace "app": with ndots:1, "search.app" would be asked of the internet first.
    Plan p = plan(new ResolverWorld(Set.of("search.app.svc.cluster.local")), WEB_NS, 5, 1, "search.app");

    assertThat(p.options().get("ndots:1").uncertain()).isTrue();
    assertThat(p.minSafeNdots()).isEqualTo(2);
    assertThat(p.recommendedNdots()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void nameThatNeverResolvesIsNotMistakenForTheFix() {
    Plan p = plan(new ResolverWorld(Set.of()), DEFAULT_NS, 5, 2, "kafka.prod");

    assertThat(p.neverResolves()).extracting(NdotsRecommender.Lookup::base).containsOnly("kafka.prod");
    assertThat(p.recommendedNdots()).isEqualTo(5);
    assertThat(p.savedPerMinute()).isZero();
    assertThat(p.trailingDot()).isEmpty();
  }

  @Test
  void lookupCutByTheWindowEdgeIsLeftOutOfTheReplay() {
    ObservedAnswers answers = new ObservedAnswers();
    // Only the tail of a walk: its first expansion fell into the previous window.
    answers.add("api.example.com.cluster.local", "A", new ObservedAnswers.Counts(1, 0, 0, 1, 0, 1));
    answers.add("api.example.com", "A", new ObservedAnswers.Counts(1, 1, 0, 0, 0, 2));

    Plan p = RECOMMENDER.plan(new SearchPath(5, DEFAULT_NS), answers, MINUTE, 5);

    assertThat(p.incompleteLookups()).isEqualTo(1);
    assertThat(p.neverResolves()).isEmpty();
  }

  @Test
  void fqdnWrittenWithoutTheTrailingDotIsOneWalkNotTwo() {
    Plan p = plan(new ResolverWorld(Set.of("my-svc.other.svc.cluster.local")), DEFAULT_NS, 5, 1,
        "my-svc.other.svc.cluster.local");

    assertThat(p.lookups()).extracting(NdotsRecommender.Lookup::base)
        .containsOnly("my-svc.other.svc.cluster.local");
    assertThat(p.queriesNow()).isEqualTo(8);
    assertThat(p.trailingDot()).extracting(NdotsRecommender.NameFix::writeAs)
        .containsExactly("my-svc.other.svc.cluster.local.");
  }

  @Test
  void candidatesFollowGlibcOrder() {
    assertThat(ResolverReplay.candidates("a.b", 1, List.of("x", "y"), false)).containsExactly("a.b", "a.b.x", "a.b.y");
    assertThat(ResolverReplay.candidates("a.b", 2, List.of("x", "y"), false)).containsExactly("a.b.x", "a.b.y", "a.b");
    assertThat(ResolverReplay.candidates("a.b", 2, List.of("x", "y"), true)).containsExactly("a.b");
  }

  @Test
  void hostSearchDomainIsLearnedFromItsResolverPosition() {
    List<String> onNode = List.of("default.svc.cluster.local", "svc.cluster.local", "cluster.local", "ec2.internal");
    ObservedAnswers answers = new ResolverWorld(Set.of("api.example.com"))
        .observe(List.of("api.example.com"), 1, 5, onNode);

    List<String> learned = new SuffixLearner("cluster.local", 2).learn(new SearchPath(5, DEFAULT_NS), answers);

    assertThat(learned).containsExactly("ec2.internal");
  }

  @Test
  void suffixIsNotLearnedFromANameTheClientLookedUpOnItsOwn() {
    // The app asks for "api" (never resolves) and, separately, for "api.example.com": not a search suffix.
    ObservedAnswers answers = new ResolverWorld(Set.of("api.example.com"))
        .observe(List.of("api.example.com", "api"), 1, 5, DEFAULT_NS);

    assertThat(new SuffixLearner("cluster.local", 2).learn(new SearchPath(5, DEFAULT_NS), answers)).isEmpty();
  }

  @Test
  void bundledTldListKnowsTheUsualSuspects() {
    PublicTlds tlds = PublicTlds.iana();
    assertThat(tlds.size()).isGreaterThan(1000);
    assertThat(tlds.isPublic("com")).isTrue();
    assertThat(tlds.isPublic("app")).isTrue();
    assertThat(tlds.isPublic("local")).isFalse();
    assertThat(tlds.isPublic("internal")).isFalse();
  }
}
