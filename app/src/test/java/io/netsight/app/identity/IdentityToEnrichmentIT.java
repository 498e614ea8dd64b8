package io.netsight.app.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.netsight.app.NetsightCommand;
import io.netsight.app.kafka.EmbeddedKafka;
import io.netsight.app.streams.StreamsApp;
import io.netsight.enrich.publisher.IdentityPublisher;
import io.netsight.enrich.publisher.KafkaBindingSink;
import io.netsight.enrich.publisher.PublisherConfig;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.AttributionStatus;
import io.netsight.schema.v1.DnsOutcome;
import io.netsight.schema.v1.DnsTransaction;
import io.netsight.schema.v1.EnrichedDnsTransaction;
import io.netsight.schema.v1.Transport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * End to end through the in-JVM broker: the identity publisher (mock API server, CRUD mode) -> the bindings topic ->
 * netsight streams -> enriched DNS records naming the right pod, before and after an address moves from a finished
 * Job pod to a new pod; then `netsight whois` against the streams app's endpoint.
 */
@EnableKubernetesMockClient(crud = true)
class IdentityToEnrichmentIT {

  @org.junit.jupiter.api.io.TempDir
  Path stateDir;


  private static final String IP = "10.244.1.7";
  private static final String KUBE_DNS = "10.96.0.10";
  // The mock API server stamps creationTimestamp with the present, so the pods' own times are set just after it.
  private static final Instant T0 = Instant.now().plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
  private static EmbeddedKafka kafka;

  KubernetesClient client;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(Topics.all());
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @Test
  void lookupsNameTheJobPodBeforeTheHandOverAndTheNewPodAfterAndWhoisAgrees() throws Exception {
    Map<String, String> identity = new HashMap<>();
    identity.put(PublisherConfig.IDENTITY, "it");
    identity.put(PublisherConfig.LEASE_NAMESPACE, "default");
    identity.put(PublisherConfig.LEASE_DURATION, "PT2S");
    identity.put(PublisherConfig.RENEW_DEADLINE, "PT1.5S");
    identity.put(PublisherConfig.RETRY_PERIOD, "PT0.2S");
    identity.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    PublisherConfig publisherConfig = new PublisherConfig(identity);
    Map<String, String> streams = new HashMap<>();
    streams.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    streams.put("kafka.commit.interval.ms", "100");
    streams.put("streams.application-id", "netsight-it-" + UUID.randomUUID());
    streams.put("streams.state-dir", stateDir.toString());
    streams.put("streams.http.port", "0");
    streams.put("streams.http.advertised-host", "127.0.0.1");
    streams.put("enrich.grace", "PT1S");
    streams.put("enrich.inputs", "dns");

    try (IdentityPublisher publisher = new IdentityPublisher(client, publisherConfig,
             new KafkaBindingSink(publisherConfig.kafka()));
         StreamsApp app = StreamsApp.start(StreamsApp.defaultPieces(), streams);
         KafkaProducer<String, DnsTransaction> producer = new KafkaProducer<>(Map.of(
             "bootstrap.servers", kafka.bootstrapServers()), Topics.CAPTURE_DNS.keySerde().serializer(),
             Topics.CAPTURE_DNS.valueSerde().serializer())) {
      publisher.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> publisher.health().leader()
          && publisher.health().informersSynced());

      // Given kube-dns and a running Job pod on the address from T0
      client.services().inNamespace("kube-system").resource(new ServiceBuilder().withNewMetadata()
          .withName("kube-dns").withNamespace("kube-system").withUid("uid-kube-dns")
          .withCreationTimestamp(T0.minus(1, ChronoUnit.DAYS).toString()).endMetadata().withNewSpec()
          .withClusterIP(KUBE_DNS).withClusterIPs(KUBE_DNS).addNewPort().withName("dns").withPort(53)
          .withProtocol("UDP").endPort().endSpec().build()).create();
      Pod job = client.pods().inNamespace("default").resource(pod("report-1-x7k2p", "uid-job", T0, "Job",
          "report-1")).create();
      await().atMost(Duration.ofSeconds(30)).until(() -> publisher.health().published() >= 3);
      send(producer, T0.plusSeconds(10), "during-job.example.com");
      // When the Job pod completes at T0+30s and a web pod gets the address at T0+31s
      client.pods().inNamespace("default").resource(new PodBuilder(job).editStatus().withPhase("Succeeded")
          .withContainerStatuses(new ContainerStatusBuilder().withName("main").withNewState().withNewTerminated()
              .withExitCode(0).withFinishedAt(T0.plusSeconds(30).toString()).endTerminated().endState().build())
          .endStatus().build()).update();
      client.pods().inNamespace("default").resource(pod("web-7f9c6d5b4-abcde", "uid-web", T0.plusSeconds(31),
          "StatefulSet", "web")).create();
      await().atMost(Duration.ofSeconds(30)).until(() -> publisher.health().published() >= 6);
      send(producer, T0.plusSeconds(45), "after-handover.example.com");
      // Later lookups move stream time on, so each join's grace buffer lets the earlier ones through.
      for (int i = 1; i <= 4; i++) {
        send(producer, T0.plusSeconds(100L * i), "flush-" + i + ".example.com");
      }

      Map<String, EnrichedDnsTransaction> byQname = new ConcurrentHashMap<>();
      try (KafkaConsumer<String, EnrichedDnsTransaction> consumer = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
          ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), Topics.ENRICHED_DNS.keySerde().deserializer(),
          Topics.ENRICHED_DNS.valueSerde().deserializer())) {
        consumer.subscribe(List.of(Topics.ENRICHED_DNS.name()));
        await().atMost(Duration.ofSeconds(120)).until(() -> {
          consumer.poll(Duration.ofMillis(200)).forEach(r -> byQname.put(r.value().getTransaction().getQname(),
              r.value()));
          return byQname.containsKey("during-job.example.com") && byQname.containsKey("after-handover.example.com");
        });
      }

      // Then each lookup names the pod of its own time, and the server the kube-dns Service
      EnrichedDnsTransaction during = byQname.get("during-job.example.com");
      EnrichedDnsTransaction after = byQname.get("after-handover.example.com");
      assertThat(during.getClient().getStatus()).isEqualTo(AttributionStatus.ATTRIBUTED);
      assertThat(during.getClient().getBinding().getName()).isEqualTo("report-1-x7k2p");
      assertThat(during.getClient().getBinding().getWorkload().getName()).isEqualTo("report-1");
      assertThat(during.getServer().getStatus()).as("server of %s", during).isEqualTo(AttributionStatus.ATTRIBUTED);
      assertThat(during.getServer().getBinding().getName()).isEqualTo("kube-dns");
      assertThat(after.getClient().getBinding().getName()).isEqualTo("web-7f9c6d5b4-abcde");

      // And whois, asked through the command line against the streams app, agrees and shows the neighbours
      StringWriter out = new StringWriter();
      CommandLine cl = NetsightCommand.commandLine();
      cl.setOut(new PrintWriter(out));
      int rc = cl.execute("whois", IP, "--at", T0.plusSeconds(10).toString(), "--streams-url",
          "http://127.0.0.1:" + app.httpPort(), "--output", "json");
      assertThat(rc).isZero();
      JsonNode answer = new ObjectMapper().readTree(out.toString());
      assertThat(answer.path("status").asText()).isEqualTo("ATTRIBUTED");
      assertThat(answer.path("owner").path("name").asText()).isEqualTo("report-1-x7k2p");
      assertThat(answer.path("after").path("name").asText()).isEqualTo("web-7f9c6d5b4-abcde");
      assertThat(answer.path("after").path("validFrom").asText()).startsWith(T0.plusSeconds(31).toString()
          .replace("Z", ""));
    }
  }

  private static void send(KafkaProducer<String, DnsTransaction> producer, Instant at, String qname)
      throws Exception {
    DnsTransaction t = DnsTransaction.newBuilder().setNode("node-a").setTimestamp(at).setClientIp(IP)
        .setClientPort(40000).setServerIp(KUBE_DNS).setServerPort(53).setTransport(Transport.UDP)
        .setDnsId(qname.hashCode() & 0xffff).setQname(qname).setQtype("A").setOutcome(DnsOutcome.TIMEOUT).build();
    producer.send(new ProducerRecord<>(Topics.CAPTURE_DNS.name(), null, at.toEpochMilli(), IP, t)).get();
  }

  private static Pod pod(String name, String uid, Instant readyAt, String ownerKind, String owner) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid(uid)
        .withCreationTimestamp(readyAt.toString()).addNewOwnerReference().withApiVersion("v1").withKind(ownerKind)
        .withName(owner).withUid("uid-" + owner).withController(true).endOwnerReference().endMetadata()
        .withNewSpec().withNodeName("node-a").addNewContainer().withName("main").withImage("busybox").endContainer()
        .endSpec()
        .withNewStatus().withPhase("Running").withPodIP(IP).addNewPodIP().withIp(IP).endPodIP()
        .withStartTime(readyAt.toString()).addNewCondition().withType("PodReadyToStartContainers")
        .withStatus("True").withLastTransitionTime(readyAt.toString()).endCondition().endStatus().build();
  }
}
