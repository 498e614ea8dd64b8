package io.netsight.sinks.elasticsearch;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter and a cap, and a cap on the number of retries: retry {@code n} (1-based) waits a
 * random time between half and all of {@code min(cap, initial * 2^(n-1))}. The jitter spreads the retries of many sink
 * instances after a shared outage (an Elasticsearch restart) instead of having them hit the cluster together.
 *
 * @param maxRetries how many retries before giving up (0: fail on the first error)
 * @param initial    base delay of the first retry
 * @param cap        largest delay
 */
public record Backoff(int maxRetries, Duration initial, Duration cap) {

  public Backoff {
    if (maxRetries < 0 || initial.isNegative() || initial.isZero() || cap.compareTo(initial) < 0) {
      throw new IllegalArgumentException("bad backoff " + maxRetries + "/" + initial + "/" + cap);
    }
  }

  /** The upper bound of the delay before retry {@code n} (1-based). */
  public Duration ceiling(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry numbers start at 1, not " + retry);
    }
    long base = initial.toMillis();
    // Past 2^30 the shift overflows; the cap is reached long before on any sane setting.
    long exp = retry > 31 ? Long.MAX_VALUE : base << Math.min(retry - 1, 30);
    return Duration.ofMillis(exp <= 0 || exp > cap.toMillis() ? cap.toMillis() : exp);
  }

  /** A jittered delay before retry {@code n} (1-based): uniformly between half the ceiling and the ceiling. */
  public Duration delay(int retry) {
    long ceiling = ceiling(retry).toMillis();
    long half = ceiling / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
  }

  /** Waits between retries; tests substitute one that records instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration d) throws InterruptedException;
  }
}
