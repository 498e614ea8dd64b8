package io.netsight.schema;

import java.time.Instant;

/** Microseconds since the epoch, the event-time unit of every record ({@code timestamp-micros}). */
public final class Micros {

  private Micros() {
  }

  public static Instant toInstant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  public static long of(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000L);
  }

  /** The wall clock now, in microseconds. */
  public static long now() {
    return of(Instant.now());
  }
}
