package io.netsight.enrich.identity;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * How Kubernetes objects become bindings: the settings the live identity publisher and the offline cluster files
 * ({@code --cluster FILE}) share, so both derive the same records.
 */
public final class DerivationConfig extends AbstractConfig {

  public static final String CLUSTER_DOMAIN = "identity.cluster-domain";
  public static final String CLUSTER_DNS = "identity.cluster-dns";
  public static final String HOST_SEARCH_DOMAINS = "identity.host-search-domains";
  public static final String HOST_NAMESERVERS = "identity.host-nameservers";
  public static final String LABELS = "identity.labels";

  public static final ConfigDef DEF = new ConfigDef()
      .define(CLUSTER_DOMAIN, Type.STRING, "cluster.local", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
          "The cluster's DNS domain (kubelet --cluster-domain): the search path of ClusterFirst pods is "
              + "<ns>.svc.<domain>, svc.<domain>, <domain>.")
      .define(CLUSTER_DNS, Type.LIST, "10.96.0.10", Importance.MEDIUM,
          "Nameserver(s) kubelet writes for ClusterFirst pods (kubelet --cluster-dns, the kube-dns Service IP).")
      .define(HOST_SEARCH_DOMAINS, Type.LIST, "", Importance.LOW,
          "Search domains of the nodes' /etc/resolv.conf: appended to a ClusterFirst pod's search path and used "
              + "alone by dnsPolicy Default.")
      .define(HOST_NAMESERVERS, Type.LIST, "", Importance.LOW,
          "Nameservers of the nodes' /etc/resolv.conf, for pods with dnsPolicy Default (and ClusterFirst on the "
              + "host network).")
      .define(LABELS, Type.LIST, "app.kubernetes.io/name,app.kubernetes.io/instance,app.kubernetes.io/component,"
              + "app,k8s-app,component,job-name", Importance.LOW,
          "Labels copied from a pod or service into its binding (the rest are left out to keep records small).");

  public DerivationConfig(Map<?, ?> values) {
    super(DEF, values, false);
  }

  /** The defaults: cluster.local, 10.96.0.10, no host search domains. */
  public static DerivationConfig defaults() {
    return new DerivationConfig(Map.of());
  }

  public String clusterDomain() {
    return trimDots(getString(CLUSTER_DOMAIN));
  }

  public List<String> clusterDns() {
    return getList(CLUSTER_DNS).stream().map(Ips::require).toList();
  }

  public List<String> hostSearchDomains() {
    return getList(HOST_SEARCH_DOMAINS).stream().map(DerivationConfig::trimDots).filter(s -> !s.isEmpty()).toList();
  }

  public List<String> hostNameservers() {
    return getList(HOST_NAMESERVERS).stream().map(Ips::require).toList();
  }

  public List<String> labels() {
    return getList(LABELS);
  }

  static String trimDots(String domain) {
    String d = domain.strip();
    while (d.endsWith(".")) {
      d = d.substring(0, d.length() - 1);
    }
    return d;
  }
}
