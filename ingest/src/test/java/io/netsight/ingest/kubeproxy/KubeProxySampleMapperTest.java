package io.netsight.ingest.kubeproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.ingest.prometheus.PrometheusTextParser;
import io.netsight.schema.v1.HistogramBucket;
import io.netsight.schema.v1.KubeProxySample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KubeProxySampleMapperTest {

  static String fixture() throws Exception {
    return new String(KubeProxySampleMapperTest.class.getResourceAsStream("kube-proxy-iptables.metrics.txt")
        .readAllBytes(), StandardCharsets.UTF_8);
  }

  private static KubeProxySample map(String text, String mode) {
    return new KubeProxySampleMapper().map(new PrometheusTextParser().parse(text), mode,
        "http://127.0.0.1:10249/metrics", 1_795_691_160_000_000L, "node-a");
  }

  @Test
  void iptablesModeScrape() throws Exception {
    KubeProxySample s = map(fixture(), "iptables");

    assertThat(s.getMode()).isEqualTo("iptables");
    assertThat(s.getSyncDuration().getCount()).isEqualTo(2041);
    assertThat(s.getSyncDuration().getSum()).isEqualTo(160.1041);
    assertThat(s.getSyncDuration().getBuckets()).hasSize(16);
    assertThat(s.getSyncDuration().getBuckets().get(0).getUpperBound()).isEqualTo(0.001);
    assertThat(s.getSyncDuration().getBuckets().get(15).getUpperBound()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(s.getSyncDuration().getBuckets()).extracting(HistogramBucket::getCumulativeCount).isSorted();
    assertThat(s.getFullSyncDuration().getCount()).isEqualTo(41);
    assertThat(s.getPartialSyncDuration().getCount()).isEqualTo(2000);
    assertThat(s.getNetworkProgrammingDuration().getBuckets()).as("0, 0.25, 0.5, 1..59, 60..115, 120..300, +Inf")
        .hasSize(1 + 2 + 59 + 12 + 7 + 1);
    assertThat(s.getNetworkProgrammingDuration().getSum()).isEqualTo(1873.25);
    assertThat(s.getLastSyncTimestamp()).isEqualTo(Instant.parse("2026-11-26T11:05:47.125Z"));
    assertThat(s.getLastQueuedTimestamp()).isEqualTo(Instant.parse("2026-11-26T11:05:50.500Z"));
    assertThat(s.getEndpointChangesPending()).isEqualTo(3);
    assertThat(s.getServiceChangesPending()).isZero();
    assertThat(s.getEndpointChangesTotal()).isEqualTo(15020);
    assertThat(s.getServiceChangesTotal()).isEqualTo(1711);
    assertThat(s.getRestoreFailures()).isEqualTo(2);
    assertThat(s.getRuleCounts()).containsExactly(java.util.Map.entry("iptables/filter", 12L),
        java.util.Map.entry("iptables/nat", 48213L));
    assertThat(s.getOther()).containsEntry("kubeproxy_sync_proxy_rules_iptables_last{ip_family=\"IPv4\","
        + "table=\"nat\"}", 37d)
        .containsEntry("kubeproxy_sync_proxy_rules_no_local_endpoints_total{ip_family=\"IPv4\","
            + "traffic_policy=\"internal\"}", 1d)
        .containsEntry("kubeproxy_sync_proxy_rules_last_timestamp_seconds{ip_family=\"IPv4\"}", 1.795691147125e9)
        .doesNotContainKey("go_goroutines");
    assertThat(s.getOther().keySet()).noneMatch(k -> k.contains("_bucket"));
  }

  @Test
  void dualStackHistogramsAreSummedAndTheLatestSyncWins() {
    KubeProxySample s = map("""
        # TYPE kubeproxy_sync_proxy_rules_duration_seconds histogram
        kubeproxy_sync_proxy_rules_duration_seconds_bucket{ip_family="IPv4",le="0.001"} 1
        kubeproxy_sync_proxy_rules_duration_seconds_bucket{ip_family="IPv4",le="+Inf"} 3
        kubeproxy_sync_proxy_rules_duration_seconds_sum{ip_family="IPv4"} 0.5
        kubeproxy_sync_proxy_rules_duration_seconds_count{ip_family="IPv4"} 3
        kubeproxy_sync_proxy_rules_duration_seconds_bucket{ip_family="IPv6",le="0.001"} 2
        kubeproxy_sync_proxy_rules_duration_seconds_bucket{ip_family="IPv6",le="+Inf"} 5
        kubeproxy_sync_proxy_rules_duration_seconds_sum{ip_family="IPv6"} 1.5
        kubeproxy_sync_proxy_rules_duration_seconds_count{ip_family="IPv6"} 5
        kubeproxy_sync_proxy_rules_last_timestamp_seconds{ip_family="IPv4"} 1.7e+09
        kubeproxy_sync_proxy_rules_last_timestamp_seconds{ip_family="IPv6"} 1.6e+09
        kubeproxy_sync_proxy_rules_nftables_sync_failures_total{ip_family="IPv4"} 4
        """, "nftables\n");

    assertThat(s.getMode()).isEqualTo("nftables");
    assertThat(s.getSyncDuration().getCount()).isEqualTo(8);
    assertThat(s.getSyncDuration().getSum()).isEqualTo(2.0);
    assertThat(s.getSyncDuration().getBuckets()).extracting(HistogramBucket::getCumulativeCount).containsExactly(3L,
        8L);
    assertThat(s.getLastSyncTimestamp()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
    assertThat(s.getOther()).containsKey("kubeproxy_sync_proxy_rules_last_timestamp_seconds{ip_family=\"IPv6\"}");
    assertThat(s.getRestoreFailures()).isEqualTo(4);
    assertThat(s.getFullSyncDuration()).isNull();
    assertThat(s.getRuleCounts()).isEmpty();
  }
}
