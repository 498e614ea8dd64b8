package io.netsight.enrich.identity;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.netsight.schema.v1.BindingKind;
import io.netsight.schema.v1.IpBinding;
import io.netsight.schema.v1.ServiceBinding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the identity publisher has said about the cluster, and what it must say next. Each observed change of a Pod,
 * Service, EndpointSlice, Node (and of the ReplicaSets and Jobs that resolve workloads) goes through
 * {@link #apply}, which returns the records to publish:
 * <ul>
 *   <li>an address taken: the binding, timestamped at its {@code validFrom};</li>
 *   <li>an address released: the binding with {@code validTo}, timestamped at {@code validTo}, then a tombstone at
 *       the same time (none for a host-network pod, whose address stays its node's);</li>
 *   <li>a held binding whose identity changed (labels, workload, DNS settings): the binding again, timestamped when
 *       the change was seen;</li>
 *   <li>a Service port: its ServiceBinding whenever it or its endpoints change; a tombstone when it goes.</li>
 * </ul>
 * {@link #restate} re-issues everything still known, with the original validity times, for a new leader and the
 * periodic republish. The live publisher and the offline cluster files both drive this class, so they agree.
 *
 * <p>Not thread-safe: one thread (the publisher's) owns it.
 */
public final class IdentityState {

  private final BindingDerivation derivation;
  /** Bindings published per object ("Pod/uid", "Service/uid", "Node/name"), by IP. */
  private final Map<String, Map<String, IpBinding>> bindings = new LinkedHashMap<>();
  private final Map<String, Service> services = new HashMap<>();
  private final Map<String, Map<String, EndpointSlice>> slicesByService = new HashMap<>();
  private final Map<String, Map<String, ServiceBinding>> servicePorts = new LinkedHashMap<>();
  private final Map<String, Optional<OwnerReference>> owners = new HashMap<>();

  public IdentityState(DerivationConfig config) {
    this.derivation = new BindingDerivation(config, (kind, ns, name) -> owners.get(kind + "/" + ns + "/" + name));
  }

  /**
   * Takes one observed change and returns what to publish, in order.
   *
   * @param object     the object as last seen (for a deletion, its final state)
   * @param deleted    the object was deleted
   * @param observedAt when the change was seen: only used where the object carries no time of its own
   */
  public List<Publication> apply(HasMetadata object, boolean deleted, Instant observedAt) {
    List<Publication> out = new ArrayList<>();
    if (object instanceof Pod pod) {
      applyBindings("Pod/" + idOf(pod), derivation.pod(pod, deleted, observedAt), deleted,
          PodValidity.end(pod, deleted, observedAt).map(PodValidity.End::at).orElse(observedAt), observedAt, out);
    } else if (object instanceof Service service) {
      String key = nsName(service);
      applyBindings("Service/" + idOf(service), derivation.service(service, deleted, observedAt), deleted,
          observedAt, observedAt, out);
      if (deleted) {
        services.remove(key);
      } else {
        services.put(key, service);
      }
      applyServicePorts(key, service, deleted, observedAt, out);
    } else if (object instanceof EndpointSlice slice) {
      String service = slice.getMetadata().getLabels() == null ? null
          : slice.getMetadata().getLabels().get(BindingDerivation.SERVICE_NAME_LABEL);
      if (service != null) {
        String key = slice.getMetadata().getNamespace() + "/" + service;
        Map<String, EndpointSlice> slices = slicesByService.computeIfAbsent(key, k -> new LinkedHashMap<>());
        if (deleted) {
          slices.remove(idOf(slice));
        } else {
          slices.put(idOf(slice), slice);
        }
        Service owner = services.get(key);
        if (owner != null) {
          applyServicePorts(key, owner, false, observedAt, out);
        }
      }
    } else if (object instanceof Node node) {
      applyBindings("Node/" + node.getMetadata().getName(), derivation.node(node, deleted, observedAt), deleted,
          observedAt, observedAt, out);
    } else if (object instanceof ReplicaSet || object instanceof Job) {
      String key = object.getKind() + "/" + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
      if (deleted) {
        owners.remove(key);
      } else {
        owners.put(key, Optional.ofNullable(WorkloadResolver.controller(object.getMetadata().getOwnerReferences())));
      }
    }
    return out;
  }

  /**
   * Everything still known, again: released bindings of objects still present first, then held ones, then the
   * Service ports. Validity times are the original ones; the records are timestamped {@code at}. No tombstones: a
   * re-stated release must not end the current holder's binding.
   */
  public List<Publication> restate(Instant at) {
    List<Publication> closed = new ArrayList<>();
    List<Publication> open = new ArrayList<>();
    for (Map<String, IpBinding> byIp : bindings.values()) {
      for (IpBinding b : byIp.values()) {
        IpBinding copy = IpBinding.newBuilder(b).setTimestamp(at).build();
        (b.getValidTo() == null ? open : closed).add(new Publication.Ip(b.getIp(), copy, at));
      }
    }
    List<Publication> out = new ArrayList<>(closed);
    out.addAll(open);
    for (Map<String, ServiceBinding> ports : servicePorts.values()) {
      for (ServiceBinding b : ports.values()) {
        out.add(new Publication.Service(BindingDerivation.serviceKey(b),
            ServiceBinding.newBuilder(b).setTimestamp(at).build(), at));
      }
    }
    return out;
  }

  /** How many addresses are held now (open bindings), for health and logs. */
  public int heldAddresses() {
    return (int) bindings.values().stream().flatMap(m -> m.values().stream()).filter(b -> b.getValidTo() == null)
        .count();
  }

  private void applyBindings(String objectKey, List<IpBinding> derived, boolean deleted, Instant releaseAt,
      Instant observedAt, List<Publication> out) {
    Map<String, IpBinding> previous = bindings.getOrDefault(objectKey, Map.of());
    Map<String, IpBinding> next = new LinkedHashMap<>();
    for (IpBinding b : derived) {
      IpBinding p = previous.get(b.getIp());
      if (p == null) {
        publish(b, out);
        next.put(b.getIp(), b);
      } else if (p.getValidTo() != null) {
        next.put(b.getIp(), p); // released already: the first release stands
      } else if (b.getValidTo() != null) {
        publish(b, out);
        next.put(b.getIp(), b);
      } else if (!sameContent(p, b)) {
        Instant at = observedAt == null || observedAt.isBefore(b.getValidFrom()) ? b.getValidFrom() : observedAt;
        IpBinding restated = IpBinding.newBuilder(b).setTimestamp(at).build();
        out.add(new Publication.Ip(b.getIp(), restated, at));
        next.put(b.getIp(), restated);
      } else {
        next.put(b.getIp(), p);
      }
    }
    for (IpBinding p : previous.values()) {
      if (!next.containsKey(p.getIp()) && p.getValidTo() == null) {
        // The address left the object without a release we could derive (or the object went): release it now.
        Instant end = releaseAt == null ? p.getValidFrom() : releaseAt;
        if (end.isBefore(p.getValidFrom())) {
          end = p.getValidFrom();
        }
        IpBinding released = IpBinding.newBuilder(p).setValidTo(end).setTimestamp(end).build();
        publish(released, out);
        next.put(p.getIp(), released);
      } else if (!next.containsKey(p.getIp())) {
        next.put(p.getIp(), p);
      }
    }
    if (deleted) {
      bindings.remove(objectKey);
    } else {
      bindings.put(objectKey, next);
    }
  }

  private static void publish(IpBinding b, List<Publication> out) {
    out.add(new Publication.Ip(b.getIp(), b, b.getTimestamp()));
    if (b.getValidTo() != null && b.getKind() != BindingKind.HOST_NETWORK_POD) {
      // The tombstone tells last-value readers (and compaction) the address is free; a host-network pod's
      // address stays its node's, so its release sends none.
      out.add(new Publication.Ip(b.getIp(), null, b.getValidTo()));
    }
  }

  private void applyServicePorts(String serviceKey, Service service, boolean deleted, Instant observedAt,
      List<Publication> out) {
    Map<String, EndpointSlice> slices = slicesByService.getOrDefault(serviceKey, Map.of());
    List<ServiceBinding> derived = derivation.servicePorts(service, slices.values(), deleted, observedAt);
    Map<String, ServiceBinding> previous = servicePorts.getOrDefault(serviceKey, Map.of());
    Map<String, ServiceBinding> next = new LinkedHashMap<>();
    for (ServiceBinding b : derived) {
      String key = BindingDerivation.serviceKey(b);
      ServiceBinding p = previous.get(key);
      if (p == null || !sameContent(p, b)) {
        out.add(new Publication.Service(key, b, b.getTimestamp()));
      }
      if (b.getValidTo() != null) {
        out.add(new Publication.Service(key, null, b.getValidTo()));
      } else {
        next.put(key, p == null || !sameContent(p, b) ? b : p);
      }
    }
    for (Map.Entry<String, ServiceBinding> e : previous.entrySet()) {
      if (!next.containsKey(e.getKey()) && derived.stream().noneMatch(b -> BindingDerivation.serviceKey(b)
          .equals(e.getKey()))) {
        Instant end = observedAt == null ? e.getValue().getTimestamp() : observedAt;
        out.add(new Publication.Service(e.getKey(),
            ServiceBinding.newBuilder(e.getValue()).setValidTo(end).setTimestamp(end).build(), end));
        out.add(new Publication.Service(e.getKey(), null, end));
      }
    }
    if (deleted) {
      servicePorts.remove(serviceKey);
      slicesByService.remove(serviceKey);
    } else {
      servicePorts.put(serviceKey, next);
    }
  }

  /** Equal apart from when it was published and the fields that change without changing who holds the address. */
  static boolean sameContent(IpBinding a, IpBinding b) {
    return Objects.equals(a.getIp(), b.getIp()) && a.getKind() == b.getKind()
        && Objects.equals(a.getNode(), b.getNode()) && Objects.equals(a.getNamespace(), b.getNamespace())
        && Objects.equals(a.getName(), b.getName()) && Objects.equals(a.getUid(), b.getUid())
        && Objects.equals(a.getWorkload(), b.getWorkload()) && Objects.equals(a.getLabels(), b.getLabels())
        && Objects.equals(a.getValidFrom(), b.getValidFrom()) && Objects.equals(a.getValidTo(), b.getValidTo())
        && Objects.equals(a.getDns(), b.getDns());
  }

  static boolean sameContent(ServiceBinding a, ServiceBinding b) {
    return ServiceBinding.newBuilder(a).setTimestamp(b.getTimestamp()).build().equals(b);
  }

  private static String idOf(HasMetadata o) {
    String uid = o.getMetadata().getUid();
    return uid != null && !uid.isEmpty() ? uid : nsName(o);
  }

  private static String nsName(HasMetadata o) {
    return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }
}
