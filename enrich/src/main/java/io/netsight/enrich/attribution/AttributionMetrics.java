package io.netsight.enrich.attribution;

import io.netsight.schema.StreamTicks;
import io.netsight.schema.v1.Attribution;
import io.netsight.schema.v1.AttributionStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Counts the attribution outcome of each side of an enriched record as Kafka Streams metrics (group
 * {@value #GROUP}, tags {@code stream}, {@code side}, {@code task-id}): {@code lookups-total},
 * {@code unattributed-total}, {@code ambiguous-total} and {@code unattributed-ratio} (share of lookups in the
 * metrics sample window that found no holder). Records pass through unchanged; stream-time ticks are not counted.
 */
final class AttributionMetrics<V> implements FixedKeyProcessor<String, V, V> {

  public static final String GROUP = "netsight-enrich-metrics";

  private final String stream;
  private final Function<V, String> node;
  private final Map<String, Function<V, Attribution>> sides;
  private final List<Sensor> unattributed = new ArrayList<>();
  private final List<Sensor> ambiguous = new ArrayList<>();
  private FixedKeyProcessorContext<String, V> context;
  private StreamsMetrics metrics;

  AttributionMetrics(String stream, Function<V, String> node, Map<String, Function<V, Attribution>> sides) {
    this.stream = stream;
    this.node = node;
    this.sides = new LinkedHashMap<>(sides);
  }

  @Override
  public void init(FixedKeyProcessorContext<String, V> context) {
    this.context = context;
    this.metrics = context.metrics();
    String task = context.taskId().toString();
    for (String side : sides.keySet()) {
      Map<String, String> tags = Map.of("stream", stream, "side", side, "task-id", task);
      Sensor u = metrics.addSensor("netsight-unattributed-" + stream + "-" + side + "-" + task,
          Sensor.RecordingLevel.INFO);
      u.add(new MetricName("lookups-total", GROUP, "Addresses looked up", tags), new CumulativeCount());
      u.add(new MetricName("unattributed-total", GROUP, "Lookups that found no holder at the event's time", tags),
          new CumulativeSum());
      u.add(new MetricName("unattributed-ratio", GROUP,
          "Share of lookups in the sample window that found no holder", tags), new Avg());
      unattributed.add(u);
      Sensor a = metrics.addSensor("netsight-ambiguous-" + stream + "-" + side + "-" + task,
          Sensor.RecordingLevel.INFO);
      a.add(new MetricName("ambiguous-total", GROUP,
          "Lookups with several possible holders (node IP with host-network pods, hand-over second)", tags),
          new CumulativeSum());
      ambiguous.add(a);
    }
  }

  @Override
  public void process(FixedKeyRecord<String, V> record) {
    if (record.value() != null && StreamTicks.isTick(node.apply(record.value()))) {
      context.forward(record); // a stream-time tick of a finite replay: not a lookup
      return;
    }
    int i = 0;
    for (Function<V, Attribution> side : sides.values()) {
      Attribution a = record.value() == null ? null : side.apply(record.value());
      if (a != null) {
        unattributed.get(i).record(a.getStatus() == AttributionStatus.UNATTRIBUTED ? 1.0 : 0.0);
        ambiguous.get(i).record(a.getStatus() == AttributionStatus.AMBIGUOUS ? 1.0 : 0.0);
      }
      i++;
    }
    context.forward(record);
  }

  @Override
  public void close() {
    unattributed.forEach(metrics::removeSensor);
    ambiguous.forEach(metrics::removeSensor);
  }
}
