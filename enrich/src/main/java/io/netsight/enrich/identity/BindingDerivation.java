package io.netsight.enrich.identity;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.netsight.schema.v1.BindingKind;
import io.netsight.schema.v1.DnsSettings;
import io.netsight.schema.v1.IpBinding;
import io.netsight.schema.v1.ServiceBackend;
import io.netsight.schema.v1.ServiceBinding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kubernetes objects to binding records: the one place where a Pod, Service, EndpointSlice or Node becomes
 * {@link IpBinding}s and {@link ServiceBinding}s, used by the live identity publisher and by offline cluster files.
 * Pure functions of the object (plus the owner lookup and the observation time used only as a last resort).
 */
public final class BindingDerivation {

  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private final DerivationConfig config;
  private final PodDnsSettings dns;
  private final WorkloadResolver workloads;

  public BindingDerivation(DerivationConfig config, OwnerLookup lookup) {
    this.config = config;
    this.dns = new PodDnsSettings(config);
    this.workloads = new WorkloadResolver(lookup);
  }

  /**
   * One binding per address in {@code status.podIPs} (both families on a dual-stack pod); none while the pod has no
   * address. A host-network pod's addresses are its node's: those are bound as {@code HOST_NETWORK_POD} beside the
   * node's own {@code NODE} binding, never instead of it.
   *
   * @param deleted    the pod was deleted
   * @param observedAt when the change was seen (only used when the object carries no time)
   */
  public List<IpBinding> pod(Pod pod, boolean deleted, Instant observedAt) {
    List<String> ips = podIps(pod);
    if (ips.isEmpty()) {
      return List.of();
    }
    Optional<Instant> from = PodValidity.from(pod);
    if (from.isEmpty()) {
      return List.of();
    }
    Instant validFrom = from.get();
    Instant validTo = PodValidity.end(pod, deleted, observedAt).map(PodValidity.End::at)
        .map(t -> t.isBefore(validFrom) ? validFrom : t).orElse(null);
    boolean hostNetwork = pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
    DnsSettings dnsSettings = dns.of(pod);
    List<IpBinding> out = new ArrayList<>(ips.size());
    for (String ip : ips) {
      out.add(IpBinding.newBuilder()
          .setIp(ip)
          .setTimestamp(validTo != null ? validTo : validFrom)
          .setNode(pod.getSpec() == null ? null : pod.getSpec().getNodeName())
          .setKind(hostNetwork ? BindingKind.HOST_NETWORK_POD : BindingKind.POD)
          .setNamespace(pod.getMetadata().getNamespace())
          .setName(pod.getMetadata().getName())
          .setUid(pod.getMetadata().getUid())
          .setWorkload(workloads.resolve(pod))
          .setLabels(labels(pod))
          .setValidFrom(validFrom)
          .setValidTo(validTo)
          .setDns(dnsSettings)
          .setPhase(pod.getStatus() == null ? null : pod.getStatus().getPhase())
          .setResourceVersion(pod.getMetadata().getResourceVersion())
          .build());
    }
    return out;
  }

  /** Every ClusterIP (both families) and LoadBalancer ingress IP of a Service; none for a headless Service. */
  public List<IpBinding> service(Service service, boolean deleted, Instant observedAt) {
    Instant validFrom = K8sTime.parse(service.getMetadata().getCreationTimestamp()).orElse(observedAt);
    if (validFrom == null) {
      return List.of();
    }
    Instant validTo = deleted ? deletionTime(service, observedAt, validFrom) : null;
    List<IpBinding> out = new ArrayList<>();
    for (String vip : serviceIps(service)) {
      out.add(IpBinding.newBuilder()
          .setIp(vip)
          .setTimestamp(validTo != null ? validTo : validFrom)
          .setNode(null)
          .setKind(BindingKind.SERVICE)
          .setNamespace(service.getMetadata().getNamespace())
          .setName(service.getMetadata().getName())
          .setUid(service.getMetadata().getUid())
          .setWorkload(null)
          .setLabels(labels(service))
          .setValidFrom(validFrom)
          .setValidTo(validTo)
          .setResourceVersion(service.getMetadata().getResourceVersion())
          .build());
    }
    return out;
  }

  /**
   * One record per (virtual IP, port, protocol) of a Service, with the endpoints of that port from the Service's
   * EndpointSlices of the same address family.
   */
  public List<ServiceBinding> servicePorts(Service service, Collection<EndpointSlice> slices, boolean deleted,
      Instant observedAt) {
    Instant validFrom = K8sTime.parse(service.getMetadata().getCreationTimestamp()).orElse(observedAt);
    if (validFrom == null || service.getSpec() == null || service.getSpec().getPorts() == null) {
      return List.of();
    }
    Instant validTo = deleted ? deletionTime(service, observedAt, validFrom) : null;
    Instant timestamp = validTo != null ? validTo : latest(validFrom, observedAt);
    List<ServiceBinding> out = new ArrayList<>();
    for (String vip : serviceIps(service)) {
      String family = Ips.isIpv6(vip) ? "IPv6" : "IPv4";
      for (ServicePort port : service.getSpec().getPorts()) {
        if (port.getPort() == null) {
          continue;
        }
        String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
        out.add(ServiceBinding.newBuilder()
            .setTimestamp(timestamp)
            .setNode(null)
            .setVip(vip)
            .setPort(port.getPort())
            .setProtocol(protocol)
            .setNamespace(service.getMetadata().getNamespace())
            .setName(service.getMetadata().getName())
            .setUid(service.getMetadata().getUid())
            .setServiceType(service.getSpec().getType() == null ? "ClusterIP" : service.getSpec().getType())
            .setPortName(emptyToNull(port.getName()))
            .setAppProtocol(port.getAppProtocol())
            .setTargetPort(port.getTargetPort() == null ? null
                : port.getTargetPort().getIntVal() != null ? port.getTargetPort().getIntVal().toString()
                : port.getTargetPort().getStrVal())
            .setSessionAffinity(service.getSpec().getSessionAffinity())
            .setBackends(backends(port, protocol, family, slices))
            .setValidFrom(validFrom)
            .setValidTo(validTo)
            .build());
      }
    }
    return out;
  }

  /** The key of a ServiceBinding: {@code VIP:port/proto}, IPv6 VIPs in brackets. */
  public static String serviceKey(ServiceBinding b) {
    return Ips.hostPort(b.getVip(), b.getPort()) + "/" + b.getProtocol();
  }

  /** InternalIP and ExternalIP addresses of a Node. */
  public List<IpBinding> node(Node node, boolean deleted, Instant observedAt) {
    Instant validFrom = K8sTime.parse(node.getMetadata().getCreationTimestamp()).orElse(observedAt);
    if (validFrom == null || node.getStatus() == null || node.getStatus().getAddresses() == null) {
      return List.of();
    }
    Instant validTo = deleted ? deletionTime(node, observedAt, validFrom) : null;
    Set<String> ips = new LinkedHashSet<>();
    for (NodeAddress a : node.getStatus().getAddresses()) {
      if ("InternalIP".equals(a.getType()) || "ExternalIP".equals(a.getType())) {
        Ips.canonical(a.getAddress()).ifPresent(ips::add);
      }
    }
    List<IpBinding> out = new ArrayList<>();
    for (String ip : ips) {
      out.add(IpBinding.newBuilder()
          .setIp(ip)
          .setTimestamp(validTo != null ? validTo : validFrom)
          .setNode(node.getMetadata().getName())
          .setKind(BindingKind.NODE)
          .setNamespace(null)
          .setName(node.getMetadata().getName())
          .setUid(node.getMetadata().getUid())
          .setLabels(labels(node))
          .setValidFrom(validFrom)
          .setValidTo(validTo)
          .setResourceVersion(node.getMetadata().getResourceVersion())
          .build());
    }
    return out;
  }

  static List<String> podIps(Pod pod) {
    if (pod.getStatus() == null) {
      return List.of();
    }
    Set<String> ips = new LinkedHashSet<>();
    if (pod.getStatus().getPodIPs() != null) {
      for (PodIP ip : pod.getStatus().getPodIPs()) {
        Ips.canonical(ip.getIp()).ifPresent(ips::add);
      }
    }
    if (ips.isEmpty()) {
      Ips.canonical(pod.getStatus().getPodIP()).ifPresent(ips::add);
    }
    return List.copyOf(ips);
  }

  static List<String> serviceIps(Service service) {
    Set<String> ips = new LinkedHashSet<>();
    if (service.getSpec() != null) {
      List<String> clusterIps = service.getSpec().getClusterIPs() != null && !service.getSpec().getClusterIPs()
          .isEmpty() ? service.getSpec().getClusterIPs() : service.getSpec().getClusterIP() == null ? List.of()
          : List.of(service.getSpec().getClusterIP());
      // "None" marks a headless Service: it has no virtual IP, its names resolve to the pods.
      clusterIps.stream().filter(ip -> !"None".equalsIgnoreCase(ip)).map(Ips::canonical)
          .flatMap(Optional::stream).forEach(ips::add);
    }
    if (service.getStatus() != null && service.getStatus().getLoadBalancer() != null
        && service.getStatus().getLoadBalancer().getIngress() != null) {
      for (LoadBalancerIngress ingress : service.getStatus().getLoadBalancer().getIngress()) {
        Ips.canonical(ingress.getIp()).ifPresent(ips::add);
      }
    }
    return List.copyOf(ips);
  }

  private static List<ServiceBackend> backends(ServicePort port, String protocol, String family,
      Collection<EndpointSlice> slices) {
    Map<String, ServiceBackend> out = new LinkedHashMap<>();
    String portName = port.getName() == null ? "" : port.getName();
    for (EndpointSlice slice : slices) {
      if (slice.getAddressType() != null && !family.equals(slice.getAddressType())) {
        continue;
      }
      Integer endpointPort = null;
      if (slice.getPorts() != null) {
        for (EndpointPort p : slice.getPorts()) {
          String name = p.getName() == null ? "" : p.getName();
          String proto = p.getProtocol() == null ? "TCP" : p.getProtocol();
          if (name.equals(portName) && proto.equals(protocol)) {
            endpointPort = p.getPort();
          }
        }
      }
      if (endpointPort == null || slice.getEndpoints() == null) {
        continue;
      }
      for (Endpoint e : slice.getEndpoints()) {
        // EndpointSlice API: an unknown ready condition is to be read as ready.
        boolean ready = e.getConditions() == null || e.getConditions().getReady() == null
            || e.getConditions().getReady();
        boolean pod = e.getTargetRef() != null && "Pod".equals(e.getTargetRef().getKind());
        if (e.getAddresses() == null) {
          continue;
        }
        for (String address : e.getAddresses()) {
          Optional<String> ip = Ips.canonical(address);
          if (ip.isEmpty()) {
            continue;
          }
          out.put(ip.get() + ":" + endpointPort, ServiceBackend.newBuilder()
              .setIp(ip.get())
              .setPort(endpointPort)
              .setReady(ready)
              .setPodNamespace(pod ? e.getTargetRef().getNamespace() : null)
              .setPodName(pod ? e.getTargetRef().getName() : null)
              .setNodeName(e.getNodeName())
              .setZone(e.getZone())
              .build());
        }
      }
    }
    return new ArrayList<>(out.values());
  }

  private Map<String, String> labels(HasMetadata object) {
    Map<String, String> all = object.getMetadata().getLabels();
    Map<String, String> kept = new LinkedHashMap<>();
    if (all != null) {
      for (String key : config.labels()) {
        String value = all.get(key);
        if (value != null) {
          kept.put(key, value);
        }
      }
    }
    return kept;
  }

  private static Instant deletionTime(HasMetadata object, Instant observedAt, Instant validFrom) {
    Instant t = K8sTime.parse(object.getMetadata().getDeletionTimestamp()).orElse(observedAt);
    if (t == null) {
      t = validFrom;
    }
    if (observedAt != null && observedAt.isBefore(t)) {
      t = observedAt;
    }
    return t.isBefore(validFrom) ? validFrom : t;
  }

  private static Instant latest(Instant a, Instant b) {
    return b == null || a.isAfter(b) ? a : b;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
