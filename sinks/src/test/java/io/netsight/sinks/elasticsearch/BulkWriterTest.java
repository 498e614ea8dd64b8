package io.netsight.sinks.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netsight.schema.v1.FindingStatus;
import io.netsight.schema.v1.Severity;
import io.netsight.sinks.testing.SinkFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * How the bulk writer reacts to Elasticsearch's answers, including those the real server gives only under load or
 * failure (the bodies are shaped like Elasticsearch 8/9 answers with filter_path=errors,items.*.status,items.*.error).
 */
class BulkWriterTest {

  private static final String OK3 = "{\"errors\":false,\"items\":[{\"index\":{\"status\":201}},"
      + "{\"index\":{\"status\":201}},{\"index\":{\"status\":200}}]}";

  private final ScriptedHttpServer es = new ScriptedHttpServer();
  private final List<Duration> slept = new ArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private BulkWriter writer;

  @BeforeEach
  void setUp() {
    ElasticsearchSinkConfig config = new ElasticsearchSinkConfig(Map.of(
        ElasticsearchSinkConfig.URL, es.uri().toString()));
    writer = new BulkWriter(ElasticsearchClient.create(config),
        new Backoff(3, Duration.ofMillis(100), Duration.ofMillis(250)), slept::add);
    logs.start();
    ((Logger) LoggerFactory.getLogger(BulkWriter.class)).addAppender(logs);
  }

  @AfterEach
  void tearDown() {
    ((Logger) LoggerFactory.getLogger(BulkWriter.class)).detachAppender(logs);
    es.close();
  }

  private static List<BulkWriter.Item<String>> threeItems() {
    return List.of(
        new BulkWriter.Item<>(EcsDocuments.dns(SinkFixtures.dns(1), "netsight"), "a"),
        new BulkWriter.Item<>(EcsDocuments.finding(
            SinkFixtures.ndotsFinding("f-1", 2, FindingStatus.OPEN, Severity.LOW), "netsight"), "b"),
        new BulkWriter.Item<>(EcsDocuments.dns(SinkFixtures.dns(2), "netsight"), "c"));
  }

  @Test
  void sendsNdjsonWithIdsAndExternalVersionsOnlyForVersionedDocuments() throws Exception {
    es.then(200, OK3);

    BulkWriter.Result<String> result = writer.write(threeItems());

    assertThat(result.indexed()).isEqualTo(3);
    ScriptedHttpServer.Received r = es.received().get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.pathAndQuery()).startsWith("/_bulk?");
    assertThat(r.header("Content-Type")).isEqualTo("application/x-ndjson");
    List<String> lines = r.bodyText().lines().toList();
    assertThat(lines).hasSize(6);
    assertThat(lines.get(0)).startsWith("{\"index\":{\"_index\":\"netsight-dns-2026.11.26\",\"_id\":\"")
        .doesNotContain("version");
    assertThat(lines.get(2)).isEqualTo("{\"index\":{\"_index\":\"netsight-findings\",\"_id\":\"f-1\","
        + "\"version\":2,\"version_type\":\"external_gte\"}}");
    assertThat(r.bodyText()).endsWith("\n");
  }

  @Test
  void aMappingRejectionIsReturnedForTheDeadLetterTopicAndTheRestIsIndexed() throws Exception {
    es.then(200, "{\"errors\":true,\"items\":[{\"index\":{\"status\":201}},{\"index\":{\"status\":400,\"error\":"
        + "{\"type\":\"document_parsing_exception\",\"reason\":\"[1:7] failed to parse field [source.ip] of type [ip]\","
        + "\"caused_by\":{\"type\":\"illegal_argument_exception\",\"reason\":\"'x' is not an IP string literal.\"}}}},"
        + "{\"index\":{\"status\":201}}]}");

    BulkWriter.Result<String> result = writer.write(threeItems());

    assertThat(result.indexed()).isEqualTo(2);
    assertThat(result.rejected()).singleElement().satisfies(rej -> {
      assertThat(rej.item().origin()).isEqualTo("b");
      assertThat(rej.status()).isEqualTo(400);
      assertThat(rej.errorType()).isEqualTo("document_parsing_exception");
      assertThat(rej.reason()).contains("failed to parse field [source.ip]").contains("not an IP string literal");
    });
    assertThat(es.received()).hasSize(1);
    assertThat(slept).isEmpty();
  }

  @Test
  void itemsRefusedWith429AreRetriedAloneWithBackoffAndCountedRetryNofM() throws Exception {
    es.then(200, "{\"errors\":true,\"items\":[{\"index\":{\"status\":201}},{\"index\":{\"status\":429,\"error\":"
            + "{\"type\":\"es_rejected_execution_exception\",\"reason\":\"rejected execution\"}}},"
            + "{\"index\":{\"status\":201}}]}")
        .then(200, "{\"errors\":false,\"items\":[{\"index\":{\"status\":200}}]}");

    BulkWriter.Result<String> result = writer.write(threeItems());

    assertThat(result.indexed()).isEqualTo(3);
    assertThat(result.retries()).isEqualTo(1);
    assertThat(es.received().get(1).bodyText().lines()).hasSize(2)
        .first().asString().contains("\"_id\":\"f-1\"");
    assertThat(slept).singleElement().satisfies(d -> assertThat(d).isBetween(Duration.ofMillis(50),
        Duration.ofMillis(100)));
    assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("retry 1 of 3")
        .contains("es_rejected_execution_exception"));
  }

  @Test
  void aWholeRequestFailingWith503IsRetriedUntilTheCapThenGivesUp() {
    es.otherwise(503, "{\"error\":{\"type\":\"cluster_block_exception\",\"reason\":\"blocked by: "
        + "[SERVICE_UNAVAILABLE/1/state not recovered / initialized];\"},\"status\":503}");

    assertThatThrownBy(() -> writer.write(threeItems()))
        .isInstanceOf(RetriesExhaustedException.class)
        .hasMessageContaining("after 3 retries")
        .hasMessageContaining("state not recovered");
    assertThat(es.received()).hasSize(4);
    assertThat(slept).hasSize(3).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(250)));
    assertThat(slept.get(2)).isGreaterThanOrEqualTo(Duration.ofMillis(125));
  }

  @Test
  void connectionErrorsAreRetriedUpToTheCap() throws Exception {
    ElasticsearchSinkConfig nowhere = new ElasticsearchSinkConfig(Map.of(ElasticsearchSinkConfig.URL,
        "http://127.0.0.1:" + closedPort()));
    BulkWriter w = new BulkWriter(ElasticsearchClient.create(nowhere),
        new Backoff(2, Duration.ofMillis(10), Duration.ofMillis(20)), slept::add);

    assertThatThrownBy(() -> w.write(threeItems()))
        .isInstanceOf(RetriesExhaustedException.class)
        .hasMessageContaining("ConnectException");
    assertThat(slept).hasSize(2);
  }

  @Test
  void refusedCredentialsAreFatalAtOnce() {
    es.then(401, "{\"error\":{\"type\":\"security_exception\",\"reason\":\"unable to authenticate user\"},"
        + "\"status\":401}");

    assertThatThrownBy(() -> writer.write(threeItems()))
        .isInstanceOf(ElasticsearchException.class)
        .isNotInstanceOf(RetriesExhaustedException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("unable to authenticate user")
        .hasMessageContaining("elasticsearch.api-key");
    assertThat(slept).isEmpty();
  }

  @Test
  void anOlderRevisionRefusedWith409IsSupersededNotAFailure() throws Exception {
    es.then(200, "{\"errors\":true,\"items\":[{\"index\":{\"status\":201}},{\"index\":{\"status\":409,\"error\":"
        + "{\"type\":\"version_conflict_engine_exception\",\"reason\":\"[f-1]: version conflict, current version [3] "
        + "is higher than the one provided [2]\"}}},{\"index\":{\"status\":201}}]}");

    BulkWriter.Result<String> result = writer.write(threeItems());

    assertThat(result.indexed()).isEqualTo(2);
    assertThat(result.superseded()).isEqualTo(1);
    assertThat(result.rejected()).isEmpty();
  }

  @Test
  void aConflictOnAnUnversionedDocumentIsFatal() {
    es.then(200, "{\"errors\":true,\"items\":[{\"index\":{\"status\":409,\"error\":{\"type\":\"x\","
        + "\"reason\":\"y\"}}},{\"index\":{\"status\":201}},{\"index\":{\"status\":201}}]}");

    assertThatThrownBy(() -> writer.write(threeItems())).isInstanceOf(ElasticsearchException.class)
        .hasMessageContaining("HTTP 409");
  }

  private static int closedPort() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
