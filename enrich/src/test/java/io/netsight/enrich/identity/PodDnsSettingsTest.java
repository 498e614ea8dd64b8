package io.netsight.enrich.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodDNSConfigBuilder;
import io.netsight.schema.v1.DnsSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** kubelet's resolv.conf rules, one test per rule. */
class PodDnsSettingsTest {

  static {
    io.netsight.schema.Topics.all();
  }

  private static final DerivationConfig CONFIG = new DerivationConfig(Map.of(
      DerivationConfig.CLUSTER_DOMAIN, "cluster.local",
      DerivationConfig.CLUSTER_DNS, "10.96.0.10",
      DerivationConfig.HOST_SEARCH_DOMAINS, "corp.example.com",
      DerivationConfig.HOST_NAMESERVERS, "192.168.0.1"));
  private final PodDnsSettings dns = new PodDnsSettings(CONFIG);

  @Test
  void clusterFirstSearchesTheNamespaceThenTheClusterThenTheHostWithNdots5() {
    DnsSettings s = dns.of(pod("shop", null, false, null));

    assertThat(s.getDnsPolicy()).isEqualTo("ClusterFirst");
    assertThat(s.getNdots()).isEqualTo(5);
    assertThat(s.getSearches()).containsExactly("shop.svc.cluster.local", "svc.cluster.local", "cluster.local",
        "corp.example.com");
    assertThat(s.getNameservers()).containsExactly("10.96.0.10");
  }

  @Test
  void clusterFirstOnTheHostNetworkFallsBackToTheNodesResolvConf() {
    DnsSettings s = dns.of(pod("kube-system", "ClusterFirst", true, null));

    assertThat(s.getSearches()).containsExactly("corp.example.com");
    assertThat(s.getNameservers()).containsExactly("192.168.0.1");
    assertThat(s.getNdots()).isEqualTo(1);
  }

  @Test
  void clusterFirstWithHostNetUsesClusterDnsOnTheHostNetwork() {
    DnsSettings s = dns.of(pod("kube-system", "ClusterFirstWithHostNet", true, null));

    assertThat(s.getNameservers()).containsExactly("10.96.0.10");
    assertThat(s.getSearches()).startsWith("kube-system.svc.cluster.local");
    assertThat(s.getNdots()).isEqualTo(5);
  }

  @Test
  void defaultUsesTheNodesResolvConf() {
    DnsSettings s = dns.of(pod("shop", "Default", false, null));

    assertThat(s.getNameservers()).containsExactly("192.168.0.1");
    assertThat(s.getSearches()).containsExactly("corp.example.com");
    assertThat(s.getNdots()).isEqualTo(1);
  }

  @Test
  void noneUsesOnlyDnsConfig() {
    DnsSettings s = dns.of(pod("shop", "None", false, new PodDNSConfigBuilder().withNameservers("1.1.1.1")
        .withSearches("example.org").addNewOption().withName("ndots").withValue("2").endOption().build()));

    assertThat(s.getNameservers()).containsExactly("1.1.1.1");
    assertThat(s.getSearches()).containsExactly("example.org");
    assertThat(s.getNdots()).isEqualTo(2);
  }

  @Test
  void dnsConfigIsMergedAppendingWithoutDuplicatesAndOverridingOptionsByName() {
    DnsSettings s = dns.of(pod("shop", "ClusterFirst", false, new PodDNSConfigBuilder()
        .withNameservers("10.96.0.10", "8.8.8.8").withSearches("svc.cluster.local", "extra.example.")
        .addNewOption().withName("ndots").withValue("1").endOption()
        .addNewOption().withName("single-request-reopen").endOption().build()));

    assertThat(s.getNameservers()).containsExactly("10.96.0.10", "8.8.8.8");
    assertThat(s.getSearches()).containsExactly("shop.svc.cluster.local", "svc.cluster.local", "cluster.local",
        "corp.example.com", "extra.example");
    assertThat(s.getNdots()).isEqualTo(1);
    assertThat(s.getOptions()).containsEntry("single-request-reopen", "").doesNotContainKey("ndots");
  }

  @Test
  void kubeletKeepsAtMostThreeNameservers() {
    DnsSettings s = dns.of(pod("shop", "ClusterFirst", false, new PodDNSConfigBuilder()
        .withNameservers(List.of("1.1.1.1", "8.8.8.8", "9.9.9.9")).build()));

    assertThat(s.getNameservers()).containsExactly("10.96.0.10", "1.1.1.1", "8.8.8.8");
  }

  private static Pod pod(String namespace, String policy, boolean hostNetwork,
      io.fabric8.kubernetes.api.model.PodDNSConfig config) {
    return new PodBuilder().withNewMetadata().withName("p").withNamespace(namespace).endMetadata()
        .withNewSpec().withDnsPolicy(policy).withHostNetwork(hostNetwork).withDnsConfig(config).endSpec().build();
  }
}
