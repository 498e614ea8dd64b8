package io.netsight.app.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.netsight.enrich.attribution.EnrichmentTopology;
import io.netsight.enrich.identity.Ips;
import io.netsight.enrich.whois.Whois;
import io.netsight.schema.v1.IpBinding;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.query.MultiVersionedKeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.VersionedKeyQuery;
import org.apache.kafka.streams.state.VersionedRecord;
import org.apache.kafka.streams.state.VersionedRecordIterator;

/**
 * The streams app's small HTTP endpoint: {@code GET /whois?ip=IP&at=TIME} answers from the versioned IP holders
 * store through Interactive Queries v2 ({@code VersionedKeyQuery} as of the time for the owner,
 * {@code MultiVersionedKeyQuery} for the neighbours), on the instance that owns the key: another instance's keys are
 * forwarded to it ({@code queryMetadataForKey} + {@code application.server}). {@code GET /healthz}: 200 while the
 * app is RUNNING or REBALANCING.
 */
final class WhoisEndpoint implements AutoCloseable {

  private final HttpServer server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private volatile KafkaStreams streams;
  private volatile String self;

  private WhoisEndpoint(HttpServer server) {
    this.server = server;
  }

  static WhoisEndpoint bind(int port) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
      WhoisEndpoint e = new WhoisEndpoint(server);
      server.createContext("/whois", e::whois);
      server.createContext("/healthz", e::health);
      server.setExecutor(Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "netsight-streams-http");
        t.setDaemon(true);
        return t;
      }));
      server.start();
      return e;
    } catch (IOException ex) {
      throw new UncheckedIOException("Cannot listen on HTTP port " + port, ex);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  void attach(KafkaStreams streams, String self) {
    this.streams = streams;
    this.self = self;
  }

  private void health(HttpExchange ex) throws IOException {
    KafkaStreams s = streams;
    KafkaStreams.State state = s == null ? null : s.state();
    boolean ok = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
    reply(ex, ok ? 200 : 503, "{\"state\":\"" + state + "\"}");
  }

  private void whois(HttpExchange ex) throws IOException {
    try {
      Map<String, String> q = query(ex.getRequestURI());
      String ip = Ips.canonical(q.get("ip")).orElseThrow(() -> new IllegalArgumentException(
          "ip must be an IP address, not '" + q.get("ip") + "'"));
      Instant at = parseTime(q.getOrDefault("at", Instant.now().toString()));
      KafkaStreams s = streams;
      if (s == null) {
        reply(ex, 503, "{\"error\":\"not started\"}");
        return;
      }
      KeyQueryMetadata meta = s.queryMetadataForKey(EnrichmentTopology.HOLDERS_STORE, ip, Serdes.String().serializer());
      if (meta == null || meta.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
        reply(ex, 503, "{\"error\":\"the store is not available yet (rebalancing?)\"}");
        return;
      }
      String owner = meta.activeHost().host() + ":" + meta.activeHost().port();
      if (!owner.equals(self) && !"true".equals(q.get("local"))) {
        forward(ex, owner, ip, at);
        return;
      }
      reply(ex, 200, answer(s, ip, at, meta.partition()).toString());
    } catch (IllegalArgumentException | DateTimeParseException e) {
      reply(ex, 400, "{\"error\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getMessage()) + "}");
    } catch (RuntimeException e) {
      reply(ex, 500, "{\"error\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(String.valueOf(e))
          + "}");
    }
  }

  static ObjectNode answer(KafkaStreams streams, String ip, Instant at, int partition) {
    QueryResult<VersionedRecord<List<IpBinding>>> asOf = streams.query(
        StateQueryRequest.inStore(EnrichmentTopology.HOLDERS_STORE)
            .withQuery(VersionedKeyQuery.<String, List<IpBinding>>withKey(ip).asOf(at))
            .withPartitions(Set.of(partition))).getOnlyPartitionResult();
    if (asOf == null || asOf.isFailure()) {
      throw new IllegalStateException("whois query failed: " + (asOf == null ? "no result" : asOf.getFailureMessage()));
    }
    List<IpBinding> owners = asOf.getResult() == null || asOf.getResult().value() == null ? List.of()
        : asOf.getResult().value();
    QueryResult<VersionedRecordIterator<List<IpBinding>>> all = streams.query(
        StateQueryRequest.inStore(EnrichmentTopology.HOLDERS_STORE)
            .withQuery(MultiVersionedKeyQuery.<String, List<IpBinding>>withKey(ip).withAscendingTimestamps())
            .withPartitions(Set.of(partition))).getOnlyPartitionResult();
    List<IpBinding> history = new ArrayList<>();
    if (all != null && all.isSuccess()) {
      try (VersionedRecordIterator<List<IpBinding>> it = all.getResult()) {
        it.forEachRemaining(r -> {
          if (r.value() != null) {
            history.addAll(r.value());
          }
        });
      }
    }
    return Whois.answer(ip, at, owners, history);
  }

  private void forward(HttpExchange ex, String owner, String ip, Instant at) throws IOException {
    URI uri = URI.create("http://" + owner + "/whois?local=true&ip=" + URLEncoder.encode(ip, StandardCharsets.UTF_8)
        + "&at=" + URLEncoder.encode(at.toString(), StandardCharsets.UTF_8));
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      reply(ex, r.statusCode(), r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reply(ex, 503, "{\"error\":\"interrupted\"}");
    }
  }

  static Instant parseTime(String text) {
    return Instant.parse(text.strip());
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> out = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
