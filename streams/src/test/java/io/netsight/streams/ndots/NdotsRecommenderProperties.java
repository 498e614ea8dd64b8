package io.netsight.streams.ndots;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.streams.ndots.NdotsRecommender.Plan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of the computed recommendation over generated worlds: a namespace's search list, a mix of names (short
 * and namespace-qualified cluster names, external names, names that never resolve, FQDNs with and without the
 * trailing dot), which of them exist, and traffic made by {@link ResolverWorld}'s independent glibc resolver.
 */
class NdotsRecommenderProperties {

  static final NdotsRecommender RECOMMENDER = new NdotsRecommender("cluster.local", PublicTlds.iana());
  static final List<String> SEARCHES = List.of("shop.svc.cluster.local", "svc.cluster.local", "cluster.local");
  static final List<String> POOL = List.of("cart", "db", "orders.billing", "redis.cache", "ledger.billing.svc",
      "api.example.com", "cdn.assets.example.net", "s3.eu-west-1.amazonaws.com", "kafka.prod", "missing",
      "cart.shop.svc.cluster.local", "payments.billing.svc.cluster.local.", "www.example.org.");

  record Case(int ndots, List<String> names, ResolverWorld world, long lookups) {
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Integer> ndots = Arbitraries.integers().between(1, 6);
    Arbitrary<List<String>> names = Arbitraries.of(POOL).list().uniqueElements().ofMinSize(1).ofMaxSize(8);
    Arbitrary<List<Boolean>> exists = Arbitraries.of(true, false).list().ofSize(8);
    Arbitrary<Long> lookups = Arbitraries.longs().between(1, 50);
    return Combinators.combine(ndots, names, exists, lookups).as((n, ns, ex, l) -> {
      Set<String> existing = new HashSet<>();
      // Where each name lives when it exists: short names in the namespace, qualified ones under svc, others as is.
      List<String> homes = new ArrayList<>();
      for (String name : ns) {
        String bare = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (bare.endsWith(".cluster.local") || bare.contains(".example.") || bare.endsWith(".com")) {
          homes.add(bare);
        } else if (!bare.contains(".")) {
          homes.add(bare + ".shop.svc.cluster.local");
        } else if (bare.endsWith(".svc")) {
          homes.add(bare + ".cluster.local");
        } else {
          homes.add(bare + ".svc.cluster.local");
        }
      }
      for (int i = 0; i < homes.size(); i++) {
        if (ex.get(i % ex.size())) {
          existing.add(homes.get(i));
        }
      }
      return new Case(n, ns, new ResolverWorld(existing), l);
    });
  }

  private static Plan plan(Case c) {
    ObservedAnswers answers = c.world().observe(c.names(), c.lookups(), c.ndots(), SEARCHES);
    return RECOMMENDER.plan(new SearchPath(c.ndots(), SEARCHES), answers, Duration.ofMinutes(1), 5);
  }

  @Property(tries = 300)
  void replayWithTheCurrentNdotsReproducesTheObservedQueries(@ForAll("cases") Case c) {
    Plan p = plan(c);

    assertThat(p.incompleteLookups()).isZero();
    assertThat(p.queriesNow()).isEqualTo(c.world().queries(c.names(), c.lookups(), c.ndots(), SEARCHES));
  }

  @Property(tries = 300)
  void recommendedNdotsNeverSendsMoreQueriesAndPredictsWhatTheResolverWouldSend(@ForAll("cases") Case c) {
    Plan p = plan(c);

    assertThat(p.recommendedNdots()).isBetween(1, c.ndots());
    assertThat(p.queriesRecommended()).isLessThanOrEqualTo(p.queriesNow());
    // The prediction is right: the same world, resolved with the recommended ndots, sends exactly that many queries
    // and every name resolves to the same place as before.
    assertThat(p.queriesRecommended())
        .isEqualTo(c.world().queries(c.names(), c.lookups(), p.recommendedNdots(), SEARCHES));
    for (String name : c.names()) {
      List<String> now = c.world().queried(name, c.ndots(), SEARCHES);
      List<String> then = c.world().queried(name, p.recommendedNdots(), SEARCHES);
      boolean resolvedNow = c.world().existing().contains(now.get(now.size() - 1));
      if (resolvedNow) {
        assertThat(then.get(then.size() - 1)).as(name).isEqualTo(now.get(now.size() - 1));
      }
    }
  }

  @Property(tries = 200)
  void trailingDotOptionNeverSendsMoreQueries(@ForAll("cases") Case c, @ForAll @IntRange(min = 1, max = 3) int top) {
    ObservedAnswers answers = c.world().observe(c.names(), c.lookups(), c.ndots(), SEARCHES);
    Plan p = RECOMMENDER.plan(new SearchPath(c.ndots(), SEARCHES), answers, Duration.ofMinutes(1), top);

    assertThat(p.trailingDotQueries()).isLessThanOrEqualTo(p.queriesNow());
    assertThat(p.trailingDot()).hasSizeLessThanOrEqualTo(top);
  }
}
