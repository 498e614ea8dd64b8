package io.netsight.ingest.kernel;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Metrics of the kernel log source. Data points are resolved once, so the per-line path increments a held counter.
 */
public final class KernelLogMetrics {

  private final CounterDataPoint records;
  private final CounterDataPoint lost;
  private final CounterDataPoint readerErrors;
  private final Counter drops;
  private final CounterDataPoint[] rejections = new CounterDataPoint[KernelLogRejection.values().length];

  /** @param reader the reader's name (kmsg, file, journald, replay), a label of every series */
  public KernelLogMetrics(PrometheusRegistry registry, String reader) {
    records = Counter.builder().name("netsight_kernel_log_records_total")
        .help("Kernel log records (kmsg records, file lines, journal entries) read, matching or not.")
        .labelNames("reader").register(registry).labelValues(reader);
    lost = Counter.builder().name("netsight_kernel_log_lost_total")
        .help("Kernel log records lost before netsight read them: /dev/kmsg sequence gaps after the ring buffer "
            + "overwrote them (EPIPE).")
        .labelNames("reader").register(registry).labelValues(reader);
    readerErrors = Counter.builder().name("netsight_kernel_log_reader_errors_total")
        .help("Read failures of the kernel log reader (file vanished, journalctl restarted, I/O error).")
        .labelNames("reader").register(registry).labelValues(reader);
    drops = Counter.builder().name("netsight_kernel_drops_total")
        .help("KernelDrop records emitted, by the configured prefix the line matched.")
        .labelNames("prefix").register(registry);
    Counter rejected = Counter.builder().name("netsight_kernel_log_rejected_total")
        .help("Kernel log lines with a configured prefix that were not turned into records, by reason.")
        .labelNames("reason").register(registry);
    for (KernelLogRejection r : KernelLogRejection.values()) {
      rejections[r.ordinal()] = rejected.labelValues(r.label());
    }
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
