package io.netsight.streams.detect;

import io.netsight.schema.Topics;
import io.netsight.schema.v1.EnrichedDnsTransaction;
import io.netsight.schema.v1.Finding;
import java.util.Objects;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

/**
 * What a detector gets to build with: the {@link StreamsBuilder}, one shared source stream per enriched topic (a topic
 * can be subscribed only once per topology, and several detectors read the same one), its configuration, and the
 * findings sink.
 */
public final class DetectorContext {

  private final StreamsBuilder builder;
  private final Sources sources;
  private final AbstractConfig config;

  DetectorContext(StreamsBuilder builder, Sources sources, AbstractConfig config) {
    this.builder = Objects.requireNonNull(builder, "builder");
    this.sources = Objects.requireNonNull(sources, "sources");
    this.config = Objects.requireNonNull(config, "config");
  }

  public StreamsBuilder builder() {
    return builder;
  }

  /** The detector's configuration, parsed and validated by its {@link Detector#configDef()}. */
  public AbstractConfig config() {
    return config;
  }

  /** {@code netsight.enriched.dns.v1}, keyed by client IP. */
  public KStream<String, EnrichedDnsTransaction> enrichedDns() {
    return sources.enrichedDns();
  }

  /** Writes finding episodes (keyed by finding id) to {@code netsight.findings.v1}. */
  public void toFindings(KStream<String, Finding> findings, String detectorName) {
    findings.to(Topics.FINDINGS.name(), Produced.with(Topics.FINDINGS.keySerde(), Topics.FINDINGS.valueSerde())
        .withName(detectorName + "-findings-sink"));
  }

  /** The enriched source streams of one topology, each created on first use. */
  static final class Sources {
    private final StreamsBuilder builder;
    private KStream<String, EnrichedDnsTransaction> enrichedDns;

    Sources(StreamsBuilder builder) {
      this.builder = builder;
    }

    KStream<String, EnrichedDnsTransaction> enrichedDns() {
      if (enrichedDns == null) {
        enrichedDns = builder.stream(Topics.ENRICHED_DNS.name(),
            Consumed.with(Topics.ENRICHED_DNS.keySerde(), Topics.ENRICHED_DNS.valueSerde())
                .withName("detect-source-enriched-dns"));
      }
      return enrichedDns;
    }
  }
}
