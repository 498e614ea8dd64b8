package io.netsight.enrich.publisher;

import io.netsight.enrich.identity.DerivationConfig;
import io.netsight.enrich.identity.Durations;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Configuration of {@code netsight identity}: the derivation keys ({@link DerivationConfig}), the informers, the
 * Lease-based leader election and the republish schedule. Kafka producer settings pass through as {@code kafka.*}.
 */
public final class PublisherConfig extends AbstractConfig {

  public static final String KAFKA_PREFIX = "kafka.";
  public static final String RESYNC = "identity.resync";
  public static final String REPUBLISH_INTERVAL = "identity.republish-interval";
  public static final String QUEUE_CAPACITY = "identity.queue-capacity";
  public static final String LEASE_NAMESPACE = "identity.lease.namespace";
  public static final String LEASE_NAME = "identity.lease.name";
  public static final String LEASE_DURATION = "identity.lease.duration";
  public static final String RENEW_DEADLINE = "identity.lease.renew-deadline";
  public static final String RETRY_PERIOD = "identity.lease.retry-period";
  public static final String IDENTITY = "identity.id";
  public static final String HTTP_PORT = "identity.http.port";

  public static final ConfigDef DEF = new ConfigDef(DerivationConfig.DEF)
      .define(RESYNC, Type.STRING, "PT10M", Durations.atLeast(Duration.ZERO), Importance.LOW,
          "Informer resync period (PT0S: none). A resync replays the cache through the handlers; bindings that did "
              + "not change are not republished.")
      .define(REPUBLISH_INTERVAL, Type.STRING, "PT6H", Durations.atLeast(Duration.ofMinutes(1)), Importance.MEDIUM,
          "How often the leader republishes every known binding (original validity times), so the time-retained "
              + "bindings topic never forgets a long-lived one. Keep it well under the topic's retention (2 days).")
      .define(QUEUE_CAPACITY, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
          "Changes waiting between the informers and the publisher thread; informer callbacks block when it is full.")
      .define(LEASE_NAMESPACE, Type.STRING, "netsight", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
          "Namespace of the coordination.k8s.io Lease used for leader election.")
      .define(LEASE_NAME, Type.STRING, "netsight-identity", new ConfigDef.NonEmptyString(), Importance.LOW,
          "Name of the Lease.")
      .define(LEASE_DURATION, Type.STRING, "PT15S", Durations.atLeast(Duration.ofSeconds(1)), Importance.LOW,
          "How long a leader's Lease is valid without renewal (how long a crashed leader blocks a new one).")
      .define(RENEW_DEADLINE, Type.STRING, "PT10S", Durations.atLeast(Duration.ofMillis(100)), Importance.LOW,
          "How long the leader keeps trying to renew before it gives up leadership (< lease duration).")
      .define(RETRY_PERIOD, Type.STRING, "PT2S", Durations.atLeast(Duration.ofMillis(10)), Importance.LOW,
          "How often candidates try to acquire or renew the Lease.")
      .define(IDENTITY, Type.STRING, "", Importance.LOW,
          "This replica's identity in the Lease (default: the host name, which is the pod name in Kubernetes).")
      .define(HTTP_PORT, Type.INT, 8080, ConfigDef.Range.between(-1, 65535), Importance.LOW,
          "Port of the health endpoint (/healthz: informers synced and publisher running; /readyz adds leadership "
              + "state); -1 turns it off.");

  public PublisherConfig(Map<?, ?> values) {
    super(DEF, values, false);
  }

  public DerivationConfig derivation() {
    Map<String, Object> d = new LinkedHashMap<>();
    for (String key : DerivationConfig.DEF.names()) {
      d.put(key, originals().getOrDefault(key, DerivationConfig.DEF.defaultValues().get(key)));
    }
    d.values().removeIf(v -> v == null);
    return new DerivationConfig(d);
  }

  public Duration duration(String key) {
    return Durations.parse(key, getString(key));
  }

  public String identity() {
    String id = getString(IDENTITY);
    if (!id.isBlank()) {
      return id;
    }
    String host = System.getenv("HOSTNAME");
    if (host != null && !host.isBlank()) {
      return host;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "netsight-identity-" + UUID.randomUUID();
    }
  }

  /** Producer settings given as {@code kafka.<producer key>}. */
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
