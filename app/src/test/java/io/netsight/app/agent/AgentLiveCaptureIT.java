package io.netsight.app.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.netsight.app.kafka.EmbeddedKafka;
import io.netsight.ingest.lab.NamespaceLab;
import io.netsight.schema.TopicSpec;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.DnsOutcome;
import io.netsight.schema.v1.DnsTransaction;
import io.netsight.schema.v1.PacketDirection;
import io.netsight.schema.v1.TcpReset;
import io.netsight.testing.Privileged;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code netsight agent} as deployed, on real traffic: a separate process captures live with libpcap (pcap4j) on the
 * lab node's 'any' (its capture thread enters the node namespace, its producer stays on this host's loopback) and
 * publishes to the in-JVM broker. The lab's glibc lookups and a refused connection through a ClusterIP must arrive
 * as the same eight DnsTransaction records replay gives, and as TcpReset records.
 */
@Privileged(tools = {"ip", "iptables", "dnsmasq", "tcpdump", "getent", "ss", "bash"})
class AgentLiveCaptureIT {

  private static final Pattern METRICS = Pattern.compile("Metrics at http://0\\.0\\.0\\.0:(\\d+)/metrics");

  private static NamespaceLab lab;
  private static EmbeddedKafka kafka;
  private static Process agent;
  private static final List<String> agentLog = Collections.synchronizedList(new ArrayList<>());
  private static int metricsPort;

  @BeforeAll
  static void startTheAgentInTheLabNode() throws Exception {
    lab = NamespaceLab.start();
    kafka = EmbeddedKafka.start();
    kafka.createTopics(List.<TopicSpec<?, ?>>of(Topics.CAPTURE_DNS, Topics.CAPTURE_TCP_RESET));
    agent = new ProcessBuilder(NetsightProcess.command("agent", "--bootstrap-server", kafka.bootstrapServers(),
        "--node", "lab-node", "--metrics-port", "0", "--set", "capture.netns=" + lab.nodeNamespace(),
        "--set", "kafka.linger.ms=5")).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    CompletableFuture<Integer> capturing = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(agent.getErrorStream(),
          StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          agentLog.add(line);
          Matcher m = METRICS.matcher(line);
          if (m.find()) {
            metricsPort = Integer.parseInt(m.group(1));
          }
          if (line.contains("Agent on node lab-node runs")) {
            capturing.complete(metricsPort);
          }
        }
      } catch (java.io.IOException e) {
        capturing.completeExceptionally(e);
      }
      capturing.completeExceptionally(new IllegalStateException("the agent exited: " + agentLog));
    }, "agent-stderr");
    reader.setDaemon(true);
    reader.start();
    capturing.get(60, TimeUnit.SECONDS);

    NamespaceLab.Result lookup = lab.lookup(NamespaceLab.API_NAME);
    assertThat(lookup.exitCode()).as("getent: %s", lookup.stderr()).isZero();
    assertThat(lab.connectToClosedService().exitCode()).isNotZero();
    assertThat(lab.connectToNodeOverIpv6(9).exitCode()).isNotZero();
  }

  @AfterAll
  static void tearDown() throws Exception {
    try {
      if (agent != null) {
        agent.destroy();
        if (!agent.waitFor(60, TimeUnit.SECONDS)) {
          agent.destroyForcibly();
        }
      }
    } finally {
      try {
        if (kafka != null) {
          kafka.close();
        }
      } finally {
        if (lab != null) {
          lab.close();
        }
      }
    }
  }

  @Test
  void theLookupsArriveAsTheEightTransactionsWithServiceAndBackend() {
    List<ConsumerRecord<String, DnsTransaction>> records = consume(Topics.CAPTURE_DNS, 8);

    assertThat(records).extracting(r -> r.value().getQname(), r -> r.value().getQtype(),
        r -> r.value().getRcode().name()).containsExactlyInAnyOrderElementsOf(DnsCaptureReplayIT.NDOTS_PATTERN);
    assertThat(records).allSatisfy(r -> {
      DnsTransaction t = r.value();
      assertThat(r.key()).isEqualTo(NamespaceLab.CLIENT_IP);
      assertThat(r.timestamp()).as("record timestamp is the query's capture time")
          .isEqualTo(t.getTimestamp().toEpochMilli());
      assertThat(t.getNode()).isEqualTo("lab-node");
      assertThat(t.getOutcome()).isEqualTo(DnsOutcome.ANSWERED);
      assertThat(t.getServerIp()).isEqualTo(NamespaceLab.CLUSTER_DNS_IP);
      assertThat(t.getBackendIp()).isEqualTo(NamespaceLab.COREDNS_IP);
      assertThat(t.getRetransmissions()).isZero();
      assertThat(t.getInterfaceName()).as("the node-side veth of the client pod, from the cooked v2 ifindex")
          .isEqualTo("vc");
      assertThat(t.getLatencyMicros()).isBetween(0L, 5_000_000L);
    });
    assertThat(records.stream().filter(r -> r.value().getQname().equals(NamespaceLab.API_NAME))
        .flatMap(r -> r.value().getAnswers().stream()).map(a -> a.getData()))
        .containsExactlyInAnyOrder(NamespaceLab.API_IPV4, NamespaceLab.API_IPV6);
  }

  @Test
  void refusedConnectionsArriveAsResetsOnBothSidesOfTheNatAndOverIpv6() {
    List<ConsumerRecord<String, TcpReset>> records = consume(Topics.CAPTURE_TCP_RESET, 3);

    assertThat(records).extracting(ConsumerRecord::key, r -> r.value().getSenderPort(),
        r -> r.value().getReceiverIp(), r -> r.value().getWithAck(), r -> r.value().getDirection(),
        r -> r.value().getInterfaceName())
        .containsExactlyInAnyOrder(
            tuple(NamespaceLab.COREDNS_IP, NamespaceLab.CLOSED_BACKEND_PORT, NamespaceLab.CLIENT_IP, true,
                PacketDirection.INCOMING, "vd"),
            tuple(NamespaceLab.CLOSED_SERVICE_IP, NamespaceLab.CLOSED_SERVICE_PORT, NamespaceLab.CLIENT_IP, true,
                PacketDirection.OUTGOING, "vc"),
            // libpcap's tcp[tcpflags] is IPv4 only: this one is caught by the filter's ip6[53] clause.
            tuple(NamespaceLab.NODE_IPV6, 9, NamespaceLab.CLIENT_IPV6, true, PacketDirection.OUTGOING, "vc"));
  }

  @Test
  void metricsCountWhatWasCapturedAndPublished() throws Exception {
    consume(Topics.CAPTURE_DNS, 8);
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      String body = http.send(get, HttpResponse.BodyHandlers.ofString()).body();
      assertThat(body)
          .contains("netsight_dns_transactions_total{outcome=\"answered\"} 8.0")
          .contains("netsight_publish_records_total{result=\"published\",topic=\"netsight.capture.dns.v1\"} 8.0")
          .contains("netsight_tcp_resets_total 3.0")
          .contains("netsight_packets_total{stage=\"captured\"} 35.0")
          .contains("netsight_pcap_kernel_dropped_total 0.0")
          .containsPattern("netsight_pcap_received_total [1-9]")
          .contains("netsight_publish_queue_depth 0.0")
          .contains("netsight_source_up{source=\"packets[dns+reset]\"} 1.0");
    });
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + metricsPort + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).startsWith("up   packets[dns+reset] on any (Linux cooked v2 (276))");
  }

  private static <V> List<ConsumerRecord<String, V>> consume(TopicSpec<String, V> topic, int expected) {
    List<ConsumerRecord<String, V>> out = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
        topic.valueSerde().deserializer())) {
      consumer.subscribe(List.of(topic.name()));
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ZERO).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        return out.size() >= expected;
      });
      // Nothing more than expected arrives (no duplicate from the DNAT copies).
      consumer.poll(Duration.ofSeconds(1)).forEach(out::add);
    }
    assertThat(out).as("records on %s; agent log: %s", topic.name(), agentLog).hasSize(expected);
    return out;
  }
}
