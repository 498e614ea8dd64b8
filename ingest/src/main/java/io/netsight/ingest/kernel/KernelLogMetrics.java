package io.netsight.ingest.kernel;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Metrics of the kernel log source. Data points are resolved once, so the per-line path increments a held counter.
 * The metric families are registered once per registry and shared: the agent creates a source again to restart it.
 */
public final class KernelLogMetrics {

  private record Families(Counter records, Counter lost, Counter readerErrors, Counter drops, Counter rejected) {
  }

  private static final Map<PrometheusRegistry, Families> FAMILIES =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final CounterDataPoint records;
  private final CounterDataPoint lost;
  private final CounterDataPoint readerErrors;
  private final Counter drops;
  private final CounterDataPoint[] rejections = new CounterDataPoint[KernelLogRejection.values().length];

  /** @param reader the reader's name (kmsg, file, journald, replay), a label of every series */
  public KernelLogMetrics(PrometheusRegistry registry, String reader) {
    Families f = FAMILIES.computeIfAbsent(registry, KernelLogMetrics::register);
    records = f.records().labelValues(reader);
    lost = f.lost().labelValues(reader);
    readerErrors = f.readerErrors().labelValues(reader);
    drops = f.drops();
    for (KernelLogRejection r : KernelLogRejection.values()) {
      rejections[r.ordinal()] = f.rejected().labelValues(r.label());
    }
  }

  private static Families register(PrometheusRegistry registry) {
    Counter records = Counter.builder().name("netsight_kernel_log_records_total")
        .help("Kernel log records (kmsg records, file lines, journal entries) read, matching or not.")
        .labelNames("reader").register(registry);
    Counter lost = Counter.builder().name("netsight_kernel_log_lost_total")
        .help("Kernel log records lost before netsight read them: /dev/kmsg sequence gaps after the ring buffer "
            + "overwrote them (EPIPE).")
        .labelNames("reader").register(registry);
    Counter readerErrors = Counter.builder().name("netsight_kernel_log_reader_errors_total")
        .help("Read failures of the kernel log reader (file vanished, journalctl restarted, I/O error).")
        .labelNames("reader").register(registry);
    Counter drops = Counter.builder().name("netsight_kernel_drops_total")
        .help("KernelDrop records emitted, by the configured prefix the line matched.")
        .labelNames("prefix").register(registry);
    Counter rejected = Counter.builder().name("netsight_kernel_log_rejected_total")
        .help("Kernel log lines with a configured prefix that were not turned into records, by reason.")
        .labelNames("reason").register(registry);
    return new Families(records, lost, readerErrors, drops, rejected);
  }

  public void record() {
    records.inc();
  }

  public void lost(long n) {
    if (n > 0) {
      lost.inc(n);
    }
  }

  public void readerError() {
    readerErrors.inc();
  }

  public void drop(String prefix) {
    drops.labelValues(prefix).inc();
  }

  public void reject(KernelLogRejection r) {
    rejections[r.ordinal()].inc();
  }

  public long records() {
    return (long) records.get();
  }

  public long lost() {
    return (long) lost.get();
  }

  public long readerErrors() {
    return (long) readerErrors.get();
  }

  public long rejected(KernelLogRejection r) {
    return (long) rejections[r.ordinal()].get();
  }

  public long rejectedTotal() {
    long sum = 0;
    for (CounterDataPoint c : rejections) {
      sum += (long) c.get();
    }
    return sum;
  }
}
