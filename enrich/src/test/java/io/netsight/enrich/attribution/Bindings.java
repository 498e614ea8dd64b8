package io.netsight.enrich.attribution;

import io.netsight.schema.v1.BindingKind;
import io.netsight.schema.v1.IpBinding;
import io.netsight.schema.v1.Workload;
import java.time.Instant;
import java.util.Map;

/** Test fixtures: bindings as the identity publisher writes them. */
final class Bindings {

  static {
    // Avro only builds nested records of trusted packages; the netsight serde trusts ours when it loads.
    io.netsight.schema.Topics.all();
  }

  private Bindings() {
  }

  static IpBinding pod(String ip, String name, Instant from, Instant to) {
    return binding(ip, BindingKind.POD, "default", name, "uid-" + name, from, to);
  }

  static IpBinding binding(String ip, BindingKind kind, String namespace, String name, String uid, Instant from,
      Instant to) {
    return IpBinding.newBuilder()
        .setIp(ip)
        .setTimestamp(to != null ? to : from)
        .setNode("node-a")
        .setKind(kind)
        .setNamespace(namespace)
        .setName(name)
        .setUid(uid)
        .setWorkload(kind == BindingKind.POD || kind == BindingKind.HOST_NETWORK_POD
            ? new Workload("Deployment", name.replaceAll("-[^-]+$", "")) : null)
        .setLabels(Map.of())
        .setValidFrom(from)
        .setValidTo(to)
        .build();
  }
}
