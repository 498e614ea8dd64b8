package io.netsight.enrich.cluster;

import io.netsight.schema.Micros;
import io.netsight.enrich.attribution.IpHistory;
import io.netsight.enrich.identity.Publication;
import java.util.List;

/**
 * The binding records a set of cluster files yields, in the order the identity publisher would have written them:
 * what {@code netsight analyze --cluster} publishes and {@code netsight whois --cluster} answers from.
 *
 * @param publications every record, IP bindings and Service bindings, in publication order
 * @param objects      how many Kubernetes objects (or watch events) were read
 * @param ignored      objects of kinds that carry no addresses (Deployments, ConfigMaps...), skipped
 */
public record ClusterBindings(List<Publication> publications, int objects, int ignored) {

  public List<Publication.Ip> ipBindings() {
    return publications.stream().filter(Publication.Ip.class::isInstance).map(Publication.Ip.class::cast).toList();
  }

  public List<Publication.Service> serviceBindings() {
    return publications.stream().filter(Publication.Service.class::isInstance)
        .map(Publication.Service.class::cast).toList();
  }

  /** Everything known about one address, applied as the enrichment applies it. */
  public IpHistory history(String ip) {
    IpHistory history = new IpHistory(ip, List.of());
    for (Publication.Ip p : ipBindings()) {
      if (!p.key().equals(ip)) {
        continue;
      }
      if (p.value() == null) {
        history.tombstone(Micros.of(p.timestamp()));
      } else {
        history.upsert(p.value());
      }
    }
    return history;
  }
}
