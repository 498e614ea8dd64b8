package io.netsight.sinks.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netsight.sinks.testing.SinkFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The API key and the password reach the server and nothing else: not the logs, not error messages, not toString. */
class SecretsNotLoggedTest {

  private static final String API_KEY = "VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw";
  private static final String PASSWORD = "Tr0ub4dor&3-correct-horse";

  private final ScriptedHttpServer es = new ScriptedHttpServer();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger netsight = (Logger) LoggerFactory.getLogger("io.netsight");
  private Level level;

  @BeforeEach
  void captureEverything() {
    logs.start();
    level = netsight.getLevel();
    netsight.setLevel(Level.TRACE);
    netsight.addAppender(logs);
  }

  @AfterEach
  void restore() {
    netsight.detachAppender(logs);
    netsight.setLevel(level);
    es.close();
  }

  /** Every form a secret could leak in: as given, and as sent on the wire. */
  private static List<String> secretForms() {
    return List.of(API_KEY, "ui2lp2axTNmsyakw9tvNnw",
        Base64.getEncoder().encodeToString(API_KEY.getBytes(StandardCharsets.UTF_8)),
        PASSWORD, Base64.getEncoder().encodeToString(("elastic:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void anApiKeyIsSentButNeverLoggedOrPrinted() throws Exception {
    es.then(200, "{\"status\":\"green\"}")
        .then(503, "{\"error\":{\"type\":\"unavailable_shards_exception\",\"reason\":\"primary shard is not "
            + "active\"},\"status\":503}")
        .then(401, "{\"error\":{\"type\":\"security_exception\",\"reason\":\"unable to authenticate with provided "
            + "credentials\"},\"status\":401}");
    ElasticsearchSinkConfig config = new ElasticsearchSinkConfig(Map.of(
        ElasticsearchSinkConfig.URL, es.uri().toString(), ElasticsearchSinkConfig.API_KEY, API_KEY));

    List<String> printed = new ArrayList<>(exercise(config));

    assertThat(es.received().get(0).header("Authorization")).isEqualTo("ApiKey "
        + Base64.getEncoder().encodeToString(API_KEY.getBytes(StandardCharsets.UTF_8)));
    assertNoSecretIn(printed);
  }

  @Test
  void aPasswordIsSentButNeverLoggedOrPrinted() throws Exception {
    es.then(200, "{\"status\":\"yellow\"}")
        .then(503, "{\"error\":\"unavailable\"}")
        .then(403, "{\"error\":{\"type\":\"security_exception\",\"reason\":\"action [indices:data/write/bulk] is "
            + "unauthorized for user [elastic]\"},\"status\":403}");
    ElasticsearchSinkConfig config = new ElasticsearchSinkConfig(Map.of(
        ElasticsearchSinkConfig.URL, es.uri().toString(),
        ElasticsearchSinkConfig.USERNAME, "elastic", ElasticsearchSinkConfig.PASSWORD, PASSWORD));

    List<String> printed = new ArrayList<>(exercise(config));

    assertThat(es.received().get(0).header("Authorization")).startsWith("Basic ");
    assertThat(printed).anySatisfy(p -> assertThat(p).contains("basic auth as elastic"));
    assertNoSecretIn(printed);
  }

  /** Health check, a bulk that is retried and then refused; returns everything printed along the way. */
  private List<String> exercise(ElasticsearchSinkConfig config) throws Exception {
    List<String> printed = new ArrayList<>();
    printed.add(config.toString());
    printed.add(config.describe());
    printed.add(String.valueOf(config.values()));
    ElasticsearchClient client = ElasticsearchClient.create(config);
    printed.add(client.toString());
    client.awaitHealthy(Duration.ofSeconds(5));
    BulkWriter writer = new BulkWriter(client, new Backoff(2, Duration.ofMillis(1), Duration.ofMillis(1)), d -> { });
    Throwable refused = catchThrowable(() -> writer.write(List.of(
        new BulkWriter.Item<>(EcsDocuments.dns(SinkFixtures.dns(0), "netsight"), "x"))));
    assertThat(refused).isInstanceOf(ElasticsearchException.class);
    for (Throwable t = refused; t != null; t = t.getCause()) {
      printed.add(String.valueOf(t));
    }
    logs.list.forEach(e -> {
      printed.add(e.getFormattedMessage());
      if (e.getThrowableProxy() != null) {
        printed.add(e.getThrowableProxy().getMessage());
      }
    });
    assertThat(logs.list).as("the retry was logged").anySatisfy(e ->
        assertThat(e.getFormattedMessage()).contains("retry 1 of 2"));
    return printed;
  }

  private static void assertNoSecretIn(List<String> printed) {
    for (String secret : secretForms()) {
      assertThat(printed).as("printed text").noneMatch(p -> p.contains(secret));
    }
  }
}
