package io.netsight.app.sink;

import io.netsight.sinks.elasticsearch.ElasticsearchSink;
import io.netsight.sinks.elasticsearch.ElasticsearchSinkConfig;
import io.netsight.sinks.elasticsearch.SinkReport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * For {@code netsight analyze --elasticsearch URL} (and {@code demo}): writes what the netsight topics of a broker
 * hold now (findings; evidence and IP bindings when asked) to Elasticsearch with the real sink, waits until every
 * document is written and searchable, and returns the counts.
 *
 * <pre>{@code
 * SinkReport r = ElasticsearchExport.write(kafka.bootstrapServers(), Map.of(
 *     ElasticsearchSinkConfig.URL, "http://127.0.0.1:9200",
 *     ElasticsearchSinkConfig.EVIDENCE_ENABLED, "true"), Duration.ofMinutes(5));
 * }</pre>
 */
public final class ElasticsearchExport {

  private ElasticsearchExport() {
  }

  /**
   * Writes and waits.
   *
   * @param bootstrapServers the broker (e.g. the in-JVM one of {@code analyze})
   * @param settings         sink configuration keys ({@link ElasticsearchSinkConfig}); without
   *                         {@link ElasticsearchSinkConfig#GROUP_ID} a fresh group is used, so everything the topics
   *                         hold is written
   * @param timeout          how long to wait at most
   * @throws io.netsight.sinks.elasticsearch.ElasticsearchException when Elasticsearch is unreachable, refuses, or
   *                         the work is not done in time
   */
  public static SinkReport write(String bootstrapServers, Map<String, String> settings, Duration timeout)
      throws InterruptedException {
    Map<String, String> s = new LinkedHashMap<>(settings);
    s.put(ElasticsearchSinkConfig.KAFKA_PREFIX + "bootstrap.servers", bootstrapServers);
    s.putIfAbsent(ElasticsearchSinkConfig.GROUP_ID, "netsight-analyze-" + UUID.randomUUID());
    return ElasticsearchSink.create(new ElasticsearchSinkConfig(s)).drain(timeout);
  }

  /** Findings (and, with {@code evidence}, the enriched evidence and IP bindings) to the Elasticsearch at {@code url}. */
  public static SinkReport write(String bootstrapServers, String url, boolean evidence, Duration timeout)
      throws InterruptedException {
    return write(bootstrapServers, Map.of(
        ElasticsearchSinkConfig.URL, url,
        ElasticsearchSinkConfig.EVIDENCE_ENABLED, Boolean.toString(evidence),
        ElasticsearchSinkConfig.IP_BINDINGS_ENABLED, Boolean.toString(evidence)), timeout);
  }
}
