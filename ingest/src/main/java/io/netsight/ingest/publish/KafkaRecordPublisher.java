package io.netsight.ingest.publish;

import io.netsight.ingest.capture.CapturedRecord;
import io.netsight.ingest.capture.RecordSink;
import io.netsight.ingest.metrics.IngestMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where capture threads meet Kafka: a bounded queue, drained by one writer thread into an idempotent producer
 * ({@code acks=all}, zstd, a short linger). In the agent a full queue drops the record and counts it, so a slow or
 * absent Kafka never stalls capture; replay blocks instead (a file can wait, and must not lose records). Values are
 * serialized on the writer thread, off the capture path. Kafka going down and coming back is logged once per change,
 * not per record.
 */
public final class KafkaRecordPublisher implements RecordSink, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaRecordPublisher.class);
  private static final CapturedRecord STOP = new CapturedRecord(io.netsight.schema.Topics.CAPTURE_DNS, null, 0,
      new io.netsight.schema.v1.TcpReset());

  public enum WhenFull { DROP, BLOCK }

  private final Producer<String, byte[]> producer;
  private final BlockingQueue<CapturedRecord> queue;
  private final WhenFull whenFull;
  private final Counter records;
  private final java.util.concurrent.ConcurrentHashMap<String, io.prometheus.metrics.core.datapoints.CounterDataPoint>
      resolved = new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicBoolean kafkaUp = new AtomicBoolean(true);
  private final Thread writer;
  private volatile boolean accepting = true;
  private volatile Throwable lastError;
  private boolean closed;

  /**
   * @param producer a producer with String keys and byte[] values (see {@link #producerConfig})
   * @param capacity records the queue holds
   */
  public KafkaRecordPublisher(Producer<String, byte[]> producer, int capacity, WhenFull whenFull,
      IngestMetrics metrics) {
    this.producer = producer;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.whenFull = whenFull;
    this.records = metrics.newCounter("netsight_publish_records_total",
        "Records by topic and result: published (acknowledged by Kafka), dropped (the queue was full), failed "
            + "(Kafka refused them or the delivery timed out).", "topic", "result");
    metrics.gauge("netsight_publish_queue_depth", "Records waiting in the publisher's queue.", queue::size);
    metrics.gauge("netsight_publish_queue_capacity", "Size of the publisher's queue.", () -> capacity);
    metrics.gauge("netsight_kafka_up", "1 while the last send to Kafka succeeded, 0 after a failure.",
        () -> kafkaUp.get() ? 1 : 0);
    this.writer = new Thread(this::drain, "netsight-publisher");
    this.writer.setDaemon(true);
  }

  /** The producer settings netsight publishes with; {@code overrides} (kafka.* keys, prefix removed) win. */
  public static Map<String, Object> producerConfig(String clientId, Map<String, Object> overrides) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
    // A send waits this long for metadata when Kafka is away; the queue absorbs it, then drops.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    p.putAll(overrides);
    return p;
  }

  public static Producer<String, byte[]> producer(Map<String, Object> config) {
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  public KafkaRecordPublisher start() {
    writer.start();
    return this;
  }

  @Override
  public void accept(CapturedRecord record) {
    if (!accepting) {
      count(record, "dropped");
      return;
    }
    if (whenFull == WhenFull.DROP) {
      if (!queue.offer(record)) {
        count(record, "dropped");
      }
      return;
    }
    try {
      queue.put(record);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      count(record, "dropped");
    }
  }

  private void drain() {
    while (true) {
      CapturedRecord r;
      try {
        r = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (r == STOP) {
        return;
      }
      if (r != null) {
        send(r);
      }
    }
  }

  private void send(CapturedRecord r) {
    try {
      byte[] value = r.serializedValue();
      // The record timestamp is the event time (ms): Streams windows and joins run on capture time.
      ProducerRecord<String, byte[]> pr = new ProducerRecord<>(r.topic().name(), null,
          Math.floorDiv(r.timestampMicros(), 1000L), r.key(), value);
      producer.send(pr, (metadata, error) -> {
        if (error == null) {
          count(r, "published");
          if (kafkaUp.compareAndSet(false, true)) {
            LOG.info("Kafka accepts records again");
          }
        } else {
          failed(r, error);
        }
      });
    } catch (RuntimeException e) {
      failed(r, e);
    }
  }

  private void failed(CapturedRecord r, Throwable error) {
    count(r, "failed");
    lastError = error;
    if (kafkaUp.compareAndSet(true, false)) {
      LOG.warn("Kafka does not accept records ({}); counting them in netsight_publish_records_total"
          + "{{result=\"failed\"}} until it does", error.toString());
    }
  }

  private void count(CapturedRecord r, String result) {
    // Resolved once per (topic, result): a label lookup per record is what IngestMetrics keeps off the hot path.
    resolved.computeIfAbsent(r.topic().name() + '\u0000' + result,
        k -> records.labelValues(r.topic().name(), result)).inc();
  }

  public long count(String topic, String result) {
    return (long) records.labelValues(topic, result).get();
  }

  public int queueDepth() {
    return queue.size();
  }

  public boolean kafkaUp() {
    return kafkaUp.get();
  }

  public Throwable lastError() {
    return lastError;
  }

  /** Sends what is queued, flushes the producer (bounded by {@code timeout}) and closes it; idempotent. */
  public synchronized void close(Duration timeout) {
    if (closed) {
      return;
    }
    closed = true;
    accepting = false;
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (writer.isAlive()) {
        queue.put(STOP);
        writer.join(Math.max(1, timeout.toMillis()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long left = Math.max(0, deadline - System.nanoTime());
    producer.close(Duration.ofNanos(left));
    if (!queue.isEmpty()) {
      LOG.warn("{} records were still queued when the publisher closed", queue.size());
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
