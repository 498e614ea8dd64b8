package io.netsight.ingest.kubeproxy;

import io.netsight.ingest.prometheus.PrometheusTextParser.Exposition;
import io.netsight.ingest.prometheus.PrometheusTextParser.Sample;
import io.netsight.schema.Micros;
import io.netsight.schema.v1.Histogram;
import io.netsight.schema.v1.HistogramBucket;
import io.netsight.schema.v1.KubeProxySample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns one kube-proxy scrape into a {@code KubeProxySample}: the sync-duration histograms (all, full, partial) and
 * network programming latency, last sync and last queued times, pending and total changes, restore/sync failures, rule
 * counts per {@code <backend>/<table>} from {@code kubeproxy_sync_proxy_rules_<backend>_total{table=...}}, and every
 * other {@code kubeproxy_sync_proxy_rules_*} series in {@code other}. Since v1.33 kube-proxy labels most of these with
 * {@code ip_family}; a dual-stack node exports two series per metric: histograms and counts are summed over families,
 * timestamps take the latest, and the per-family series are also kept in {@code other}, so a family whose syncs stall
 * is still visible.
 */
public final class KubeProxySampleMapper {

  public static final String PREFIX = "kubeproxy_sync_proxy_rules_";
  static final String SYNC = "kubeproxy_sync_proxy_rules_duration_seconds";
  static final String FULL_SYNC = "kubeproxy_sync_full_proxy_rules_duration_seconds";
  static final String PARTIAL_SYNC = "kubeproxy_sync_partial_proxy_rules_duration_seconds";
  static final String NETWORK_PROGRAMMING = "kubeproxy_network_programming_duration_seconds";
  static final String LAST_SYNC = "kubeproxy_sync_proxy_rules_last_timestamp_seconds";
  static final String LAST_QUEUED = "kubeproxy_sync_proxy_rules_last_queued_timestamp_seconds";
  static final String ENDPOINT_PENDING = "kubeproxy_sync_proxy_rules_endpoint_changes_pending";
  static final String SERVICE_PENDING = "kubeproxy_sync_proxy_rules_service_changes_pending";
  static final String ENDPOINT_TOTAL = "kubeproxy_sync_proxy_rules_endpoint_changes_total";
  static final String SERVICE_TOTAL = "kubeproxy_sync_proxy_rules_service_changes_total";
  static final String IPTABLES_RESTORE_FAILURES = "kubeproxy_sync_proxy_rules_iptables_restore_failures_total";
  static final String NFTABLES_SYNC_FAILURES = "kubeproxy_sync_proxy_rules_nftables_sync_failures_total";

  /**
   * @param exposition the parsed /metrics answer
   * @param mode       the /proxyMode answer, or null
   * @param endpoint   the URL (or file) scraped
   */
  public KubeProxySample map(Exposition exposition, String mode, String endpoint, long timestampMicros,
      String node) {
    Map<String, Long> rules = new TreeMap<>();
    Map<String, Double> other = new TreeMap<>();
    for (Map.Entry<String, List<Sample>> e : exposition.samplesByName().entrySet()) {
      String name = e.getKey();
      if (!name.startsWith(PREFIX)) {
        continue;
      }
      for (Sample s : e.getValue()) {
        String table = s.labels().get("table");
        boolean ruleCount = table != null && name.endsWith("_total") && name.length() > PREFIX.length() + 6;
        if (ruleCount) {
          String backend = name.substring(PREFIX.length(), name.length() - "_total".length());
          if (!backend.contains("_") && Double.isFinite(s.value())) {
            rules.merge(backend + "/" + table, (long) s.value(), Long::sum);
            if (!s.labels().containsKey("ip_family")) {
              continue;
            }
          }
        }
        if (isMapped(name) && (!s.labels().containsKey("ip_family") || name.endsWith("_bucket"))) {
          continue; // in the typed fields; per-family counts, sums and values stay visible in other
        }
        other.put(s.series(), s.value());
      }
    }
    return KubeProxySample.newBuilder()
        .setNode(node)
        .setTimestamp(Micros.toInstant(timestampMicros))
        .setEndpoint(endpoint)
        .setMode(mode == null || mode.isBlank() ? null : mode.strip())
        .setSyncDuration(histogram(exposition, SYNC))
        .setFullSyncDuration(histogram(exposition, FULL_SYNC))
        .setPartialSyncDuration(histogram(exposition, PARTIAL_SYNC))
        .setNetworkProgrammingDuration(histogram(exposition, NETWORK_PROGRAMMING))
        .setLastSyncTimestamp(timestamp(exposition, LAST_SYNC))
        .setLastQueuedTimestamp(timestamp(exposition, LAST_QUEUED))
        .setEndpointChangesPending(sum(exposition, ENDPOINT_PENDING))
        .setServiceChangesPending(sum(exposition, SERVICE_PENDING))
        .setEndpointChangesTotal(sum(exposition, ENDPOINT_TOTAL))
        .setServiceChangesTotal(sum(exposition, SERVICE_TOTAL))
        .setRestoreFailures(sumOf(sum(exposition, IPTABLES_RESTORE_FAILURES), sum(exposition, NFTABLES_SYNC_FAILURES)))
        .setRuleCounts(new LinkedHashMap<>(rules))
        .setOther(new LinkedHashMap<>(other))
        .build();
  }

  private static boolean isMapped(String name) {
    return name.startsWith(SYNC) || name.equals(LAST_SYNC) || name.equals(LAST_QUEUED)
        || name.equals(ENDPOINT_PENDING) || name.equals(SERVICE_PENDING) || name.equals(ENDPOINT_TOTAL)
        || name.equals(SERVICE_TOTAL) || name.equals(IPTABLES_RESTORE_FAILURES)
        || name.equals(NFTABLES_SYNC_FAILURES);
  }

  /** The histogram summed over its label sets (ip_family), or null when the family is absent or inconsistent. */
  static Histogram histogram(Exposition x, String family) {
    List<Sample> counts = x.samples(family + "_count");
    List<Sample> sums = x.samples(family + "_sum");
    if (counts.isEmpty() || sums.isEmpty()) {
      return null;
    }
    TreeMap<Double, Long> buckets = new TreeMap<>();
    for (Sample b : x.samples(family + "_bucket")) {
      Double le = b.labels().containsKey("le")
          ? io.netsight.ingest.prometheus.PrometheusTextParser.valueOf(b.labels().get("le")) : null;
      if (le == null || le.isNaN() || !Double.isFinite(b.value()) && !Double.isNaN(b.value())) {
        continue;
      }
      buckets.merge(le, (long) b.value(), Long::sum);
    }
    long count = 0;
    for (Sample c : counts) {
      count += (long) c.value();
    }
    double sum = 0;
    for (Sample s : sums) {
      sum += s.value();
    }
    List<HistogramBucket> list = new ArrayList<>(buckets.size());
    buckets.forEach((le, n) -> list.add(HistogramBucket.newBuilder().setUpperBound(le).setCumulativeCount(n)
        .build()));
    return Histogram.newBuilder().setCount(count).setSum(sum).setBuckets(list).build();
  }

  private static java.time.Instant timestamp(Exposition x, String name) {
    double latest = Double.NEGATIVE_INFINITY;
    for (Sample s : x.samples(name)) {
      if (Double.isFinite(s.value()) && s.value() > latest) {
        latest = s.value();
      }
    }
    if (latest == Double.NEGATIVE_INFINITY || latest <= 0) {
      return null; // 0 until the first sync
    }
    return Micros.toInstant(Math.round(latest * 1_000_000d));
  }

  private static Long sum(Exposition x, String name) {
    List<Sample> samples = x.samples(name);
    if (samples.isEmpty()) {
      return null;
    }
    long total = 0;
    for (Sample s : samples) {
      if (Double.isFinite(s.value())) {
        total += (long) s.value();
      }
    }
    return total;
  }

  private static Long sumOf(Long a, Long b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a + b;
  }
}
