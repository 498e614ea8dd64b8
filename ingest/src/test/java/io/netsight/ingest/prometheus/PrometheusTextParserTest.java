package io.netsight.ingest.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.ingest.prometheus.PrometheusTextParser.Exposition;
import io.netsight.ingest.prometheus.PrometheusTextParser.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextParserTest {

  private final PrometheusTextParser parser = new PrometheusTextParser();

  @Test
  void kubeProxyExpositionFamiliesTypesHelpAndGoFloats() throws Exception {
    String text = new String(getClass().getResourceAsStream("/io/netsight/ingest/kubeproxy/"
        + "kube-proxy-iptables.metrics.txt").readAllBytes(), StandardCharsets.UTF_8);

    Exposition x = parser.parse(text);

    assertThat(x.rejected()).isZero();
    var sync = x.families().get("kubeproxy_sync_proxy_rules_duration_seconds");
    assertThat(sync.type()).isEqualTo("histogram");
    assertThat(sync.help()).isEqualTo("[ALPHA] SyncProxyRules latency in seconds");
    assertThat(sync.samples()).hasSize(16 + 2);
    assertThat(x.samples("kubeproxy_sync_proxy_rules_last_timestamp_seconds").get(0).value())
        .isEqualTo(1.795691147125e9);
    assertThat(x.samples("rest_client_requests_total")).extracting(s -> s.labels().get("code"))
        .containsExactly("200", "<error>");
    assertThat(x.families().get("kubernetes_build_info").samples().get(0).labels())
        .containsEntry("git_version", "v1.33.1");
  }

  @Test
  void labelEscapesWhitespaceTimestampsAndSpecialValues() {
    Exposition x = parser.parse("""
        # HELP m A help with a \\\\ backslash and a \\n newline.
        # TYPE m gauge
        m{path="C:\\\\dir",quote="say \\"hi\\"",nl="a\\nb",} +Inf 1700000000000
        m { a = "1" } -Inf
        m{a="2"} NaN
        m 1.5e+06
        """);

    assertThat(x.rejected()).isZero();
    var samples = x.families().get("m").samples();
    assertThat(samples.get(0).labels()).isEqualTo(Map.of("path", "C:\\dir", "quote", "say \"hi\"", "nl", "a\nb"));
    assertThat(samples.get(0).value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(samples.get(0).series()).isEqualTo("m{path=\"C:\\\\dir\",quote=\"say \\\"hi\\\"\",nl=\"a\\nb\"}");
    assertThat(samples.get(1).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(samples.get(2).value()).isNaN();
    assertThat(samples.get(3).value()).isEqualTo(1_500_000d);
    assertThat(x.families().get("m").help()).isEqualTo("A help with a \\ backslash and a \n newline.");
  }

  @Test
  void openMetricsCountersCreatedExemplarsAndEof() {
    Exposition x = parser.parse("""
        # TYPE kubeproxy_sync_proxy_rules_endpoint_changes counter
        # UNIT kubeproxy_sync_proxy_rules_endpoint_changes changes
        kubeproxy_sync_proxy_rules_endpoint_changes_total 17 1700000000.5 # {trace_id="abc"} 1 1700000000.1
        kubeproxy_sync_proxy_rules_endpoint_changes_created 1.7e9
        # EOF
        after_eof 1
        """);

    assertThat(x.sawEof()).isTrue();
    assertThat(x.families()).containsOnlyKeys("kubeproxy_sync_proxy_rules_endpoint_changes");
    assertThat(x.families().get("kubeproxy_sync_proxy_rules_endpoint_changes").type()).isEqualTo("counter");
    assertThat(x.samples("kubeproxy_sync_proxy_rules_endpoint_changes_total").get(0).value()).isEqualTo(17d);
  }

  @Test
  void badLinesAreCountedAndTheRestIsRead() {
    Exposition x = parser.parse("""
        ok 1
        9bad 1
        m{a="unterminated} 1
        m{a="1",a="2"} 1
        m{a=1} 1
        m 12abc
        m 1 notatime
        m 1 2 3
        # TYPE m wibble
        ok2 2
        """);

    assertThat(x.samples("ok")).hasSize(1);
    assertThat(x.samples("ok2")).hasSize(1);
    assertThat(x.rejections()).containsEntry(Rejection.BAD_NAME, 1).containsEntry(Rejection.BAD_LABELS, 3)
        .containsEntry(Rejection.BAD_VALUE, 1).containsEntry(Rejection.BAD_TIMESTAMP, 2)
        .containsEntry(Rejection.BAD_COMMENT, 1);
  }
}
