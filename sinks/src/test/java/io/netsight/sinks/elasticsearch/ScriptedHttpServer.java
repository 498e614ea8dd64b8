package io.netsight.sinks.elasticsearch;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP server (the JDK's) that answers requests from a script and records what it received: method, path
 * with query, headers, body. Stands in for Elasticsearch where the test is about how the client reacts to answers the
 * real server gives only under failure (429, 503, partial bulk failures) and for Kibana, which is not available here.
 */
final class ScriptedHttpServer implements AutoCloseable {

  /** One received request. */
  record Received(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** One scripted answer. */
  record Answer(int status, String body) {
  }

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Answer fallback = new Answer(500, "{\"error\":\"no scripted answer left\"}");

  ScriptedHttpServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
          Map.copyOf(exchange.getRequestHeaders()), body));
      Answer a = script.poll();
      if (a == null) {
        a = fallback;
      }
      byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(out);
      }
    });
    server.start();
  }

  ScriptedHttpServer then(int status, String body) {
    script.add(new Answer(status, body));
    return this;
  }

  ScriptedHttpServer otherwise(int status, String body) {
    fallback = new Answer(status, body);
    return this;
  }

  List<Received> received() {
    return received;
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
