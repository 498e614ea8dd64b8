package io.netsight.app.identity;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.netsight.app.cli.ConfigOptions;
import io.netsight.app.cli.Shutdown;
import io.netsight.enrich.publisher.IdentityPublisher;
import io.netsight.enrich.publisher.KafkaBindingSink;
import io.netsight.enrich.publisher.PublisherConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code netsight identity}: wires config, the Kubernetes client, Kafka and the publisher, then waits. */
@Command(name = "identity", mixinStandardHelpOptions = true,
    description = {
        "Watches Pods, Services, EndpointSlices and Nodes (cluster-wide) and publishes who held each IP from when "
            + "to when (netsight.identity.ip-bindings.v1) and each Service port with its backends "
            + "(netsight.identity.services.v1). Run two replicas: a Lease elects the one that publishes. Uses the "
            + "in-cluster service account, or KUBECONFIG / ~/.kube/config outside a cluster.",
        ""})
public final class IdentityCommand implements Callable<Integer> {

  @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", required = true,
      description = "Kafka bootstrap servers (kafka.bootstrap.servers).")
  String bootstrap;

  @Mixin
  ConfigOptions options;

  @Override
  public Integer call() throws InterruptedException {
    PublisherConfig config = new PublisherConfig(options.resolveForKafka(PublisherConfig.DEF, bootstrap));
    KubernetesClient client = new KubernetesClientBuilder().build();
    IdentityPublisher publisher = new IdentityPublisher(client, config, new KafkaBindingSink(config.kafka()));
    HttpServer health = healthServer(config.getInt(PublisherConfig.HTTP_PORT), publisher);
    publisher.start();
    Shutdown.onSignal("netsight-identity", publisher, client,
        () -> {
          if (health != null) {
            health.stop(0);
          }
        }).await();
    return 0;
  }

  /** /healthz: 200 while the publisher runs; /readyz: 200 once the informers synced; both report leadership. */
  static HttpServer healthServer(int port, IdentityPublisher publisher) {
    if (port < 0) {
      return null;
    }
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
      server.createContext("/healthz", ex -> reply(ex, publisher.health(), publisher.health().healthy()));
      server.createContext("/readyz", ex -> reply(ex, publisher.health(),
          publisher.health().healthy() && publisher.health().informersSynced()));
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot listen on health port " + port, e);
    }
  }

  private static void reply(com.sun.net.httpserver.HttpExchange ex, IdentityPublisher.Health h, boolean ok)
      throws IOException {
    String body = String.format("{\"informersSynced\":%s,\"leader\":%s,\"currentLeader\":\"%s\",\"running\":%s,"
            + "\"queued\":%d,\"published\":%d,\"failure\":%s}", h.informersSynced(), h.leader(), h.currentLeader(),
        h.running(), h.queued(), h.published(), h.failure() == null ? "null"
            : com.fasterxml.jackson.databind.node.TextNode.valueOf(h.failure()).toString());
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(ok ? 200 : 503, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
