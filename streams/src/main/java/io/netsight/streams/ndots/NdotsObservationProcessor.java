package io.netsight.streams.ndots;

import io.netsight.schema.Micros;
import io.netsight.schema.StreamTicks;
import io.netsight.schema.v1.Attribution;
import io.netsight.schema.v1.AttributionStatus;
import io.netsight.schema.v1.BindingKind;
import io.netsight.schema.v1.DnsOutcome;
import io.netsight.schema.v1.DnsRcode;
import io.netsight.schema.v1.DnsSettings;
import io.netsight.schema.v1.DnsTransaction;
import io.netsight.schema.v1.EnrichedDnsTransaction;
import io.netsight.schema.v1.IpBinding;
import io.netsight.streams.ndots.state.NdotsObservation;
import io.netsight.streams.ndots.state.PodRef;
import io.netsight.streams.ndots.state.QueryOutcome;
import io.netsight.streams.ndots.state.ResolverProfile;
import io.netsight.streams.ndots.state.ServerRef;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Keeps what the detector needs of an enriched DNS transaction and keys it by its subject: the client pod's workload
 * ({@code <namespace>/<Kind>/<name>}), or the pod itself when it has no owner ({@code <namespace>/Pod/<name>}).
 *
 * <p>Lookups that cannot be tied to a pod and its resolver settings are skipped and counted (Kafka Streams metrics,
 * group {@code stream-netsight-detect-metrics}, {@code ndots-id=ndots}): clients that are UNATTRIBUTED or AMBIGUOUS
 * (their search list is unknown, and a finding that names no workload has no one to act on it; the enrichment
 * reports the unattributed rate), nodes and other non-pod holders, and host-network pods without DNS settings. A pod
 * binding without DNS settings gets kubelet's ClusterFirst defaults (ndots 5, the three cluster suffixes), marked as
 * assumed in the finding.
 */
final class NdotsObservationProcessor implements Processor<String, EnrichedDnsTransaction, String, NdotsObservation> {

  static final String METRICS_SCOPE = "netsight-detect";
  private static final List<String> CLUSTER_FIRST = List.of("ClusterFirst", "ClusterFirstWithHostNet");

  private final NdotsConfig config;
  private ProcessorContext<String, NdotsObservation> context;
  private Sensor unattributed;
  private Sensor notAPod;
  private Sensor noDnsSettings;
  private Sensor invalid;
  private Sensor assumedDns;

  NdotsObservationProcessor(NdotsConfig config) {
    this.config = config;
  }

  @Override
  public void init(ProcessorContext<String, NdotsObservation> context) {
    this.context = context;
    unattributed = sensor("skipped-unattributed");
    notAPod = sensor("skipped-not-a-pod");
    noDnsSettings = sensor("skipped-no-dns-settings");
    invalid = sensor("skipped-invalid");
    assumedDns = sensor("assumed-dns-settings");
  }

  private Sensor sensor(String operation) {
    return context.metrics().addRateTotalSensor(METRICS_SCOPE, NdotsConfig.NAME, operation,
        Sensor.RecordingLevel.INFO);
  }

  @Override
  public void process(Record<String, EnrichedDnsTransaction> record) {
    EnrichedDnsTransaction e = record.value();
    if (e == null || e.getTransaction() == null || e.getClient() == null) {
      invalid.record();
      return;
    }
    DnsTransaction tx = e.getTransaction();
    if (StreamTicks.isTick(tx.getNode())) {
      // No observation: it only carries stream time to the window stage, past the repartition.
      context.forward(record.withKey(StreamTicks.KEY).withValue(null));
      return;
    }
    String qname = tx.getQname();
    if (qname == null || qname.isEmpty() || qname.equals(".")) {
      invalid.record();
      return;
    }
    Attribution client = e.getClient();
    IpBinding b = client.getBinding();
    if (client.getStatus() != AttributionStatus.ATTRIBUTED || b == null) {
      unattributed.record();
      return;
    }
    if ((b.getKind() != BindingKind.POD && b.getKind() != BindingKind.HOST_NETWORK_POD) || b.getNamespace() == null) {
      notAPod.record();
      return;
    }
    ResolverProfile resolver = resolver(b);
    if (resolver == null) {
      noDnsSettings.record();
      return;
    }
    if (resolver.getAssumed()) {
      assumedDns.record();
    }
    PodRef pod = PodRef.newBuilder()
        .setNamespace(b.getNamespace())
        .setName(b.getName())
        .setUid(b.getUid())
        .setIp(tx.getClientIp())
        .setNode(b.getNode() != null ? b.getNode() : tx.getNode())
        .setWorkloadKind(b.getWorkload() == null ? null : b.getWorkload().getKind())
        .setWorkloadName(b.getWorkload() == null ? null : b.getWorkload().getName())
        .build();
    NdotsObservation obs = NdotsObservation.newBuilder()
        .setTimestamp(Micros.of(tx.getTimestamp()))
        .setQname(qname)
        .setQtype(tx.getQtype())
        .setOutcome(outcome(tx))
        .setPod(pod)
        .setResolver(resolver)
        .setServer(server(e))
        .build();
    context.forward(record.withKey(subjectKey(pod)).withValue(obs));
  }

  /** {@code <namespace>/<Kind>/<name>} of the workload, or {@code <namespace>/Pod/<name>} for a bare pod. */
  static String subjectKey(PodRef pod) {
    if (pod.getWorkloadKind() != null && !"Pod".equals(pod.getWorkloadKind()) && pod.getWorkloadName() != null) {
      return pod.getNamespace() + "/" + pod.getWorkloadKind() + "/" + pod.getWorkloadName();
    }
    return pod.getNamespace() + "/Pod/" + pod.getName();
  }

  private ResolverProfile resolver(IpBinding b) {
    DnsSettings dns = b.getDns();
    List<String> searches = new ArrayList<>();
    String policy;
    int ndots;
    boolean assumed = dns == null;
    if (dns == null) {
      if (b.getKind() != BindingKind.POD) {
        return null; // a host-network pod without settings uses the node's resolv.conf, which we do not know
      }
      String cd = config.clusterDomain();
      searches.addAll(List.of(b.getNamespace() + ".svc." + cd, "svc." + cd, cd));
      policy = "ClusterFirst";
      ndots = 5;
    } else {
      for (String s : dns.getSearches()) {
        String n = normalize(s);
        if (!n.isEmpty() && !searches.contains(n)) {
          searches.add(n);
        }
      }
      policy = dns.getDnsPolicy();
      ndots = dns.getNdots();
    }
    if (assumed || CLUSTER_FIRST.contains(policy)) {
      // kubelet appends the node's search domains to ClusterFirst pods; the binding may not know them.
      for (String s : config.hostSearchDomains()) {
        if (!searches.contains(s)) {
          searches.add(s);
        }
      }
    }
    return ResolverProfile.newBuilder().setNdots(ndots).setSearches(searches).setDnsPolicy(policy)
        .setAssumed(assumed).build();
  }

  private static String normalize(String suffix) {
    String s = suffix.strip().toLowerCase(java.util.Locale.ROOT);
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }


  static QueryOutcome outcome(DnsTransaction tx) {
    if (tx.getOutcome() != DnsOutcome.ANSWERED || tx.getRcode() == null) {
      return QueryOutcome.FAILED;
    }
    if (tx.getRcode() == DnsRcode.NXDOMAIN) {
      return QueryOutcome.NXDOMAIN;
    }
    if (tx.getRcode() == DnsRcode.NOERROR) {
      return tx.getAnswerCount() > 0 || !tx.getAnswers().isEmpty() ? QueryOutcome.ANSWERED : QueryOutcome.NODATA;
    }
    return QueryOutcome.FAILED;
  }

  private static ServerRef server(EnrichedDnsTransaction e) {
    String ip = e.getTransaction().getServerIp();
    if (ip == null) {
      return null;
    }
    ServerRef.Builder s = ServerRef.newBuilder().setIp(ip).setKind("EXTERNAL");
    Attribution a = e.getServer();
    if (a != null && a.getStatus() == AttributionStatus.ATTRIBUTED && a.getBinding() != null) {
      IpBinding b = a.getBinding();
      s.setKind(b.getKind() == BindingKind.SERVICE ? "SERVICE" : b.getKind() == BindingKind.NODE ? "NODE" : "POD")
          .setNamespace(b.getNamespace()).setName(b.getName());
    }
    return s.build();
  }
}
