package io.netsight.streams.ndots;

import io.netsight.schema.v1.Finding;
import io.netsight.streams.detect.Detector;
import io.netsight.streams.detect.DetectorContext;
import io.netsight.streams.detect.EpisodeTracker;
import io.netsight.streams.detect.StateSerdes;
import io.netsight.streams.ndots.state.NdotsObservation;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * DNS {@code ndots:5} search-path amplification: a workload whose lookups mostly go to NXDOMAIN search-path
 * expansions before the name it meant. Reads {@code netsight.enriched.dns.v1}; writes {@code NDOTS_AMPLIFICATION}
 * episodes, one per workload, with the fix computed from its lookups ({@link NdotsRecommender}).
 *
 * <pre>
 * enriched dns --ndots-observe--> (subject, observation) --ndots-by-subject (repartition)-->
 *   ndots-windows [store ndots-windows] --(subject, draft)--> ndots-episodes [store ndots-episodes]
 *   --(finding id, finding)--> netsight.findings.v1
 * </pre>
 */
public final class NdotsAmplificationDetector implements Detector {

  @Override
  public String name() {
    return NdotsConfig.NAME;
  }

  @Override
  public ConfigDef configDef() {
    return NdotsConfig.configDef();
  }

  @Override
  public void addTo(DetectorContext context) {
    NdotsConfig config = NdotsConfig.from(context.config());
    KStream<String, Finding> findings = context.enrichedDns()
        // Keep what the detector needs, keyed by workload; unattributable clients are counted and dropped.
        .process(() -> new NdotsObservationProcessor(config), Named.as("ndots-observe"))
        // One workload's pods sit on many nodes, so their lookups arrive on many partitions: bring them together.
        .repartition(Repartitioned.with(Serdes.String(), StateSerdes.of(NdotsObservation.class))
            .withName("ndots-by-subject"))
        .process(NdotsWindowProcessor.supplier(config), Named.as("ndots-windows"))
        .process(EpisodeTracker.supplier(config.episodes()), Named.as("ndots-episodes"));
    context.toFindings(findings, NdotsConfig.NAME);
  }
}
