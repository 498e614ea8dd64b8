package io.netsight.ingest.kubeproxy;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/** The kube-proxy scraper's metrics, registered once per registry (a restarted scraper reuses them). */
final class KubeProxyMetrics {

  private static final Map<PrometheusRegistry, KubeProxyMetrics> BY_REGISTRY =
      Collections.synchronizedMap(new WeakHashMap<>());

  final CounterDataPoint ok;
  final CounterDataPoint failed;
  final CounterDataPoint rejectedLines;
  volatile boolean up;

  private KubeProxyMetrics(PrometheusRegistry registry) {
    Counter scrapes = Counter.builder().name("netsight_kube_proxy_scrapes_total")
        .help("Scrapes of kube-proxy's /metrics, by result.").labelNames("result").register(registry);
    ok = scrapes.labelValues("ok");
    failed = scrapes.labelValues("error");
    rejectedLines = Counter.builder().name("netsight_kube_proxy_rejected_lines_total")
        .help("Lines of kube-proxy's /metrics answer that were not valid exposition format.").register(registry)
        .labelValues();
    GaugeWithCallback.builder().name("netsight_kube_proxy_up")
        .help("1 when the last scrape of kube-proxy's /metrics succeeded.").callback(cb -> cb.call(up ? 1 : 0))
        .register(registry);
  }

  static KubeProxyMetrics of(PrometheusRegistry registry) {
    return BY_REGISTRY.computeIfAbsent(registry, KubeProxyMetrics::new);
  }
}
