package io.netsight.ingest.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netsight.ingest.capture.CaptureSource;
import io.netsight.ingest.capture.CaptureSourceRegistry;
import io.netsight.ingest.capture.CapturedRecord;
import io.netsight.ingest.capture.SourceContext;
import io.netsight.ingest.capture.SourceHealth;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.PacketDirection;
import io.netsight.schema.v1.TcpReset;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The plugin shape as issue 8's sources will use it: a source registered by name, with its own configuration key,
 * publishes through the agent's queue, and a failure restarts it.
 */
class NodeAgentTest {

  /** A source that publishes one record per start and fails on its first run. */
  static final class FlakySource implements CaptureSource {
    static final AtomicInteger STARTS = new AtomicInteger();
    private final SourceContext context;
    private volatile boolean running;

    FlakySource(SourceContext context) {
      this.context = context;
    }

    @Override
    public String name() {
      return "flaky";
    }

    @Override
    public void start() {
      running = true;
      int n = STARTS.incrementAndGet();
      TcpReset r = new TcpReset(context.node(), Instant.ofEpochSecond(n), "10.0.0." + n, 80, "10.0.0.100", 5000,
          true, (long) context.config().getInt("flaky.sequence"), PacketDirection.UNKNOWN, null);
      context.sink().accept(new CapturedRecord(Topics.CAPTURE_TCP_RESET, r.getSenderIp(), n * 1_000_000L, r));
      if (n == 1) {
        running = false;
        context.failed(new IllegalStateException("the device went away"));
      }
    }

    @Override
    public SourceHealth health() {
      return running ? SourceHealth.up(name(), "fine") : SourceHealth.down(name(), "failed", null);
    }

    @Override
    public void close() {
      running = false;
    }
  }

  @Test
  void aRegisteredSourcePublishesThroughTheQueueAndIsRestartedAfterAFailure() throws Exception {
    CaptureSourceRegistry registry = CaptureSourceRegistry.standard().register("flaky", new CaptureSource.Factory() {
      @Override
      public ConfigDef config() {
        return new ConfigDef().define("flaky.sequence", ConfigDef.Type.INT, 7, ConfigDef.Importance.LOW, "doc");
      }

      @Override
      public CaptureSource create(SourceContext context) {
        return new FlakySource(context);
      }
    });
    AgentConfig config = new AgentConfig(Map.of(AgentConfig.SOURCES, "flaky", AgentConfig.NODE, "node-9",
        AgentConfig.METRICS_PORT, "-1", "flaky.sequence", "42"), registry);
    MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
        new ByteArraySerializer());

    try (NodeAgent agent = new NodeAgent(config, producer).start()) {
      await().atMost(Duration.ofSeconds(10)).until(() -> FlakySource.STARTS.get() == 2
          && agent.health().stream().allMatch(SourceHealth::running) && producer.history().size() == 2);

      assertThat(agent.failure()).isNotDone();
    }
    assertThat(producer.history()).extracting(r -> r.key()).containsExactly("10.0.0.1", "10.0.0.2");
    assertThat(producer.history()).allSatisfy(r -> {
      TcpReset back = Topics.CAPTURE_TCP_RESET.valueSerde().deserializer().deserialize(r.topic(), r.value());
      assertThat(back.getSequence()).as("the source read its own key").isEqualTo(42);
      assertThat(back.getNode()).isEqualTo("node-9");
    });
    assertThat(AgentConfig.configDef(registry).names()).contains("flaky.sequence", "dns.timeout.ms");
    assertThat(List.copyOf(registry.names())).containsExactly("dns", "reset", "kernel-log", "conntrack",
        "conntrack-stats", "kube-proxy", "flaky");
  }
}
