package io.netsight.enrich.identity;

import io.netsight.schema.v1.IpBinding;
import io.netsight.schema.v1.ServiceBinding;
import java.time.Instant;

/**
 * One record the identity publisher writes: its key, its value ({@code null} for a tombstone) and its event time,
 * which is also the Kafka record timestamp.
 */
public sealed interface Publication {

  String key();

  Instant timestamp();

  /** A record for {@code netsight.identity.ip-bindings.v1}, keyed by IP. */
  record Ip(String key, IpBinding value, Instant timestamp) implements Publication {
  }

  /** A record for {@code netsight.identity.services.v1}, keyed by {@code VIP:port/proto}. */
  record Service(String key, ServiceBinding value, Instant timestamp) implements Publication {
  }
}
