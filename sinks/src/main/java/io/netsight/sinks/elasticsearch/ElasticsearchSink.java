package io.netsight.sinks.elasticsearch;

import io.netsight.schema.TopicSpec;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.EnrichedConntrackEvent;
import io.netsight.schema.v1.EnrichedDnsTransaction;
import io.netsight.schema.v1.EnrichedKernelDrop;
import io.netsight.schema.v1.EnrichedTcpReset;
import io.netsight.schema.v1.Finding;
import io.netsight.schema.v1.IpBinding;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Elasticsearch sink: consumes {@code netsight.findings.v1} (always), the enriched evidence topics and the IP
 * bindings (when enabled), and writes ECS documents with {@code _bulk}. Loss-free and idempotent; see DESIGN.md in
 * this package for the ordering and failure rules. Two ways to run it:
 * <ul>
 *   <li>{@link #start()}: the long-running role ({@code netsight sink elasticsearch}), a consumer group member on its
 *       own thread until {@link #close()};</li>
 *   <li>{@link #drain(Duration)}: write everything the topics hold now and return (for {@code netsight analyze}).</li>
 * </ul>
 */
public final class ElasticsearchSink implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchSink.class);
  private static final Duration REPORT_EVERY = Duration.ofMinutes(1);

  /** Lifecycle. */
  public enum State { CREATED, RUNNING, STOPPED, FAILED }

  /** A topic the sink reads and how its records become documents. */
  private record SinkTopic<V>(TopicSpec<String, V> spec, BiFunction<V, String, EcsDocument> toDocument) {
    /** The document, or null for a stream-time tick of a finite replay (not an event of the cluster). */
    EcsDocument convert(ConsumerRecord<byte[], byte[]> r, String prefix) {
      V value = spec.valueSerde().deserializer().deserialize(r.topic(), r.value());
      if (value instanceof org.apache.avro.generic.IndexedRecord record
          && io.netsight.schema.StreamTicks.isTick(record)) {
        return null;
      }
      return toDocument.apply(value, prefix);
    }
  }

  private final ElasticsearchSinkConfig config;
  private final ElasticsearchClient es;
  private final BulkWriter writer;
  private final Map<String, SinkTopic<?>> topics = new LinkedHashMap<>();
  private final String clientId;

  private final AtomicLong consumed = new AtomicLong();
  private final AtomicLong indexed = new AtomicLong();
  private final AtomicLong superseded = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong bulkRequests = new AtomicLong();

  private final CountDownLatch finished = new CountDownLatch(1);
  /** Counted down by close(): cuts a retry backoff short, so stopping never waits for Elasticsearch to return. */
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private volatile State state = State.CREATED;
  private volatile Throwable failure;
  private volatile boolean stopping;
  private volatile Consumer<byte[], byte[]> consumer;
  private Thread thread;
  private long lastReport = System.nanoTime();

  private ElasticsearchSink(ElasticsearchSinkConfig config, ElasticsearchClient es) {
    this.config = config;
    this.es = es;
    this.writer = new BulkWriter(es, config.backoff(), d -> {
      if (stopSignal.await(d.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new InterruptedException("the sink is stopping; what was not committed is read again next time");
      }
    });
    this.clientId = "netsight-sink-es-" + Long.toHexString(System.nanoTime() & 0xffffff);
    add(new SinkTopic<Finding>(Topics.FINDINGS, EcsDocuments::finding));
    if (config.evidenceEnabled()) {
      add(new SinkTopic<EnrichedDnsTransaction>(Topics.ENRICHED_DNS, EcsDocuments::dns));
      add(new SinkTopic<EnrichedTcpReset>(Topics.ENRICHED_TCP_RESET, EcsDocuments::tcpReset));
      add(new SinkTopic<EnrichedConntrackEvent>(Topics.ENRICHED_CONNTRACK, EcsDocuments::conntrack));
      add(new SinkTopic<EnrichedKernelDrop>(Topics.ENRICHED_KERNEL_DROP, EcsDocuments::kernelDrop));
    }
    if (config.ipBindingsEnabled()) {
      add(new SinkTopic<IpBinding>(Topics.IDENTITY_IP_BINDINGS, EcsDocuments::ipBinding));
    }
  }

  private void add(SinkTopic<?> t) {
    topics.put(t.spec().name(), t);
  }

  public static ElasticsearchSink create(ElasticsearchSinkConfig config) {
    return new ElasticsearchSink(config, ElasticsearchClient.create(config));
  }

  /** The topics this sink reads, given its config. */
  public List<String> topics() {
    return List.copyOf(topics.keySet());
  }

  /** Checks cluster health and installs the index templates: what both modes do first. */
  private void prepare() throws InterruptedException {
    LOG.info("Elasticsearch sink: {}", config.describe());
    es.awaitHealthy(config.healthTimeout());
    try {
      // Every kind, not only the enabled ones: a later run with evidence on must not meet an index created without
      // its template, and templates cost nothing.
      es.installTemplates(List.of(IndexKind.values()), config.indexPrefix(), config.shards(), config.replicas(),
          config.templatePriority());
    } catch (IOException e) {
      throw new ElasticsearchException("Cannot install the index templates on " + es + ": " + e.getMessage(), true,
          e);
    }
  }

  /**
   * Checks Elasticsearch, installs the templates (on the caller's thread, so a bad URL or credentials fail here) and
   * starts consuming on a thread of its own as a member of the consumer group.
   */
  public synchronized void start() throws InterruptedException {
    if (state != State.CREATED) {
      throw new IllegalStateException("already started");
    }
    prepare();
    Consumer<byte[], byte[]> c = newConsumer();
    consumer = c;
    state = State.RUNNING;
    thread = new Thread(() -> run(c, () -> false, true), "netsight-sink-es");
    thread.start();
  }

  /**
   * Writes everything the topics hold now (from the group's committed offsets, else the beginning), waits until it is
   * written and committed, refreshes the indices so it is searchable, and returns. For {@code netsight analyze}.
   *
   * @throws ElasticsearchException when not done within the timeout, or on a fatal error
   */
  public SinkReport drain(Duration timeout) throws InterruptedException {
    synchronized (this) {
      if (state != State.CREATED) {
        throw new IllegalStateException("already started");
      }
      state = State.RUNNING;
    }
    prepare();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Consumer<byte[], byte[]> c = newConsumer()) {
      consumer = c;
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics.keySet()) {
        for (PartitionInfo p : c.partitionsFor(topic, Duration.ofSeconds(30))) {
          partitions.add(new TopicPartition(p.topic(), p.partition()));
        }
      }
      c.assign(partitions);
      Map<TopicPartition, OffsetAndMetadata> committed = c.committed(new java.util.HashSet<>(partitions));
      for (TopicPartition tp : partitions) {
        OffsetAndMetadata o = committed.get(tp);
        if (o != null) {
          c.seek(tp, o.offset());
        } else {
          c.seekToBeginning(List.of(tp));
        }
      }
      Map<TopicPartition, Long> end = c.endOffsets(partitions);
      BooleanSupplier caughtUp = () -> {
        if (System.nanoTime() > deadline) {
          throw new ElasticsearchException("Not caught up within " + timeout + " (" + report() + ")", true);
        }
        return end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue());
      };
      run(c, caughtUp, false);
    }
    if (failure != null) {
      throw failure instanceof RuntimeException re ? re : new ElasticsearchException(failure.getMessage(), false,
          failure);
    }
    try {
      es.refresh(config.indexPrefix() + "-*");
    } catch (IOException e) {
      throw new ElasticsearchException("Refresh after writing failed: " + e.getMessage(), true, e);
    }
    LOG.info("Elasticsearch sink caught up: {}", report());
    return report();
  }

  private Consumer<byte[], byte[]> newConsumer() {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    // Offsets are committed by hand, after Elasticsearch acknowledged every document before them.
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Streams writes findings in transactions (exactly-once): never index an aborted one.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(config.bulkMaxActions(), 1000));
    // A flush may retry for minutes while Elasticsearch is away; staying in the group meanwhile avoids a pointless
    // rebalance (a longer outage makes the commit fail, and the records are written again: harmless).
    props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(15).toMillis());
    props.put(ConsumerConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG, (int) Duration.ofMinutes(16).toMillis());
    props.putAll(config.consumerOverrides());
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  // ------------------------------------------------------------------------------------------ the loop

  /** Records read since the last commit, as documents to write and dead letters to send. */
  private final class Batch {
    final List<BulkWriter.Item<ConsumerRecord<byte[], byte[]>>> items = new ArrayList<>();
    final List<Map.Entry<ConsumerRecord<byte[], byte[]>, Throwable>> undecodable = new ArrayList<>();
    final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    long bytes;
    long firstAt;

    boolean isEmpty() {
      return offsets.isEmpty();
    }

    void add(ConsumerRecord<byte[], byte[]> r) {
      if (isEmpty()) {
        firstAt = System.nanoTime();
      }
      offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
      consumed.incrementAndGet();
      if (r.value() == null) {
        skipped.incrementAndGet(); // a tombstone (released IP binding): the release itself was a record before it
        return;
      }
      SinkTopic<?> t = topics.get(r.topic());
      try {
        EcsDocument document = t.convert(r, config.indexPrefix());
        if (document == null) {
          skipped.incrementAndGet();
          return;
        }
        BulkWriter.Item<ConsumerRecord<byte[], byte[]>> item = new BulkWriter.Item<>(document, r);
        items.add(item);
        bytes += item.size();
      } catch (RuntimeException e) {
        // A record that cannot be decoded or turned into a document is one bad record, not a reason to stop.
        undecodable.add(Map.entry(r, e));
      }
    }

    boolean due(int maxActions, long maxBytes, Duration interval) {
      return !isEmpty() && (items.size() >= maxActions || bytes >= maxBytes
          || System.nanoTime() - firstAt >= interval.toNanos());
    }

    Duration untilDue(Duration interval) {
      if (isEmpty()) {
        return interval;
      }
      long left = interval.toNanos() - (System.nanoTime() - firstAt);
      return Duration.ofNanos(Math.max(0, left));
    }

    /** Forgets what was read from partitions this member no longer owns: their new owner reads it again. */
    void drop(Collection<TopicPartition> lost) {
      items.removeIf(i -> lost.contains(new TopicPartition(i.origin().topic(), i.origin().partition())));
      undecodable.removeIf(e -> lost.contains(new TopicPartition(e.getKey().topic(), e.getKey().partition())));
      lost.forEach(offsets::remove);
      bytes = items.stream().mapToLong(BulkWriter.Item::size).sum();
    }

    void clear() {
      items.clear();
      undecodable.clear();
      offsets.clear();
      bytes = 0;
    }
  }

  private void run(Consumer<byte[], byte[]> c, BooleanSupplier done, boolean subscribe) {
    Batch batch = new Batch();
    try (DeadLetterQueue dlq = DeadLetterQueue.create(config, clientId)) {
      if (subscribe) {
        c.subscribe(topics.keySet(), new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Hand over cleanly: write and commit what was read before the new owner starts from the commit.
            try {
              flush(c, batch, dlq);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new WakeupException();
            }
          }

          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.info("Elasticsearch sink assigned {}", partitions);
          }

          @Override
          public void onPartitionsLost(Collection<TopicPartition> partitions) {
            LOG.warn("Elasticsearch sink lost {}; their unwritten records go to the new owner", partitions);
            batch.drop(partitions);
          }
        });
      }
      LOG.info("Elasticsearch sink reading {}", topics.keySet());
      while (!stopping && !done.getAsBoolean()) {
        org.apache.kafka.clients.consumer.ConsumerRecords<byte[], byte[]> records;
        try {
          records = c.poll(batch.untilDue(config.flushInterval()));
        } catch (WakeupException e) {
          if (stopping) {
            break; // close(): write and commit what was read, below
          }
          throw e;
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
          batch.add(r);
        }
        if (batch.due(config.bulkMaxActions(), config.bulkMaxBytes(), config.flushInterval())) {
          flush(c, batch, dlq);
        }
      }
      flush(c, batch, dlq);
      state = State.STOPPED;
    } catch (WakeupException e) {
      state = State.STOPPED; // close() woke a commit; what was not committed is read again next time
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      state = State.STOPPED;
    } catch (RuntimeException | Error e) {
      failure = e;
      state = State.FAILED;
      LOG.error("Elasticsearch sink stopped: {} (nothing after the last commit is lost: it is read again on "
          + "restart)", e.getMessage(), e);
    } finally {
      if (subscribe) {
        try {
          c.close(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
          LOG.warn("Closing the consumer: {}", e.toString());
        }
      }
      LOG.info("Elasticsearch sink {}: {}", state.name().toLowerCase(java.util.Locale.ROOT), report());
      finished.countDown();
    }
  }

  /** Writes the batch (in bulk requests of the configured size), dead-letters what was refused, then commits. */
  private void flush(Consumer<byte[], byte[]> c, Batch batch, DeadLetterQueue dlq) throws InterruptedException {
    if (batch.isEmpty()) {
      return;
    }
    List<BulkWriter.Item<ConsumerRecord<byte[], byte[]>>> chunk = new ArrayList<>();
    long chunkBytes = 0;
    for (BulkWriter.Item<ConsumerRecord<byte[], byte[]>> item : batch.items) {
      if (!chunk.isEmpty() && (chunk.size() >= config.bulkMaxActions()
          || chunkBytes + item.size() > config.bulkMaxBytes())) {
        write(chunk, dlq);
        chunk = new ArrayList<>();
        chunkBytes = 0;
      }
      chunk.add(item);
      chunkBytes += item.size();
    }
    if (!chunk.isEmpty()) {
      write(chunk, dlq);
    }
    for (Map.Entry<ConsumerRecord<byte[], byte[]>, Throwable> e : batch.undecodable) {
      dlq.send(e.getKey(), "decode", e.getValue().getClass().getName(), String.valueOf(e.getValue().getMessage()),
          Map.of());
      deadLettered.incrementAndGet();
    }
    dlq.flush();
    try {
      c.commitSync(batch.offsets);
    } catch (CommitFailedException | RebalanceInProgressException e) {
      // The partitions moved to another member meanwhile: it reads from the last commit and rewrites the same ids.
      LOG.warn("Offsets not committed ({}); the records will be written again, under the same ids", e.getMessage());
    }
    batch.clear();
    if (System.nanoTime() - lastReport > REPORT_EVERY.toNanos()) {
      lastReport = System.nanoTime();
      LOG.info("Elasticsearch sink: {}", report());
    }
  }

  private void write(List<BulkWriter.Item<ConsumerRecord<byte[], byte[]>>> chunk, DeadLetterQueue dlq)
      throws InterruptedException {
    BulkWriter.Result<ConsumerRecord<byte[], byte[]>> result = writer.write(chunk);
    bulkRequests.incrementAndGet();
    indexed.addAndGet(result.indexed());
    superseded.addAndGet(result.superseded());
    for (BulkWriter.Rejection<ConsumerRecord<byte[], byte[]>> r : result.rejected()) {
      EcsDocument d = r.item().document();
      dlq.send(r.item().origin(), "index", r.errorType(), r.reason(), Map.of(
          DeadLetterQueue.INDEX, d.index(),
          DeadLetterQueue.DOCUMENT_ID, d.id(),
          DeadLetterQueue.STATUS, Integer.toString(r.status())));
      deadLettered.incrementAndGet();
    }
    LOG.debug("Bulk of {} documents: {} indexed, {} superseded, {} rejected, {} retries", chunk.size(),
        result.indexed(), result.superseded(), result.rejected().size(), result.retries());
  }

  // ------------------------------------------------------------------------------------------ state

  public SinkReport report() {
    return new SinkReport(consumed.get(), indexed.get(), superseded.get(), deadLettered.get(), skipped.get(),
        bulkRequests.get(), writer.retries());
  }

  /** Healthy while running on a live thread (the thread ends on a fatal error or after retries ran out). */
  public boolean healthy() {
    Thread t = thread;
    return state == State.RUNNING && t != null && t.isAlive();
  }

  /** The error that stopped the sink, if one did. */
  public Throwable failure() {
    return failure;
  }

  /** Blocks until the sink thread ends (by {@link #close()} or a failure). */
  public void awaitTermination() throws InterruptedException {
    finished.await();
  }

  /** Stops consuming, writes and commits what was read (best effort), and waits for the thread. Idempotent. */
  @Override
  public void close() {
    stopping = true;
    stopSignal.countDown();
    Consumer<byte[], byte[]> c = consumer;
    Thread t = thread;
    if (t != null && c != null) {
      c.wakeup();
      try {
        if (!finished.await(60, TimeUnit.SECONDS)) {
          LOG.warn("Elasticsearch sink did not stop within 60 s; interrupting it");
          t.interrupt();
          finished.await(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (state == State.CREATED) {
      state = State.STOPPED;
    }
  }
}
