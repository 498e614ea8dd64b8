package io.netsight.enrich.identity;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Kubernetes timestamps (RFC 3339, seconds or MicroTime) to instants ({@link io.netsight.schema.Micros} for the contract's microseconds). */
public final class K8sTime {

  private K8sTime() {
  }

  public static Optional<Instant> parse(String rfc3339) {
    if (rfc3339 == null || rfc3339.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(rfc3339.strip()).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

}
