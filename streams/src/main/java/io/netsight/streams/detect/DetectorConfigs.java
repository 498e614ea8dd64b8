package io.netsight.streams.detect;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** Key names, the keys every detector has, and the ISO-8601 duration type of detector configs. */
public final class DetectorConfigs {

  public static final String PREFIX = "detect.";
  public static final String ENABLED = "enabled";
  public static final String WINDOW = "window";
  public static final String GRACE = "grace";
  public static final String RESOLVE_AFTER = "resolve-after";

  private DetectorConfigs() {
  }

  /** {@code detect.<detector>.<param>}. */
  public static String key(String detector, String param) {
    return PREFIX + detector + "." + param;
  }

  /**
   * The keys every detector has: {@code enabled}, the tumbling {@code window}, the {@code grace} for late records,
   * and {@code resolve-after}, the quiet windows after which an episode is resolved.
   */
  public static ConfigDef common(String detector, Duration window, Duration grace, int resolveAfter) {
    return new ConfigDef()
        .define(key(detector, ENABLED), Type.BOOLEAN, true, Importance.HIGH,
            "Run the " + detector + " detector.")
        .define(key(detector, WINDOW), Type.STRING, window.toString(), DURATION, Importance.MEDIUM,
            "Tumbling window the " + detector + " detector counts in (ISO-8601 duration, e.g. PT1M).")
        .define(key(detector, GRACE), Type.STRING, grace.toString(), DURATION_OR_ZERO, Importance.LOW,
            "How late (in event time) a record may arrive and still count in its window; a window's result is "
                + "emitted once stream time passes its end plus this grace (ISO-8601 duration).")
        .define(key(detector, RESOLVE_AFTER), Type.INT, resolveAfter, Range.atLeast(1), Importance.MEDIUM,
            "Consecutive windows without the condition after which an open finding episode is RESOLVED.");
  }

  /** The episode settings of a detector, from its parsed config. */
  public static EpisodeSettings episodes(String detector, AbstractConfig config) {
    return new EpisodeSettings(detector, duration(config, key(detector, WINDOW)),
        duration(config, key(detector, GRACE)), config.getInt(key(detector, RESOLVE_AFTER)));
  }

  public static Duration duration(AbstractConfig config, String key) {
    return Duration.parse(config.getString(key));
  }

  /** A positive ISO-8601 duration of whole milliseconds. */
  public static final ConfigDef.Validator DURATION = durationValidator(false);
  /** A non-negative ISO-8601 duration of whole milliseconds. */
  public static final ConfigDef.Validator DURATION_OR_ZERO = durationValidator(true);

  private static ConfigDef.Validator durationValidator(boolean zeroAllowed) {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        Duration d;
        try {
          d = Duration.parse(String.valueOf(value));
        } catch (DateTimeParseException e) {
          throw new ConfigException(name, value, "not an ISO-8601 duration such as PT1M or PT30S");
        }
        if (d.isNegative() || (!zeroAllowed && d.isZero())) {
          throw new ConfigException(name, value, zeroAllowed ? "must not be negative" : "must be positive");
        }
        if (d.toNanos() % 1_000_000 != 0) {
          throw new ConfigException(name, value, "must be whole milliseconds");
        }
      }

      @Override
      public String toString() {
        return zeroAllowed ? "ISO-8601 duration >= 0" : "ISO-8601 duration > 0";
      }
    };
  }
}
