package io.netsight.app.kafka;

/**
 * The Kafka an integration test talks to: the in-JVM broker by default, or Testcontainers' Kafka when the build is run
 * with {@code -Dnetsight.kafka=testcontainers} (needs a Docker engine that can pull {@code apache/kafka}). Docker is
 * never probed otherwise: an engine that cannot pull images makes Testcontainers hang.
 */
final class KafkaTarget implements AutoCloseable {

  static final String PROPERTY = "netsight.kafka";

  private final AutoCloseable resource;
  private final String bootstrapServers;
  private final String description;

  private KafkaTarget(AutoCloseable resource, String bootstrapServers, String description) {
    this.resource = resource;
    this.bootstrapServers = bootstrapServers;
    this.description = description;
  }

  static KafkaTarget start() {
    String mode = System.getProperty(PROPERTY, "embedded");
    switch (mode) {
      case "embedded" -> {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        return new KafkaTarget(kafka, kafka.bootstrapServers(), "in-JVM KRaft broker");
      }
      case "testcontainers" -> {
        var container = new org.testcontainers.kafka.KafkaContainer("apache/kafka:" + KafkaVersion.get());
        container.start();
        return new KafkaTarget(container, container.getBootstrapServers(), "Testcontainers apache/kafka");
      }
      default -> throw new IllegalArgumentException(
          "-D" + PROPERTY + " must be 'embedded' or 'testcontainers', not '" + mode + "'");
    }
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public String toString() {
    return description + " at " + bootstrapServers;
  }

  @Override
  public void close() throws Exception {
    resource.close();
  }
}
