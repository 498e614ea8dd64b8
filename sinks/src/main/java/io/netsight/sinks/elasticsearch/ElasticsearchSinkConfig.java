package io.netsight.sinks.elasticsearch;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The typed configuration of the Elasticsearch sink: every key a documented constant with its default and validation,
 * built from a {@code Map} so tests need no environment. Keys starting with {@code kafka.} are handed to the Kafka
 * consumer and producer with the prefix removed (only the keys each client knows).
 *
 * <p>Secrets ({@link #API_KEY}, {@link #PASSWORD}) are {@link Type#PASSWORD}: Kafka's {@link Password} prints
 * {@code [hidden]}, and this class never renders them.
 */
public final class ElasticsearchSinkConfig extends AbstractConfig {

  /** Keys with this prefix go to the Kafka clients (e.g. {@code kafka.bootstrap.servers}). */
  public static final String KAFKA_PREFIX = "kafka.";

  public static final String URL = "elasticsearch.url";
  public static final String API_KEY = "elasticsearch.api-key";
  public static final String USERNAME = "elasticsearch.username";
  public static final String PASSWORD = "elasticsearch.password";
  public static final String CA_FILE = "elasticsearch.ca-file";
  public static final String CONNECT_TIMEOUT_MS = "elasticsearch.connect.timeout.ms";
  public static final String REQUEST_TIMEOUT_MS = "elasticsearch.request.timeout.ms";
  public static final String HEALTH_TIMEOUT_MS = "elasticsearch.health.timeout.ms";
  public static final String INDEX_PREFIX = "elasticsearch.index.prefix";
  public static final String REPLICAS = "elasticsearch.index.replicas";
  public static final String SHARDS = "elasticsearch.index.shards";
  public static final String TEMPLATE_PRIORITY = "elasticsearch.template.priority";

  public static final String EVIDENCE_ENABLED = "sink.evidence.enabled";
  public static final String IP_BINDINGS_ENABLED = "sink.ip-bindings.enabled";
  public static final String GROUP_ID = "sink.group.id";
  public static final String BULK_MAX_ACTIONS = "sink.bulk.max-actions";
  public static final String BULK_MAX_BYTES = "sink.bulk.max-bytes";
  public static final String FLUSH_INTERVAL_MS = "sink.flush.interval.ms";
  public static final String RETRY_MAX = "sink.retry.max-retries";
  public static final String RETRY_BACKOFF_MS = "sink.retry.backoff.ms";
  public static final String RETRY_BACKOFF_MAX_MS = "sink.retry.backoff.max.ms";

  public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

  public static final ConfigDef CONFIG_DEF = new ConfigDef()
      .define(URL, Type.STRING, "http://127.0.0.1:9200", ConfigDef.CompositeValidator.of(
              new ConfigDef.NonEmptyString(), ElasticsearchSinkConfig::validateUrl), Importance.HIGH,
          "Elasticsearch base URL, http:// or https:// (a path prefix is kept, for a proxy).")
      .define(API_KEY, Type.PASSWORD, null, Importance.HIGH,
          "API key: the 'encoded' value the create-API-key call returns, or id:key. Sent as 'Authorization: "
              + "ApiKey'. Wins over username/password. Never logged.")
      .define(USERNAME, Type.STRING, null, Importance.MEDIUM,
          "User for basic authentication (with elasticsearch.password).")
      .define(PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
          "Password for basic authentication. Never logged.")
      .define(CA_FILE, Type.STRING, null, Importance.MEDIUM,
          "PEM file with the CA certificate(s) that signed the server's certificate, for https:// with a private "
              + "CA; without it the JVM's trust store is used.")
      .define(CONNECT_TIMEOUT_MS, Type.LONG, 5_000L, Range.atLeast(1), Importance.LOW,
          "Timeout for opening a connection to Elasticsearch.")
      .define(REQUEST_TIMEOUT_MS, Type.LONG, 60_000L, Range.atLeast(1), Importance.LOW,
          "Timeout for one request (a bulk request included); a timeout is retried like a connection error.")
      .define(HEALTH_TIMEOUT_MS, Type.LONG, 60_000L, Range.atLeast(0), Importance.LOW,
          "How long the start-up health check waits for /_cluster/health to reach at least yellow.")
      .define(INDEX_PREFIX, Type.STRING, "netsight", ConfigDef.LambdaValidator.with(
              ElasticsearchSinkConfig::validatePrefix, () -> "lowercase letters, digits, '-' and '_'"),
          Importance.MEDIUM, "Prefix of every index and index template name (<prefix>-findings, <prefix>-dns-"
              + "YYYY.MM.DD...). The Kibana saved objects assume 'netsight'.")
      .define(REPLICAS, Type.INT, 0, Range.atLeast(0), Importance.MEDIUM,
          "number_of_replicas of new netsight indices. 0 keeps a single-node cluster green; the indices are a "
              + "view that can be rebuilt from Kafka, but set 1 on a multi-node cluster for availability.")
      .define(SHARDS, Type.INT, 1, Range.between(1, 1024), Importance.LOW,
          "number_of_shards of new netsight indices.")
      .define(TEMPLATE_PRIORITY, Type.INT, 500, Range.atLeast(0), Importance.LOW,
          "priority of the netsight index templates: above the built-in ones (100..200), so the netsight mappings "
              + "win if a broader template also matches.")
      .define(EVIDENCE_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM,
          "Also index the enriched evidence topics (DNS transactions, TCP resets, conntrack events, kernel drops) "
              + "into daily indices. Findings are always indexed.")
      .define(IP_BINDINGS_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM,
          "Also index the IP bindings (one document per ownership interval), for 'who had this IP at that time'.")
      .define(GROUP_ID, Type.STRING, "netsight-sink-elasticsearch", new ConfigDef.NonEmptyString(),
          Importance.MEDIUM, "Kafka consumer group: its committed offsets are what has been written to "
              + "Elasticsearch.")
      .define(BULK_MAX_ACTIONS, Type.INT, 1000, Range.between(1, 100_000), Importance.MEDIUM,
          "Documents per _bulk request at most.")
      .define(BULK_MAX_BYTES, Type.LONG, 5L * 1024 * 1024, Range.between(1024, 90L * 1024 * 1024),
          Importance.MEDIUM, "Bytes of NDJSON per _bulk request at most (Elasticsearch refuses more than "
              + "http.max_content_length, 100 MiB by default).")
      .define(FLUSH_INTERVAL_MS, Type.LONG, 1_000L, Range.atLeast(1), Importance.MEDIUM,
          "A partly filled bulk is sent at the latest this long after its first document arrived.")
      .define(RETRY_MAX, Type.INT, 10, Range.between(0, 1000), Importance.MEDIUM,
          "Retries of a failed bulk (connection error, timeout, 429, 5xx, or the items that failed that way) "
              + "before the sink stops with an error. Nothing is committed before success, so a restart resumes "
              + "where it stopped.")
      .define(RETRY_BACKOFF_MS, Type.LONG, 500L, Range.atLeast(1), Importance.LOW,
          "First retry delay; it doubles with each retry, with jitter, up to sink.retry.backoff.max.ms.")
      .define(RETRY_BACKOFF_MAX_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
          "Cap of the retry delay.");

  private final Map<String, Object> kafka;

  public ElasticsearchSinkConfig(Map<String, ?> values) {
    super(CONFIG_DEF, withoutKafka(values), false);
    Map<String, Object> k = new LinkedHashMap<>();
    values.forEach((key, v) -> {
      if (key.startsWith(KAFKA_PREFIX)) {
        k.put(key.substring(KAFKA_PREFIX.length()), v);
      }
    });
    this.kafka = k;
    if (getLong(RETRY_BACKOFF_MAX_MS) < getLong(RETRY_BACKOFF_MS)) {
      throw new ConfigException(RETRY_BACKOFF_MAX_MS, getLong(RETRY_BACKOFF_MAX_MS),
          "must be at least " + RETRY_BACKOFF_MS + " (" + getLong(RETRY_BACKOFF_MS) + ")");
    }
    if (getString(USERNAME) != null && getPassword(PASSWORD) == null) {
      throw new ConfigException(PASSWORD, "[hidden]", "is required when " + USERNAME + " is set");
    }
    if (getString(CA_FILE) != null && !java.nio.file.Files.isReadable(Path.of(getString(CA_FILE)))) {
      throw new ConfigException(CA_FILE, getString(CA_FILE), "is not a readable file");
    }
  }

  private static Map<String, Object> withoutKafka(Map<String, ?> values) {
    Map<String, Object> m = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (!k.startsWith(KAFKA_PREFIX)) {
        m.put(k, v);
      }
    });
    return m;
  }

  private static void validateUrl(String name, Object value) {
    if (value == null) {
      return;
    }
    try {
      URI uri = URI.create(value.toString());
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new ConfigException(name, value, "must be an http:// or https:// URL with a host");
      }
      if (uri.getUserInfo() != null) {
        // A password in the URL would end up in logs and error messages; it has its own key.
        throw new ConfigException(name, "[hidden]", "must not carry credentials; use " + USERNAME + "/"
            + PASSWORD + " or " + API_KEY);
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name, value, "is not a URL: " + e.getMessage());
    }
  }

  private static void validatePrefix(String name, Object value) {
    if (value == null || !value.toString().matches("[a-z0-9][a-z0-9_-]{0,99}")) {
      throw new ConfigException(name, value, "must be lowercase letters, digits, '-' and '_' (an index name part)");
    }
  }

  public URI url() {
    String u = getString(URL);
    return URI.create(u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
  }

  /** The authorization header value, or {@code null} without credentials. Never log it. */
  String authorization() {
    Password apiKey = getPassword(API_KEY);
    if (apiKey != null && !apiKey.value().isBlank()) {
      String v = apiKey.value().strip();
      // id:key as printed by the create call is sent base64-encoded, like its 'encoded' field.
      return "ApiKey " + (v.contains(":") ? java.util.Base64.getEncoder().encodeToString(
          v.getBytes(java.nio.charset.StandardCharsets.UTF_8)) : v);
    }
    if (getString(USERNAME) != null) {
      String userPass = getString(USERNAME) + ":" + getPassword(PASSWORD).value();
      return "Basic " + java.util.Base64.getEncoder().encodeToString(
          userPass.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return null;
  }

  /** How requests authenticate, for logs: never the secret itself. */
  public String authDescription() {
    Password apiKey = getPassword(API_KEY);
    if (apiKey != null && !apiKey.value().isBlank()) {
      return "API key";
    }
    return getString(USERNAME) != null ? "basic auth as " + getString(USERNAME) : "no authentication";
  }

  public Path caFile() {
    return getString(CA_FILE) == null ? null : Path.of(getString(CA_FILE));
  }

  public Duration connectTimeout() {
    return Duration.ofMillis(getLong(CONNECT_TIMEOUT_MS));
  }

  public Duration requestTimeout() {
    return Duration.ofMillis(getLong(REQUEST_TIMEOUT_MS));
  }

  public Duration healthTimeout() {
    return Duration.ofMillis(getLong(HEALTH_TIMEOUT_MS));
  }

  public String indexPrefix() {
    return getString(INDEX_PREFIX);
  }

  public int replicas() {
    return getInt(REPLICAS);
  }

  public int shards() {
    return getInt(SHARDS);
  }

  public int templatePriority() {
    return getInt(TEMPLATE_PRIORITY);
  }

  public boolean evidenceEnabled() {
    return getBoolean(EVIDENCE_ENABLED);
  }

  public boolean ipBindingsEnabled() {
    return getBoolean(IP_BINDINGS_ENABLED);
  }

  public String groupId() {
    return getString(GROUP_ID);
  }

  public int bulkMaxActions() {
    return getInt(BULK_MAX_ACTIONS);
  }

  public long bulkMaxBytes() {
    return getLong(BULK_MAX_BYTES);
  }

  public Duration flushInterval() {
    return Duration.ofMillis(getLong(FLUSH_INTERVAL_MS));
  }

  public Backoff backoff() {
    return new Backoff(getInt(RETRY_MAX), Duration.ofMillis(getLong(RETRY_BACKOFF_MS)),
        Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_MS)));
  }

  /** Bootstrap servers for the Kafka clients. */
  public String bootstrapServers() {
    Object b = kafka.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);
    return b == null ? DEFAULT_BOOTSTRAP : b.toString();
  }

  /** The {@code kafka.*} keys a consumer knows, prefix removed. */
  public Map<String, Object> consumerOverrides() {
    return only(ConsumerConfig.configNames());
  }

  /** The {@code kafka.*} keys a producer knows, prefix removed. */
  public Map<String, Object> producerOverrides() {
    return only(ProducerConfig.configNames());
  }

  private Map<String, Object> only(Set<String> names) {
    Map<String, Object> m = new LinkedHashMap<>();
    kafka.forEach((k, v) -> {
      if (names.contains(k)) {
        m.put(k, v);
      }
    });
    return m;
  }

  /** One line for the start-up log: where and how, never a secret. */
  public String describe() {
    return String.format("Elasticsearch %s (%s%s), Kafka %s group %s, indices %s-*, evidence %s, IP bindings %s, "
            + "bulk %d docs/%d bytes/%d ms", url(), authDescription(), caFile() == null ? "" : ", CA " + caFile(),
        bootstrapServers(), groupId(), indexPrefix(), evidenceEnabled() ? "on" : "off",
        ipBindingsEnabled() ? "on" : "off", bulkMaxActions(), bulkMaxBytes(), flushInterval().toMillis());
  }

  @Override
  public String toString() {
    return "ElasticsearchSinkConfig[" + describe() + "]";
  }
}
