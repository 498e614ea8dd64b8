package io.netsight.ingest.capture;

import io.netsight.ingest.metrics.IngestMetrics;
import java.util.function.Consumer;
import org.apache.kafka.common.config.AbstractConfig;

/**
 * What a source gets from the agent: its node name, the agent's typed configuration (every source's keys are in it),
 * the metrics registry, where records go, and how to report a failure.
 *
 * @param node     the node name records carry
 * @param config   the agent's configuration
 * @param metrics  the agent's metrics
 * @param sink     where records go (the publisher's bounded queue)
 * @param failures called with a failure the source cannot recover from; the agent decides to restart or stop
 */
public record SourceContext(String node, AbstractConfig config, IngestMetrics metrics, RecordSink sink,
    Consumer<Throwable> failures) {

  public void failed(Throwable error) {
    failures.accept(error);
  }
}
