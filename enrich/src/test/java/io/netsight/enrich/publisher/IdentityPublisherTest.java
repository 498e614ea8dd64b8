package io.netsight.enrich.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.netsight.enrich.identity.Publication;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.BindingKind;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The live publisher against fabric8's mock API server in CRUD mode: informer add/update/delete become binding
 * records with the objects' own times, dual stack and host network are bound right, one leader publishes.
 */
@EnableKubernetesMockClient(crud = true)
class IdentityPublisherTest {

  static {
    Topics.all(); // trusts the contract's Avro classes before any record is built
  }

  private static final String IP = "10.244.1.7";
  KubernetesClient client;

  @Test
  void anAddressMovesFromAFinishedJobPodToANewPod() {
    ListSink sink = new ListSink();
    try (IdentityPublisher publisher = new IdentityPublisher(client, config("a"), sink)) {
      publisher.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> publisher.health().leader());

      // Given a running Job pod on the address
      Pod job = client.pods().inNamespace("default").resource(pod("report-29928120-x7k2p", "uid-job", "Running",
          "2026-11-26T10:00:00Z", null, IP)).create();
      await().atMost(Duration.ofSeconds(20)).until(() -> sink.ips(IP).size() == 1);
      // When it completes, then a new pod gets the address, then the Job pod is deleted
      client.pods().inNamespace("default").resource(new PodBuilder(job).editStatus().withPhase("Succeeded")
          .withContainerStatuses(new io.fabric8.kubernetes.api.model.ContainerStatusBuilder().withName("main")
              .withNewState().withNewTerminated().withExitCode(0).withFinishedAt("2026-11-26T10:00:30Z")
              .endTerminated().endState().build()).endStatus().build()).update();
      await().atMost(Duration.ofSeconds(20)).until(() -> sink.ips(IP).size() == 3);
      client.pods().inNamespace("default").resource(pod("web-7f9c6d5b4-abcde", "uid-web", "Running",
          "2026-11-26T10:00:31Z", null, IP, "fd00:10:244:1::7")).create();
      client.pods().inNamespace("default").withName("report-29928120-x7k2p").delete();

      // Then the publisher says: Job pod from 10:00:00, released at 10:00:30 (+ tombstone), web pod from 10:00:31
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(sink.ips(IP))
          .extracting(p -> p.value() == null ? "tombstone" : p.value().getName(), Publication::timestamp)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("report-29928120-x7k2p", Instant.parse("2026-11-26T10:00:00Z")),
              org.assertj.core.groups.Tuple.tuple("report-29928120-x7k2p", Instant.parse("2026-11-26T10:00:30Z")),
              org.assertj.core.groups.Tuple.tuple("tombstone", Instant.parse("2026-11-26T10:00:30Z")),
              org.assertj.core.groups.Tuple.tuple("web-7f9c6d5b4-abcde", Instant.parse("2026-11-26T10:00:31Z"))));
      assertThat(sink.ips(IP).get(1).value().getValidTo()).isEqualTo(Instant.parse("2026-11-26T10:00:30Z"));
      // dual stack: the IPv6 address too
      assertThat(sink.ips("fd00:10:244:1::7")).singleElement()
          .satisfies(p -> assertThat(p.value().getName()).isEqualTo("web-7f9c6d5b4-abcde"));
    }
  }

  @Test
  void aHostNetworkPodIsBoundBesideItsNodeAndNeverTakesTheNodesBinding() {
    ListSink sink = new ListSink();
    try (IdentityPublisher publisher = new IdentityPublisher(client, config("a"), sink)) {
      publisher.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> publisher.health().leader());

      client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-a").withUid("uid-node")
          .withCreationTimestamp("2026-11-20T08:00:00Z").endMetadata().withNewStatus().addNewAddress()
          .withType("InternalIP").withAddress("192.168.49.2").endAddress().endStatus().build()).create();
      Pod proxy = new PodBuilder(pod("kube-proxy-x2x2x", "uid-proxy", "Running", "2026-11-20T08:00:20Z", null,
          "192.168.49.2")).editSpec().withHostNetwork(true).endSpec().build();
      client.pods().inNamespace("default").resource(proxy).create();
      await().atMost(Duration.ofSeconds(20)).until(() -> sink.ips("192.168.49.2").size() == 2);
      client.pods().inNamespace("default").withName("kube-proxy-x2x2x").delete();

      await().atMost(Duration.ofSeconds(20)).until(() -> sink.ips("192.168.49.2").size() == 3);
      assertThat(sink.ips("192.168.49.2")).extracting(p -> p.value() == null ? null : p.value().getKind())
          .containsExactlyInAnyOrder(BindingKind.NODE, BindingKind.HOST_NETWORK_POD, BindingKind.HOST_NETWORK_POD)
          .doesNotContainNull(); // the host-network pod's release sends no tombstone over the node's address
    }
  }

  @Test
  void onlyTheLeaderPublishesAndASuccessorRepublishesEverythingWithOriginalTimes() {
    client.pods().inNamespace("default").resource(pod("web-1", "uid-web-1", "Running", "2026-11-26T09:00:00Z",
        null, "10.244.2.2")).create();
    ListSink first = new ListSink();
    ListSink second = new ListSink();
    IdentityPublisher a = new IdentityPublisher(client, config("a"), first);
    try (IdentityPublisher b = new IdentityPublisher(client, config("b"), second)) {
      a.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> a.health().leader());
      b.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> b.health().informersSynced());
      await().atMost(Duration.ofSeconds(20)).until(() -> first.ips("10.244.2.2").size() == 1);
      assertThat(b.health().leader()).isFalse();
      assertThat(second.records).isEmpty();

      // When the leader goes away, the other replica takes the Lease and republishes what it knows
      a.close();

      await().atMost(Duration.ofSeconds(30)).until(() -> b.health().leader());
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(second.ips("10.244.2.2"))
          .singleElement().satisfies(p -> {
            assertThat(p.value().getName()).isEqualTo("web-1");
            assertThat(p.value().getValidFrom()).isEqualTo(Instant.parse("2026-11-26T09:00:00Z"));
          }));
    } finally {
      a.close();
    }
  }

  private static PublisherConfig config(String id) {
    Map<String, String> c = new HashMap<>();
    c.put(PublisherConfig.IDENTITY, id);
    c.put(PublisherConfig.LEASE_NAMESPACE, "default");
    c.put(PublisherConfig.LEASE_DURATION, "PT2S");
    c.put(PublisherConfig.RENEW_DEADLINE, "PT1.5S");
    c.put(PublisherConfig.RETRY_PERIOD, "PT0.2S");
    c.put(PublisherConfig.RESYNC, "PT0S");
    return new PublisherConfig(c);
  }

  static Pod pod(String name, String uid, String phase, String readyAt, String finishedAt, String... ips) {
    PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid(uid)
        .withCreationTimestamp(readyAt).endMetadata()
        .withNewSpec().withNodeName("node-a").addNewContainer().withName("main").withImage("busybox").endContainer()
        .endSpec()
        .withNewStatus().withPhase(phase).withPodIP(ips[0]).withStartTime(readyAt)
        .addNewCondition().withType("PodReadyToStartContainers").withStatus("True").withLastTransitionTime(readyAt)
        .endCondition().endStatus();
    for (String ip : ips) {
      b.editStatus().addNewPodIP().withIp(ip).endPodIP().endStatus();
    }
    return b.build();
  }
}
