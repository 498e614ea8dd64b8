package io.netsight.app.streams;

import io.netsight.app.config.ConfigSources;
import io.netsight.enrich.attribution.EnrichmentConfig;
import io.netsight.enrich.attribution.EnrichmentTopology;
import io.netsight.streams.detect.Detectors;
import io.netsight.streams.errors.StreamsErrorHandling;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code netsight streams} as one Kafka Streams application (exactly-once v2) built from pieces: the enrichment, then
 * every enabled detector of the {@code streams} module ({@link Detectors}), which read the enriched topics the
 * enrichment writes. Bad records go to {@code netsight.dlq.streams.v1} ({@link StreamsErrorHandling}).
 */
public final class StreamsApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

  private final KafkaStreams streams;
  private final Topology topology;
  private final WhoisEndpoint endpoint;

  private StreamsApp(KafkaStreams streams, Topology topology, WhoisEndpoint endpoint) {
    this.streams = streams;
    this.topology = topology;
    this.endpoint = endpoint;
  }

  /** The pieces {@code netsight streams} runs. */
  public static List<StreamsPiece> defaultPieces() {
    List<StreamsPiece> pieces = new ArrayList<>();
    pieces.add(StreamsPiece.of("enrich", EnrichmentConfig.DEF,
        (builder, config) -> EnrichmentTopology.addTo(builder, new EnrichmentConfig(config))));
    pieces.add(StreamsPiece.of("detect", Detectors.configDef(), Detectors::addEnabled));
    return pieces;
  }

  /** Every key of the app and of its pieces, for {@code --help} and for checking {@code --set}. */
  public static ConfigDef configDef(List<StreamsPiece> pieces) {
    List<ConfigDef> defs = new ArrayList<>(List.of(StreamsAppConfig.DEF));
    pieces.forEach(p -> defs.add(p.configDef()));
    return ConfigSources.merge(defs.toArray(ConfigDef[]::new));
  }

  /** The topology of these pieces (what TopologyTestDriver tests and {@code describe()} print). */
  public static Topology topology(List<StreamsPiece> pieces, Map<String, String> config) {
    Properties naming = new Properties();
    naming.put(StreamsConfig.APPLICATION_ID_CONFIG, "netsight-topology");
    naming.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    // Every processor, store and internal topic must be named, so state stays compatible when pieces change.
    naming.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    naming.putAll(StreamsErrorHandling.config());
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(naming)));
    for (StreamsPiece p : pieces) {
      Map<String, String> own = ConfigSources.only(config, p.configDef());
      p.addTo(builder, own);
    }
    return builder.build();
  }

  /** Builds and starts the application and its HTTP endpoint. */
  public static StreamsApp start(List<StreamsPiece> pieces, Map<String, String> config) {
    StreamsAppConfig app = new StreamsAppConfig(ConfigSources.only(config, StreamsAppConfig.DEF,
        StreamsAppConfig.KAFKA_PREFIX));
    WhoisEndpoint endpoint = WhoisEndpoint.bind(app.getInt(StreamsAppConfig.HTTP_PORT));
    String host = app.getString(StreamsAppConfig.ADVERTISED_HOST).isBlank() ? hostName()
        : app.getString(StreamsAppConfig.ADVERTISED_HOST);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, app.getString(StreamsAppConfig.APPLICATION_ID));
    props.put(StreamsConfig.STATE_DIR_CONFIG, app.getString(StreamsAppConfig.STATE_DIR));
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, host + ":" + endpoint.port());
    props.putAll(StreamsErrorHandling.config());
    props.putAll(app.kafka());
    Topology topology = topology(pieces, config);
    LOG.debug("Topology:\n{}", topology.describe());
    KafkaStreams streams = new KafkaStreams(topology, props);
    endpoint.attach(streams, host + ":" + endpoint.port());
    streams.start();
    LOG.info("netsight streams started ({}), HTTP on {}:{}", pieces.stream().map(StreamsPiece::name).toList(), host,
        endpoint.port());
    return new StreamsApp(streams, topology, endpoint);
  }

  public KafkaStreams streams() {
    return streams;
  }

  /** The topology it runs. */
  public Topology topology() {
    return topology;
  }

  public int httpPort() {
    return endpoint.port();
  }

  @Override
  public void close() {
    endpoint.close();
    streams.close(Duration.ofSeconds(30));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
