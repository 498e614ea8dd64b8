package io.netsight.streams.detect;

import java.time.Duration;
import java.util.Objects;

/**
 * How a detector's window results become episodes.
 *
 * @param detector     detector name (prefix of the finding id and the store name)
 * @param window       tumbling window size
 * @param grace        how long after a window's end it may still change
 * @param resolveAfter quiet windows after which an open episode is resolved
 */
public record EpisodeSettings(String detector, Duration window, Duration grace, int resolveAfter) {

  public EpisodeSettings {
    Objects.requireNonNull(detector, "detector");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive");
    }
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative");
    }
    if (resolveAfter < 1) {
      throw new IllegalArgumentException("resolveAfter must be >= 1");
    }
  }

  /** Name of the episode store (and of its changelog topic's suffix). */
  public String storeName() {
    return detector + "-episodes";
  }
}
