package io.netsight.sinks.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ElasticsearchSinkConfigTest {

  @Test
  void defaultsAreALocalUnauthenticatedClusterWithZeroReplicasAndFindingsOnly() {
    ElasticsearchSinkConfig c = new ElasticsearchSinkConfig(Map.of());

    assertThat(c.url()).hasToString("http://127.0.0.1:9200");
    assertThat(c.authorization()).isNull();
    assertThat(c.replicas()).isZero();
    assertThat(c.evidenceEnabled()).isFalse();
    assertThat(c.ipBindingsEnabled()).isFalse();
    assertThat(c.bulkMaxActions()).isEqualTo(1000);
    assertThat(c.flushInterval().toMillis()).isEqualTo(1000);
    assertThat(c.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(c.templatePriority()).isEqualTo(500);
  }

  @Test
  void kafkaKeysGoToTheClientsThatKnowThem() {
    ElasticsearchSinkConfig c = new ElasticsearchSinkConfig(Map.of(
        "kafka.bootstrap.servers", "kafka-0:9092",
        "kafka.security.protocol", "SSL",
        "kafka.fetch.min.bytes", "1024",
        "kafka.linger.ms", "5"));

    assertThat(c.bootstrapServers()).isEqualTo("kafka-0:9092");
    assertThat(c.consumerOverrides()).containsEntry("security.protocol", "SSL")
        .containsEntry("fetch.min.bytes", "1024").doesNotContainKey("linger.ms");
    assertThat(c.producerOverrides()).containsEntry("linger.ms", "5").doesNotContainKey("fetch.min.bytes");
  }

  @Test
  void anApiKeyWinsOverBasicAuthAndIdColonKeyIsEncoded() {
    ElasticsearchSinkConfig c = new ElasticsearchSinkConfig(Map.of(
        ElasticsearchSinkConfig.API_KEY, "VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw",
        ElasticsearchSinkConfig.USERNAME, "elastic",
        ElasticsearchSinkConfig.PASSWORD, "changeme"));

    assertThat(c.authorization()).isEqualTo("ApiKey " + Base64.getEncoder().encodeToString(
        "VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(c.authDescription()).isEqualTo("API key");
  }

  @Test
  void basicAuthNeedsAPassword() {
    assertThatThrownBy(() -> new ElasticsearchSinkConfig(Map.of(ElasticsearchSinkConfig.USERNAME, "elastic")))
        .isInstanceOf(ConfigException.class).hasMessageContaining(ElasticsearchSinkConfig.PASSWORD);
    ElasticsearchSinkConfig c = new ElasticsearchSinkConfig(Map.of(
        ElasticsearchSinkConfig.USERNAME, "elastic", ElasticsearchSinkConfig.PASSWORD, "changeme"));
    assertThat(c.authorization()).isEqualTo("Basic ZWxhc3RpYzpjaGFuZ2VtZQ==");
  }

  @Test
  void badValuesAreRefusedWithTheKeyNamed() {
    assertThatThrownBy(() -> new ElasticsearchSinkConfig(Map.of(ElasticsearchSinkConfig.URL, "ftp://es:9200")))
        .isInstanceOf(ConfigException.class).hasMessageContaining(ElasticsearchSinkConfig.URL);
    assertThatThrownBy(() -> new ElasticsearchSinkConfig(Map.of(ElasticsearchSinkConfig.REPLICAS, "-1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining(ElasticsearchSinkConfig.REPLICAS);
    assertThatThrownBy(() -> new ElasticsearchSinkConfig(Map.of(ElasticsearchSinkConfig.INDEX_PREFIX, "Net Sight")))
        .isInstanceOf(ConfigException.class).hasMessageContaining(ElasticsearchSinkConfig.INDEX_PREFIX);
    assertThatThrownBy(() -> new ElasticsearchSinkConfig(Map.of(ElasticsearchSinkConfig.CA_FILE, "/nonexistent.pem")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("not a readable file");
    assertThatThrownBy(() -> new ElasticsearchSinkConfig(Map.of(
        ElasticsearchSinkConfig.RETRY_BACKOFF_MS, "5000", ElasticsearchSinkConfig.RETRY_BACKOFF_MAX_MS, "100")))
        .isInstanceOf(ConfigException.class).hasMessageContaining(ElasticsearchSinkConfig.RETRY_BACKOFF_MAX_MS);
  }

  @Test
  void credentialsInTheUrlAreRefusedWithoutEchoingThem() {
    assertThatThrownBy(() -> new ElasticsearchSinkConfig(Map.of(ElasticsearchSinkConfig.URL,
        "https://elastic:s3cr3t-pw@es:9200")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must not carry credentials")
        .hasMessageNotContaining("s3cr3t-pw");
  }

  @Test
  void everyKeyIsDocumentedWithADefaultOrAsRequired() {
    assertThat(ElasticsearchSinkConfig.CONFIG_DEF.configKeys().values()).allSatisfy(k ->
        assertThat(k.documentation).as(k.name).isNotBlank());
  }
}
