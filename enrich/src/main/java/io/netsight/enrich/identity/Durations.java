package io.netsight.enrich.identity;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** ISO-8601 durations ({@code PT5S}, {@code PT24H}) as config values: the form every netsight duration key takes. */
public final class Durations {

  private Durations() {
  }

  public static Duration parse(String key, String value) {
    try {
      Duration d = Duration.parse(value.strip());
      if (d.isNegative()) {
        throw new ConfigException(key, value, "must not be negative");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new ConfigException(key, value, "not an ISO-8601 duration such as PT5S, PT10M or PT24H");
    }
  }

  /** Validates an ISO-8601 duration, optionally with a minimum. */
  public static ConfigDef.Validator atLeast(Duration min) {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        Duration d = parse(name, String.valueOf(value));
        if (d.compareTo(min) < 0) {
          throw new ConfigException(name, value, "must be at least " + min);
        }
      }

      @Override
      public String toString() {
        return "ISO-8601 duration >= " + min;
      }
    };
  }
}
