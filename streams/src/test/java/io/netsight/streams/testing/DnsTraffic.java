package io.netsight.streams.testing;

import io.netsight.schema.v1.Attribution;
import io.netsight.schema.v1.AttributionStatus;
import io.netsight.schema.v1.BindingKind;
import io.netsight.schema.v1.DnsAnswer;
import io.netsight.schema.v1.DnsOutcome;
import io.netsight.schema.v1.DnsRcode;
import io.netsight.schema.v1.DnsSettings;
import io.netsight.schema.v1.DnsTransaction;
import io.netsight.schema.v1.EnrichedDnsTransaction;
import io.netsight.schema.v1.IpBinding;
import io.netsight.schema.v1.Transport;
import io.netsight.schema.v1.Workload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Enriched DNS transactions shaped like the capture (issue 3) and the enrichment (issue 4) write them: qname lowercase
 * without the trailing dot, the pod's binding with its effective DNS settings, the kube-dns ClusterIP as server.
 * {@link #lookup} plays a glibc stub resolver (getaddrinfo with AF_UNSPEC: A and AAAA for each candidate name, in
 * search order, stopping at the first name that exists), written independently of the code under test.
 */
public final class DnsTraffic {

  public static final String KUBE_DNS = "10.96.0.10";
  public static final List<String> A_AAAA = List.of("A", "AAAA");

  private DnsTraffic() {
  }

  /** A pod of a Deployment with kubelet's ClusterFirst resolv.conf (ndots 5, the three cluster suffixes). */
  public static IpBinding deploymentPod(String namespace, String deployment, String pod, String ip, String node) {
    return pod(namespace, "Deployment", deployment, pod, ip, node, 5,
        List.of(namespace + ".svc.cluster.local", "svc.cluster.local", "cluster.local"));
  }

  public static IpBinding pod(String namespace, String workloadKind, String workloadName, String pod, String ip,
      String node, int ndots, List<String> searches) {
    return IpBinding.newBuilder()
        .setIp(ip).setTimestamp(Instant.parse("2026-11-26T09:00:00Z")).setNode(node).setKind(BindingKind.POD)
        .setNamespace(namespace).setName(pod).setUid("uid-" + pod)
        .setWorkload(workloadKind == null ? null : new Workload(workloadKind, workloadName))
        .setLabels(Map.of()).setValidFrom(Instant.parse("2026-11-26T09:00:00Z")).setValidTo(null)
        .setDns(DnsSettings.newBuilder().setDnsPolicy("ClusterFirst").setNdots(ndots).setSearches(searches)
            .setNameservers(List.of(KUBE_DNS)).setOptions(Map.of("ndots", Integer.toString(ndots))).build())
        .setPhase("Running").setResourceVersion("1").build();
  }

  /** One transaction. */
  public static EnrichedDnsTransaction tx(IpBinding client, Instant at, String qname, String qtype, DnsRcode rcode,
      boolean withAnswer) {
    List<DnsAnswer> answers = new ArrayList<>();
    if (withAnswer) {
      answers.add(new DnsAnswer(qname, qtype, 30L, "AAAA".equals(qtype) ? "2001:db8::10" : "203.0.113.10"));
    }
    DnsTransaction t = DnsTransaction.newBuilder()
        .setNode(client.getNode()).setTimestamp(at).setClientIp(client.getIp()).setClientPort(40000)
        .setServerIp(KUBE_DNS).setServerPort(53).setTransport(Transport.UDP).setDnsId(4242)
        .setQname(qname).setQtype(qtype).setOutcome(DnsOutcome.ANSWERED).setRcode(rcode)
        .setRcodeValue(rcode == DnsRcode.NXDOMAIN ? 3 : 0).setResponseTimestamp(at.plusNanos(400_000))
        .setLatencyMicros(400L).setAnswers(answers).setAnswerCount(answers.size()).build();
    IpBinding kubeDns = IpBinding.newBuilder()
        .setIp(KUBE_DNS).setTimestamp(Instant.parse("2026-11-26T09:00:00Z")).setKind(BindingKind.SERVICE)
        .setNamespace("kube-system").setName("kube-dns").setValidFrom(Instant.parse("2026-11-26T09:00:00Z")).build();
    return EnrichedDnsTransaction.newBuilder()
        .setTransaction(t)
        .setClient(new Attribution(client.getIp(), AttributionStatus.ATTRIBUTED, client, List.of()))
        .setServer(new Attribution(KUBE_DNS, AttributionStatus.ATTRIBUTED, kubeDns, List.of()))
        .build();
  }

  /**
   * A glibc getaddrinfo() lookup of {@code name} from {@code client}: for each candidate name in resolver order, an A
   * and an AAAA query, 1 ms apart; a name in {@code existing} is answered NOERROR (A with an address; AAAA with an
   * address only when in {@code ipv6}, else NOERROR without answers), any other NXDOMAIN. A name written with a
   * trailing dot is tried as it is, once.
   */
  public static List<EnrichedDnsTransaction> lookup(IpBinding client, Instant at, String name, Set<String> existing,
      Set<String> ipv6) {
    List<String> candidates = new ArrayList<>();
    DnsSettings dns = client.getDns();
    if (name.endsWith(".")) {
      candidates.add(name.substring(0, name.length() - 1));
    } else {
      long dots = name.chars().filter(c -> c == '.').count();
      if (dots >= dns.getNdots()) {
        candidates.add(name);
      }
      for (String s : dns.getSearches()) {
        candidates.add(name + "." + s);
      }
      if (dots < dns.getNdots()) {
        candidates.add(name);
      }
    }
    List<EnrichedDnsTransaction> out = new ArrayList<>();
    Instant t = at;
    for (String c : candidates) {
      boolean exists = existing.contains(c);
      for (String qtype : A_AAAA) {
        boolean answer = exists && ("A".equals(qtype) || ipv6.contains(c));
        out.add(tx(client, t, c, qtype, exists ? DnsRcode.NOERROR : DnsRcode.NXDOMAIN, answer));
        t = t.plusMillis(1);
      }
      if (exists) {
        break;
      }
    }
    return out;
  }
}
