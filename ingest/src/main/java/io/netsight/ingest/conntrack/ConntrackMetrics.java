package io.netsight.ingest.conntrack;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.netsight.schema.v1.ConntrackEventType;
import java.util.function.DoubleSupplier;

/** Metrics of the conntrack sources (events and stats) in the agent's registry. */
public final class ConntrackMetrics {

  private final CounterDataPoint[] events = new CounterDataPoint[ConntrackEventType.values().length];
  private final CounterDataPoint[] rejections = new CounterDataPoint[ConntrackRejection.values().length];
  private final CounterDataPoint overflows;
  private final CounterDataPoint samples;
  private final CounterDataPoint sampleErrors;
  private final PrometheusRegistry registry;
  private volatile io.netsight.ingest.sourcekit.SupervisedProcess eventsProcess;

  public ConntrackMetrics(PrometheusRegistry registry) {
    this.registry = registry;
    Counter ev = Counter.builder().name("netsight_conntrack_events_total")
        .help("Conntrack events turned into records, by type.").labelNames("type").register(registry);
    for (ConntrackEventType t : ConntrackEventType.values()) {
      events[t.ordinal()] = ev.labelValues(t.name().toLowerCase(java.util.Locale.ROOT));
    }
    Counter rej = Counter.builder().name("netsight_conntrack_rejected_total")
        .help("conntrack output lines and stats samples that could not be read, by reason.").labelNames("reason")
        .register(registry);
    for (ConntrackRejection r : ConntrackRejection.values()) {
      rejections[r.ordinal()] = rej.labelValues(r.label());
    }
    overflows = Counter.builder().name("netsight_conntrack_event_overflows_total")
        .help("Times conntrack -E reported ENOBUFS (\"No buffer space available\"): the kernel dropped events "
            + "because the netlink socket buffer was full; how many is not known. Raise conntrack.events.buffer.bytes.")
        .register(registry);
    Counter s = Counter.builder().name("netsight_conntrack_stats_samples_total")
        .help("Samples of /proc/net/stat/nf_conntrack, by result.").labelNames("result").register(registry);
    samples = s.labelValues("ok");
    sampleErrors = s.labelValues("error");
    gauge("netsight_conntrack_events_up", "1 while the conntrack -E child process runs.", () -> {
      var p = eventsProcess;
      return p != null && p.running() ? 1 : 0;
    });
    gauge("netsight_conntrack_events_restarts", "Times the current conntrack -E child was started again.", () -> {
      var p = eventsProcess;
      return p == null ? 0 : p.restarts();
    });
  }

  /** The conntrack -E process the gauges report (the agent may replace the source, and so the process). */
  void eventsProcess(io.netsight.ingest.sourcekit.SupervisedProcess process) {
    this.eventsProcess = process;
  }

  public void event(ConntrackEventType t) {
    events[t.ordinal()].inc();
  }

  public void reject(ConntrackRejection r) {
    rejections[r.ordinal()].inc();
  }

  public void overflow() {
    overflows.inc();
  }

  public void sample(boolean ok) {
    (ok ? samples : sampleErrors).inc();
  }

  public long events(ConntrackEventType t) {
    return (long) events[t.ordinal()].get();
  }

  public long rejected(ConntrackRejection r) {
    return (long) rejections[r.ordinal()].get();
  }

  public long overflows() {
    return (long) overflows.get();
  }

  public long samples(boolean ok) {
    return (long) (ok ? samples : sampleErrors).get();
  }

  /** Registers a gauge or counter read at scrape time (restarts of the child, whether it runs). */
  void gauge(String name, String help, DoubleSupplier value) {
    GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble())).register(registry);
  }
}
