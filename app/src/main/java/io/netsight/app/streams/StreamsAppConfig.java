package io.netsight.app.streams;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** The application-level keys of {@code netsight streams}; Kafka Streams settings pass through as {@code kafka.*}. */
public final class StreamsAppConfig extends AbstractConfig {

  public static final String KAFKA_PREFIX = "kafka.";
  public static final String APPLICATION_ID = "streams.application-id";
  public static final String STATE_DIR = "streams.state-dir";
  public static final String HTTP_PORT = "streams.http.port";
  public static final String ADVERTISED_HOST = "streams.http.advertised-host";

  public static final ConfigDef DEF = new ConfigDef()
      .define(APPLICATION_ID, Type.STRING, "netsight-streams", new ConfigDef.NonEmptyString(), Importance.HIGH,
          "Kafka Streams application.id: consumer group, internal topic prefix and state directory name.")
      .define(STATE_DIR, Type.STRING, "/var/lib/netsight/streams", Importance.MEDIUM,
          "Where the state stores live (RocksDB). Keep it on a persistent volume to avoid restoring on restart.")
      .define(HTTP_PORT, Type.INT, 8081, ConfigDef.Range.between(0, 65535), Importance.MEDIUM,
          "Port of the HTTP endpoint (/whois?ip=&at=, /healthz); also this instance's application.server port.")
      .define(ADVERTISED_HOST, Type.STRING, "", Importance.MEDIUM,
          "Host other instances use to reach this one's HTTP endpoint (the pod IP; default: the host name).");

  public StreamsAppConfig(Map<?, ?> values) {
    super(DEF, values, false);
  }

  /** Settings given as {@code kafka.<streams or client key>}. */
  public Map<String, Object> kafka() {
    Map<String, Object> out = new LinkedHashMap<>();
    originals().forEach((k, v) -> {
      if (k.startsWith(KAFKA_PREFIX)) {
        out.put(k.substring(KAFKA_PREFIX.length()), v);
      }
    });
    return out;
  }
}
