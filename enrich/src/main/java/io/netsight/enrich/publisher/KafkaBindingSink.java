package io.netsight.enrich.publisher;

import io.netsight.enrich.identity.Publication;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.IpBinding;
import io.netsight.schema.v1.ServiceBinding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * Writes binding records to {@code netsight.identity.*} with the record's event time as the Kafka timestamp. An
 * idempotent producer with {@code acks=all} keeps a release and its tombstone in order on their partition.
 */
public final class KafkaBindingSink implements BindingSink {

  private final KafkaProducer<String, IpBinding> ips;
  private final KafkaProducer<String, ServiceBinding> services;

  public KafkaBindingSink(Map<String, Object> producerConfig) {
    Map<String, Object> props = new HashMap<>(producerConfig);
    props.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    props.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "netsight-identity");
    this.ips = new KafkaProducer<>(props, Topics.IDENTITY_IP_BINDINGS.keySerde().serializer(),
        Topics.IDENTITY_IP_BINDINGS.valueSerde().serializer());
    this.services = new KafkaProducer<>(props, Topics.IDENTITY_SERVICES.keySerde().serializer(),
        Topics.IDENTITY_SERVICES.valueSerde().serializer());
  }

  @Override
  public void send(List<Publication> records) {
    List<Future<RecordMetadata>> pending = new ArrayList<>(records.size());
    for (Publication p : records) {
      long ts = p.timestamp().toEpochMilli();
      if (p instanceof Publication.Ip ip) {
        pending.add(ips.send(new ProducerRecord<>(Topics.IDENTITY_IP_BINDINGS.name(), null, ts, ip.key(),
            ip.value())));
      } else if (p instanceof Publication.Service s) {
        pending.add(services.send(new ProducerRecord<>(Topics.IDENTITY_SERVICES.name(), null, ts, s.key(),
            s.value())));
      }
    }
    ips.flush();
    services.flush();
    for (Future<RecordMetadata> f : pending) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaException("Interrupted while publishing bindings", e);
      } catch (ExecutionException e) {
        throw new KafkaException("Cannot publish bindings: " + e.getCause().getMessage(), e.getCause());
      }
    }
  }

  @Override
  public void close() {
    ips.close();
    services.close();
  }
}
