package io.netsight.enrich.identity;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.netsight.schema.v1.DnsSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A pod's effective resolver settings, computed the way kubelet writes the pod's {@code /etc/resolv.conf}
 * ({@code pkg/kubelet/network/dns}): the policy decides the base (cluster DNS or the node's resolv.conf, or nothing),
 * then {@code spec.dnsConfig} is merged in (nameservers and searches appended without duplicates, options merged
 * by name with the pod's value winning), then kubelet's limits apply (3 nameservers, 32 search domains).
 */
public final class PodDnsSettings {

  public static final String CLUSTER_FIRST = "ClusterFirst";
  public static final String CLUSTER_FIRST_WITH_HOST_NET = "ClusterFirstWithHostNet";
  public static final String DEFAULT = "Default";
  public static final String NONE = "None";

  /** kubelet's default options for cluster DNS. */
  static final int CLUSTER_NDOTS = 5;
  /** glibc's and musl's default when resolv.conf has no ndots option. */
  static final int RESOLVER_DEFAULT_NDOTS = 1;
  static final int MAX_NAMESERVERS = 3;
  static final int MAX_SEARCHES = 32;

  private final DerivationConfig config;

  public PodDnsSettings(DerivationConfig config) {
    this.config = config;
  }

  /** The effective settings of this pod. */
  public DnsSettings of(Pod pod) {
    PodSpec spec = pod.getSpec();
    String policy = spec == null || spec.getDnsPolicy() == null || spec.getDnsPolicy().isBlank()
        ? CLUSTER_FIRST : spec.getDnsPolicy();
    boolean hostNetwork = spec != null && Boolean.TRUE.equals(spec.getHostNetwork());
    String namespace = pod.getMetadata() == null || pod.getMetadata().getNamespace() == null
        ? "default" : pod.getMetadata().getNamespace();

    List<String> servers = new ArrayList<>();
    List<String> searches = new ArrayList<>();
    Map<String, String> options = new LinkedHashMap<>();
    switch (base(policy, hostNetwork)) {
      case CLUSTER -> {
        servers.addAll(config.clusterDns());
        String domain = config.clusterDomain();
        searches.add(namespace + ".svc." + domain);
        searches.add("svc." + domain);
        searches.add(domain);
        searches.addAll(config.hostSearchDomains());
        options.put("ndots", Integer.toString(CLUSTER_NDOTS));
      }
      case HOST -> {
        servers.addAll(config.hostNameservers());
        searches.addAll(config.hostSearchDomains());
      }
      case NOTHING -> {
        // dnsPolicy None: only what spec.dnsConfig says.
      }
      default -> throw new IllegalStateException();
    }
    PodDNSConfig dnsConfig = spec == null ? null : spec.getDnsConfig();
    if (dnsConfig != null) {
      if (dnsConfig.getNameservers() != null) {
        dnsConfig.getNameservers().forEach(s -> servers.add(Ips.canonical(s).orElse(s.strip())));
      }
      if (dnsConfig.getSearches() != null) {
        dnsConfig.getSearches().forEach(s -> searches.add(DerivationConfig.trimDots(s)));
      }
      if (dnsConfig.getOptions() != null) {
        for (PodDNSConfigOption o : dnsConfig.getOptions()) {
          if (o.getName() != null && !o.getName().isBlank()) {
            options.put(o.getName().strip(), o.getValue() == null ? "" : o.getValue().strip());
          }
        }
      }
    }
    List<String> uniqueServers = new ArrayList<>(new LinkedHashSet<>(servers));
    List<String> uniqueSearches = new ArrayList<>(new LinkedHashSet<>(searches));
    uniqueSearches.removeIf(String::isEmpty);
    int ndots = parseNdots(options.remove("ndots"));
    return DnsSettings.newBuilder()
        .setDnsPolicy(policy)
        .setNdots(ndots)
        .setNameservers(uniqueServers.subList(0, Math.min(MAX_NAMESERVERS, uniqueServers.size())))
        .setSearches(uniqueSearches.subList(0, Math.min(MAX_SEARCHES, uniqueSearches.size())))
        .setOptions(new LinkedHashMap<>(options))
        .build();
  }

  private enum Base { CLUSTER, HOST, NOTHING }

  private static Base base(String policy, boolean hostNetwork) {
    return switch (policy) {
      case NONE -> Base.NOTHING;
      case CLUSTER_FIRST_WITH_HOST_NET -> Base.CLUSTER;
      // kubelet falls back to the node's resolv.conf for a ClusterFirst pod on the host network.
      case CLUSTER_FIRST -> hostNetwork ? Base.HOST : Base.CLUSTER;
      case DEFAULT -> Base.HOST;
      // An unknown policy is rejected by the API server; treat it as kubelet's default.
      default -> hostNetwork ? Base.HOST : Base.CLUSTER;
    };
  }

  private static int parseNdots(String value) {
    if (value == null || value.isBlank()) {
      return RESOLVER_DEFAULT_NDOTS;
    }
    try {
      // glibc caps ndots at 15; a negative or junk value leaves the default.
      return Math.min(15, Math.max(0, Integer.parseInt(value.strip())));
    } catch (NumberFormatException e) {
      return RESOLVER_DEFAULT_NDOTS;
    }
  }
}
