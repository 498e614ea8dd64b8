package io.netsight.ingest.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.ingest.kubeproxy.KubeProxySampleMapper;
import io.netsight.schema.v1.KubeProxySample;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any exposition text gives a sample (with counted rejections), never an exception. */
class PrometheusParserProperties {

  private static final String REAL = """
      # HELP kubeproxy_sync_proxy_rules_duration_seconds [ALPHA] SyncProxyRules latency in seconds
      # TYPE kubeproxy_sync_proxy_rules_duration_seconds histogram
      kubeproxy_sync_proxy_rules_duration_seconds_bucket{ip_family="IPv4",le="0.001"} 0
      kubeproxy_sync_proxy_rules_duration_seconds_bucket{ip_family="IPv4",le="+Inf"} 2041
      kubeproxy_sync_proxy_rules_duration_seconds_sum{ip_family="IPv4"} 160.1041
      kubeproxy_sync_proxy_rules_duration_seconds_count{ip_family="IPv4"} 2041
      kubeproxy_sync_proxy_rules_iptables_total{ip_family="IPv4",table="nat"} 48213
      kubeproxy_sync_proxy_rules_last_timestamp_seconds{ip_family="IPv4"} 1.795691147125e+09
      """;

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(400),
        Arbitraries.strings().withChars("kubeproxy_sync{}=\",.+-Inf0123456789e# \n\\le").ofMaxLength(400),
        Arbitraries.integers().between(0, REAL.length()).map(c -> REAL.substring(0, c)),
        Arbitraries.integers().between(0, REAL.length() - 1).flatMap(at -> Arbitraries.chars()
            .map(ch -> REAL.substring(0, at) + ch + REAL.substring(at + 1))));
  }

  @Property(tries = 3000)
  void parserAndMapperNeverThrow(@ForAll("texts") String text) {
    PrometheusTextParser.Exposition x = new PrometheusTextParser().parse(text);

    KubeProxySample s = new KubeProxySampleMapper().map(x, "iptables", "file", 0, "n");

    assertThat(s.getNode()).isEqualTo("n");
    assertThat(x.rejected()).isGreaterThanOrEqualTo(0);
    if (s.getSyncDuration() != null) {
      assertThat(s.getSyncDuration().getBuckets()).extracting(b -> b.getUpperBound()).isSorted();
    }
  }
}
