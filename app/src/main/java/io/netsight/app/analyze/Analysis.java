package io.netsight.app.analyze;

import io.netsight.schema.Micros;
import io.netsight.app.config.ConfigSources;
import io.netsight.app.kafka.EmbeddedKafka;
import io.netsight.app.sink.ElasticsearchExport;
import io.netsight.sinks.elasticsearch.EcsDocuments;
import io.netsight.app.streams.StreamsApp;
import io.netsight.app.streams.StreamsAppConfig;
import io.netsight.app.streams.StreamsPiece;
import io.netsight.enrich.attribution.EnrichmentConfig;
import io.netsight.enrich.cluster.ClusterBindings;
import io.netsight.enrich.cluster.ClusterFiles;
import io.netsight.enrich.identity.DerivationConfig;
import io.netsight.enrich.publisher.KafkaBindingSink;
import io.netsight.ingest.capture.CaptureSourceRegistry;
import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.ingest.publish.KafkaRecordPublisher;
import io.netsight.ingest.pcap.CaptureFileException;
import io.netsight.ingest.replay.CaptureReplay;
import io.netsight.ingest.replay.ReplayConfig;
import io.netsight.ingest.replay.ReplayInput;
import io.netsight.ingest.sourcekit.NodeSources;
import io.netsight.schema.StreamTicks;
import io.netsight.schema.TopicSpec;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.Finding;
import io.netsight.streams.detect.Detectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TopologyDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on one machine over recorded inputs, with the production code of every stage: an in-JVM broker,
 * the cluster state published as the identity publisher would, the captures replayed with their original timestamps
 * as {@code netsight replay} does, and the {@code netsight streams} application (enrichment and detectors). It ends
 * when the application has processed every input and every window holding a capture record has closed, and returns
 * the last revision of each finding episode. What {@code netsight analyze} and {@code netsight demo} run.
 *
 * <p>Two settings differ from a live cluster, both because the input is finite and complete before processing starts:
 * every topic has one partition, and the enrichment's join grace is zero (it waits for late bindings, and here every
 * binding is published before the first capture). After the last capture a stream-time tick ({@link StreamTicks})
 * closes the last windows.
 */
public final class Analysis {

  private static final Logger LOG = LoggerFactory.getLogger(Analysis.class);
  static final CaptureSourceRegistry REGISTRY = CaptureSourceRegistry.standard();
  private static final Duration COMPLETION_TIMEOUT = Duration.ofMinutes(30);
  /** The node name replayed records carry (recordings do not say which node they were made on). */
  static final String NODE = "analyze";

  /** The recorded inputs of one analysis (the file formats of {@code netsight replay}, and cluster state). */
  public record Inputs(List<Path> pcaps, List<Path> kernelLogs, List<Path> conntrackEvents,
      List<Path> conntrackStats, List<Path> kubeProxyMetrics, List<Path> clusterFiles) {

    public Inputs {
      pcaps = List.copyOf(pcaps);
      kernelLogs = List.copyOf(kernelLogs);
      conntrackEvents = List.copyOf(conntrackEvents);
      conntrackStats = List.copyOf(conntrackStats);
      kubeProxyMetrics = List.copyOf(kubeProxyMetrics);
      clusterFiles = List.copyOf(clusterFiles);
    }

    /** Packet captures and cluster state only. */
    public static Inputs captures(List<Path> pcaps, List<Path> clusterFiles) {
      return new Inputs(pcaps, List.of(), List.of(), List.of(), List.of(), clusterFiles);
    }

    boolean empty() {
      return pcaps.isEmpty() && kernelLogs.isEmpty() && conntrackEvents.isEmpty() && conntrackStats.isEmpty()
          && kubeProxyMetrics.isEmpty();
    }
  }

  /** What an analysis found. */
  public record Result(List<Finding> findings, Map<String, List<IndexedRecord>> printed, Summary summary) {
  }

  /** Counts for the closing line on stderr: what went in, and what was rejected on the way (never silently). */
  public record Summary(int clusterObjects, int bindings, Map<String, Long> captured, long packets,
      long rejectedPackets) {

    /** One line: inputs, records per capture topic, rejections. */
    public String describe() {
      StringBuilder sb = new StringBuilder().append(clusterObjects).append(" cluster objects -> ").append(bindings)
          .append(" bindings; ").append(packets).append(" packets (").append(rejectedPackets)
          .append(" rejected); records:");
      if (captured.isEmpty()) {
        sb.append(" none");
      }
      captured.forEach((topic, n) -> sb.append(' ').append(topic).append('=').append(n));
      return sb.toString();
    }
  }

  /** Every configuration key analyze takes: the streams app's and its pieces', the replay's, the identity's. */
  public static org.apache.kafka.common.config.ConfigDef configDef() {
    return ConfigSources.merge(StreamsApp.configDef(StreamsApp.defaultPieces()), ReplayConfig.configDef(REGISTRY),
        DerivationConfig.DEF);
  }


  private Analysis() {
  }

  /**
   * Runs the analysis.
   *
   * @param config       merged configuration (keys of {@link #configDef()})
   * @param printTopics  topics whose every record (ticks left out) to return as well
   * @param elasticsearchUrl when not null, the findings, evidence and bindings are also written there
   * @param status       one-line progress messages for a person (stderr)
   * @throws IllegalArgumentException for inputs that cannot be read (the message names the file and why)
   */
  public static Result run(Inputs inputs, Map<String, String> config, List<TopicSpec<?, ?>> printTopics,
      String elasticsearchUrl, Consumer<String> status) throws InterruptedException {
    // Read everything that can be wrong with the inputs before starting anything.
    ClusterBindings cluster = ClusterFiles.read(inputs.clusterFiles(),
        new DerivationConfig(ConfigSources.only(config, DerivationConfig.DEF)));
    ReplayConfig replayConfig = new ReplayConfig(ConfigSources.only(config, ReplayConfig.configDef(REGISTRY), "kafka."),
        REGISTRY);
    IngestMetrics metrics = new IngestMetrics();
    List<ReplayInput> replayInputs = new ArrayList<>();
    try {
      if (!inputs.pcaps().isEmpty()) {
        replayInputs.add(replayConfig.packetFiles(inputs.pcaps(), NODE, REGISTRY.packetAnalyzerNames(), metrics));
      }
      replayInputs.addAll(NodeSources.replayInputs(inputs.kernelLogs(), inputs.conntrackEvents(),
          inputs.conntrackStats(), inputs.kubeProxyMetrics(), NODE, replayConfig, metrics.registry()));
    } catch (CaptureFileException | UncheckedIOException e) {
      replayInputs.forEach(ReplayInput::close);
      throw new IllegalArgumentException(e.getMessage(), e);
    }

    Path stateDir = tempDir("netsight-analyze-");
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      List<TopicSpec<?, ?>> topics = Topics.all().stream().<TopicSpec<?, ?>>map(t -> t.withPartitions(1)).toList();
      kafka.createTopics(topics);
      status.accept("Kafka " + kafka.bootstrapServers() + ": " + topics.size() + " topics, one partition each");

      Map<String, Long> captured = new LinkedHashMap<>();
      Instant[] span = new Instant[2];
      // The identity publisher's own sink, so bindings reach the topics exactly as in a cluster (and acknowledged).
      try (KafkaBindingSink bindings = new KafkaBindingSink(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
          ProducerConfig.CLIENT_ID_CONFIG, "netsight-analyze-identity"))) {
        bindings.send(cluster.publications());
      }
      try (CheckedProducer producer = new CheckedProducer(KafkaRecordPublisher.producer(
          KafkaRecordPublisher.producerConfig("netsight-analyze", Map.of(
              ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
              ProducerConfig.LINGER_MS_CONFIG, 5))))) {
        status.accept("cluster state: " + cluster.objects() + " objects -> " + cluster.publications().size()
            + " binding records");

        CaptureReplay.Summary replayed;
        try {
          replayed = CaptureReplay.run(replayInputs, r -> {
            producer.send(new ProducerRecord<>(r.topic().name(), null, r.timestampMicros() / 1000, r.key(),
                r.serializedValue()));
            Instant at = Micros.toInstant(r.timestampMicros());
            span[0] = span[0] == null || at.isBefore(span[0]) ? at : span[0];
            span[1] = span[1] == null || at.isAfter(span[1]) ? at : span[1];
            captured.merge(r.topic().name(), 1L, Long::sum);
          }, null);
        } finally {
          replayInputs.forEach(ReplayInput::close);
        }
        if (span[1] != null) {
          // One tick per capture topic, far enough after the last record to close every detector's last window.
          Instant tick = span[1].plus(Detectors.closingHorizon(config)).plusSeconds(1);
          send(producer, Topics.CAPTURE_DNS, StreamTicks.KEY, StreamTicks.dns(tick), tick);
          send(producer, Topics.CAPTURE_TCP_RESET, StreamTicks.KEY, StreamTicks.tcpReset(tick), tick);
          send(producer, Topics.CAPTURE_CONNTRACK, StreamTicks.KEY, StreamTicks.conntrack(tick), tick);
          send(producer, Topics.CAPTURE_KERNEL_DROP, StreamTicks.KEY, StreamTicks.kernelDrop(tick), tick);
        }
        producer.flushAndCheck();
        status.accept("captures: " + replayed.items() + " packets -> " + replayed.records() + " records"
            + (span[0] == null ? "" : " from " + span[0] + " to " + span[1]));
      }

      String applicationId = "netsight-analyze-" + UUID.randomUUID();
      List<StreamsPiece> pieces = StreamsApp.defaultPieces();
      Map<String, String> streamsConfig = new LinkedHashMap<>(config);
      String grace = streamsConfig.put(EnrichmentConfig.GRACE, "PT0S");
      if (grace != null && !Duration.parse(grace).isZero()) {
        LOG.info("{}={} ignored: analyze publishes every binding before the captures, so no join waits",
            EnrichmentConfig.GRACE, grace);
      }
      streamsConfig.put(StreamsAppConfig.APPLICATION_ID, applicationId);
      streamsConfig.put(StreamsAppConfig.STATE_DIR, stateDir.toString());
      streamsConfig.put(StreamsAppConfig.HTTP_PORT, "0");
      streamsConfig.put(StreamsAppConfig.ADVERTISED_HOST, "127.0.0.1");
      streamsConfig.put("kafka.bootstrap.servers", kafka.bootstrapServers());
      // Everything is already in the topics: pass each hop (a repartition, the enriched topics) on without waiting
      // for more data to batch. Each hop under exactly-once waits for a commit and a fetch.
      streamsConfig.putIfAbsent("kafka.commit.interval.ms", "20");
      streamsConfig.putIfAbsent("kafka.poll.ms", "10");
      streamsConfig.putIfAbsent("kafka.consumer.fetch.max.wait.ms", "10");
      streamsConfig.putIfAbsent("kafka.producer.linger.ms", "0");
      try (StreamsApp app = StreamsApp.start(pieces, streamsConfig);
           var admin = kafka.admin()) {
        Set<String> sources = sourceTopics(app.topology(), applicationId);
        status.accept("streams: processing (enrichment + " + Detectors.all().size() + " detector(s))");
        StreamsCompletion.await(admin, applicationId, sources, COMPLETION_TIMEOUT, Duration.ofMillis(100),
            () -> alive(app.streams().state()));
      }

      List<Finding> findings = lastRevisions(readAll(kafka.bootstrapServers(), Topics.FINDINGS));
      if (elasticsearchUrl != null) {
        var report = ElasticsearchExport.write(kafka.bootstrapServers(), elasticsearchUrl, true,
            Duration.ofMinutes(10));
        status.accept("elasticsearch " + elasticsearchUrl + ": " + report);
      }
      Map<String, List<IndexedRecord>> printed = new LinkedHashMap<>();
      for (TopicSpec<?, ?> t : printTopics) {
        printed.put(t.name(), readAll(kafka.bootstrapServers(), t).stream()
            .filter(r -> !StreamTicks.isTick(r)).toList());
      }
      Summary summary = new Summary(cluster.objects(), cluster.publications().size(), captured,
          (long) metrics.packetsCaptured.get(), metrics.rejectedTotal());
      return new Result(findings, printed, summary);
    } finally {
      EmbeddedKafka.deleteRecursively(stateDir);
    }
  }

  /** The last revision of each episode, most severe first, then by when it started. */
  static List<Finding> lastRevisions(List<? extends IndexedRecord> revisions) {
    Map<String, Finding> last = new LinkedHashMap<>();
    for (IndexedRecord r : revisions) {
      Finding f = (Finding) r;
      last.merge(f.getFindingId(), f, (a, b) -> b.getRevision() >= a.getRevision() ? b : a);
    }
    List<Finding> out = new ArrayList<>(last.values());
    out.sort(Comparator.<Finding>comparingInt(f -> -EcsDocuments.severityNumber(f.getSeverity()))
        .thenComparing(Finding::getFirstSeen).thenComparing(Finding::getFindingId));
    return out;
  }

  private static boolean alive(KafkaStreams.State state) {
    return state != KafkaStreams.State.ERROR && state != KafkaStreams.State.PENDING_ERROR
        && state != KafkaStreams.State.NOT_RUNNING && state != KafkaStreams.State.PENDING_SHUTDOWN;
  }

  /** The topics the application reads, with its repartition topics under their real (prefixed) names. */
  private static Set<String> sourceTopics(org.apache.kafka.streams.Topology topology, String appId) {
    Set<String> registry = new HashSet<>();
    Topics.all().forEach(t -> registry.add(t.name()));
    Set<String> sources = new HashSet<>();
    for (TopologyDescription.Subtopology s : topology.describe().subtopologies()) {
      for (TopologyDescription.Node n : s.nodes()) {
        if (n instanceof TopologyDescription.Source src && src.topicSet() != null) {
          src.topicSet().forEach(t -> sources.add(registry.contains(t) ? t : appId + "-" + t));
        }
      }
    }
    return sources;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void send(CheckedProducer producer, TopicSpec<String, ?> topic, String key,
      Object value, Instant at) {
    byte[] bytes = value == null ? null
        : ((org.apache.kafka.common.serialization.Serializer) topic.valueSerde().serializer())
            .serialize(topic.name(), value);
    producer.send(new ProducerRecord<>(topic.name(), null, at.toEpochMilli(), key, bytes));
  }

  /** A producer whose every send is checked: the analysis must not run on a silently shortened input. */
  private static final class CheckedProducer implements AutoCloseable {
    private final Producer<String, byte[]> producer;
    private final java.util.concurrent.atomic.AtomicReference<Exception> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();

    CheckedProducer(Producer<String, byte[]> producer) {
      this.producer = producer;
    }

    void send(ProducerRecord<String, byte[]> record) {
      producer.send(record, (metadata, e) -> {
        if (e != null) {
          failed.incrementAndGet();
          failure.compareAndSet(null, e);
        }
      });
    }

    void flushAndCheck() {
      producer.flush();
      Exception e = failure.get();
      if (e != null) {
        throw new IllegalStateException("the in-JVM broker refused " + failed.get() + " input record(s): " + e, e);
      }
    }

    @Override
    public void close() {
      producer.close();
    }
  }

  /** Every record of a topic (one partition), read committed, decoded with the topic's serde. */
  static List<IndexedRecord> readAll(String bootstrap, TopicSpec<?, ?> topic) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<IndexedRecord> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          Object value = topic.valueSerde().deserializer().deserialize(topic.name(), r.value());
          if (value instanceof IndexedRecord record) {
            out.add(record);
          }
        }
      }
    }
    return out;
  }

  private static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
  }
}
