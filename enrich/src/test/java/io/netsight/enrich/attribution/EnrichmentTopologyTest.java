package io.netsight.enrich.attribution;

import static io.netsight.enrich.attribution.Bindings.binding;
import static io.netsight.enrich.attribution.Bindings.pod;
import static io.netsight.enrich.attribution.EnrichmentDriver.dns;
import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.schema.v1.AttributionStatus;
import io.netsight.schema.v1.BindingKind;
import io.netsight.schema.v1.EnrichedDnsTransaction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The production enrichment topology, in TopologyTestDriver: what pod each DNS lookup is attributed to. */
class EnrichmentTopologyTest {

  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private static final String IP = "10.244.1.7";
  private static final String KUBE_DNS = "10.96.0.10";
  private static final String COREDNS = "10.244.0.3";

  @Test
  void aLookupIsAttributedToThePodThatHeldTheAddressAtItsOwnTimeNotToTheLatestHolder() {
    try (EnrichmentDriver d = new EnrichmentDriver(Map.of())) {
      // Given a Job pod that held the address for 30 s, then a web pod from 10:00:31
      d.binding(binding(KUBE_DNS, BindingKind.SERVICE, "kube-system", "kube-dns", "uid-kube-dns",
          T0.minusSeconds(86_000), null));
      d.binding(pod(COREDNS, "coredns-5d78c9869d-abcde", T0.minusSeconds(3600), null));
      d.binding(pod(IP, "report-28912345-x7k2p", T0, null));
      d.binding(pod(IP, "report-28912345-x7k2p", T0, T0.plusSeconds(30)));
      d.tombstone(IP, T0.plusSeconds(30));
      d.binding(pod(IP, "web-7f9c-abcde", T0.plusSeconds(31), null));
      // When lookups happen before, between and after, and one arrives after the new binding
      d.dns(dns(IP, KUBE_DNS, COREDNS, T0.plusSeconds(10), "during-job", 1));
      d.dns(dns(IP, KUBE_DNS, null, T0.plusMillis(30_400), "release-second", 2));
      d.dns(dns(IP, KUBE_DNS, null, T0.plusSeconds(45), "after", 3));
      d.dns(dns("10.244.9.9", KUBE_DNS, null, T0.plusSeconds(46), "unknown-client", 4));

      Map<String, EnrichedDnsTransaction> byQname = d.flushDns().stream()
          .collect(Collectors.toMap(e -> e.getTransaction().getQname(), Function.identity()));

      // Then each names the pod of its own time, the service and backend too, and an unknown IP is unattributed
      assertThat(byQname).containsOnlyKeys("during-job", "release-second", "after", "unknown-client");
      EnrichedDnsTransaction during = byQname.get("during-job");
      assertThat(during.getClient().getStatus()).isEqualTo(AttributionStatus.ATTRIBUTED);
      assertThat(during.getClient().getBinding().getName()).isEqualTo("report-28912345-x7k2p");
      assertThat(during.getServer().getBinding().getName()).isEqualTo("kube-dns");
      assertThat(during.getBackend().getBinding().getName()).isEqualTo("coredns-5d78c9869d-abcde");
      // 10:00:30.4 is inside the Job pod's release second (Kubernetes times are whole seconds) and before the web
      // pod's start: only the Job pod could have sent it.
      assertThat(byQname.get("release-second").getClient().getBinding().getName())
          .isEqualTo("report-28912345-x7k2p");
      assertThat(byQname.get("release-second").getBackend()).isNull();
      assertThat(byQname.get("after").getClient().getBinding().getName()).isEqualTo("web-7f9c-abcde");
      assertThat(byQname.get("unknown-client").getClient().getStatus()).isEqualTo(AttributionStatus.UNATTRIBUTED);
      assertThat(byQname.get("unknown-client").getClient().getBinding()).isNull();
    }
  }

  @Test
  void aBindingThatArrivesWithinTheGracePeriodStillApplies() {
    try (EnrichmentDriver d = new EnrichmentDriver(Map.of("enrich.grace", "PT5S"))) {
      // Given a lookup from an address whose binding is published 3 s later
      d.dns(dns(IP, KUBE_DNS, null, T0.plusSeconds(10), "early", 1));
      d.binding(io.netsight.schema.v1.IpBinding.newBuilder(pod(IP, "web-7f9c-abcde", T0.plusSeconds(9), null))
          .setTimestamp(T0.plusSeconds(13)).build());

      List<EnrichedDnsTransaction> out = d.flushDns();

      assertThat(out).singleElement().satisfies(e -> {
        assertThat(e.getClient().getStatus()).isEqualTo(AttributionStatus.ATTRIBUTED);
        assertThat(e.getClient().getBinding().getName()).isEqualTo("web-7f9c-abcde");
      });
    }
  }
}
