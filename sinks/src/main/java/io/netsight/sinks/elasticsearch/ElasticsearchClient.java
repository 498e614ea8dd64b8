package io.netsight.sinks.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few Elasticsearch calls the sink makes, as plain HTTP + JSON: cluster health, index templates, {@code _bulk}.
 * Nothing here needs a module the integ-test distribution lacks (no {@code GET /}, ingest pipelines, scripts or data
 * streams), and every call is the same on 8.x and 9.x.
 */
public final class ElasticsearchClient {

  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchClient.class);

  private final HttpEndpoint http;

  ElasticsearchClient(HttpEndpoint http) {
    this.http = http;
  }

  public static ElasticsearchClient create(ElasticsearchSinkConfig config) {
    return new ElasticsearchClient(HttpEndpoint.elasticsearch(config));
  }

  /**
   * Waits until {@code /_cluster/health} reports at least yellow, retrying connection errors until the timeout.
   *
   * @return the status reported
   * @throws ElasticsearchException when the cluster is unreachable, refuses the credentials, or stays red
   */
  public String awaitHealthy(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    int attempt = 0;
    while (true) {
      attempt++;
      long leftMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      try {
        HttpEndpoint.Response r = http.send("GET", "/_cluster/health?wait_for_status=yellow&timeout="
            + Math.min(leftMs, 30_000) + "ms", null, null);
        if (r.status() == 401 || r.status() == 403) {
          throw new ElasticsearchException("Elasticsearch at " + http + " refused the credentials (HTTP "
              + r.status() + "): " + ElasticsearchException.reason(r.body()), false);
        }
        if (r.ok() || r.status() == 408) {
          String status = EcsDocument.JSON.readTree(r.body()).path("status").asText("unknown");
          if ("green".equals(status) || "yellow".equals(status)) {
            LOG.info("Elasticsearch at {} is {}", http, status);
            return status;
          }
          last = "cluster status " + status;
        } else {
          last = "HTTP " + r.status() + ": " + ElasticsearchException.reason(r.body());
        }
      } catch (IOException e) {
        last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      }
      if (System.nanoTime() >= deadline) {
        throw new ElasticsearchException("Elasticsearch at " + http + " is not healthy after " + timeout + " ("
            + last + ")", true);
      }
      LOG.info("Waiting for Elasticsearch at {} (attempt {}): {}", http, attempt, last);
      Thread.sleep(Math.min(1_000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
    }
  }

  /** Creates or replaces the netsight index templates. */
  public void installTemplates(List<IndexKind> kinds, String prefix, int shards, int replicas, int priority)
      throws IOException, InterruptedException {
    for (IndexKind kind : kinds) {
      String name = kind.templateName(prefix);
      String body = IndexTemplates.template(kind, prefix, shards, replicas, priority).toString();
      HttpEndpoint.Response r = http.json("PUT", "/_index_template/" + name, body);
      if (!r.ok()) {
        throw new ElasticsearchException("Cannot install index template " + name + " (HTTP " + r.status() + "): "
            + ElasticsearchException.reason(r.body()), r.status() == 429 || r.status() >= 500);
      }
      LOG.info("Index template {} installed (patterns {}, priority {}, {} shard(s), {} replica(s))", name,
          kind.indexPatterns(prefix), priority, shards, replicas);
    }
  }

  /** Sends one {@code _bulk} request; the caller reads the per-item results. */
  HttpEndpoint.Response bulk(byte[] ndjson) throws IOException, InterruptedException {
    // filter_path keeps the response small: only what the per-item check needs.
    return http.send("POST", "/_bulk?filter_path=errors,items.*.status,items.*.error", "application/x-ndjson",
        ndjson);
  }

  /** Refreshes indices matching the pattern (tests and {@code analyze}: make just-written documents searchable). */
  public void refresh(String indexPattern) throws IOException, InterruptedException {
    HttpEndpoint.Response r = http.send("POST", "/" + indexPattern + "/_refresh?allow_no_indices=true"
        + "&ignore_unavailable=true", null, null);
    if (!r.ok()) {
      throw new ElasticsearchException("Refresh of " + indexPattern + " failed (HTTP " + r.status() + "): "
          + ElasticsearchException.reason(r.body()), r.status() >= 500);
    }
  }

  /** A GET or POST with a JSON body, returning the parsed answer (for postmortem queries and tests). */
  public JsonNode request(String method, String path, String json) throws IOException, InterruptedException {
    HttpEndpoint.Response r = http.send(method, path, json == null ? null : "application/json",
        json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    if (!r.ok()) {
      throw new ElasticsearchException(method + " " + path + " failed (HTTP " + r.status() + "): "
          + ElasticsearchException.reason(r.body()), r.status() >= 500);
    }
    return EcsDocument.JSON.readTree(r.body());
  }

  @Override
  public String toString() {
    return http.toString();
  }
}
