package io.netsight.enrich.attribution;

import io.netsight.enrich.identity.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** Configuration of the enrichment piece of {@code netsight streams}. */
public final class EnrichmentConfig extends AbstractConfig {

  public static final String HISTORY_RETENTION = "enrich.history-retention";
  public static final String GRACE = "enrich.grace";
  public static final String INPUTS = "enrich.inputs";

  public static final List<String> ALL_INPUTS = List.of("dns", "tcp-reset", "conntrack", "kernel-drop");

  public static final ConfigDef DEF = new ConfigDef()
      .define(HISTORY_RETENTION, Type.STRING, "PT24H", Durations.atLeast(Duration.ofMinutes(1)), Importance.HIGH,
          "How long the ownership history of each IP is kept (versioned store history retention): events and "
              + "whois queries older than this, relative to the newest record seen, are unattributed.")
      .define(GRACE, Type.STRING, "PT5S", Durations.atLeast(Duration.ZERO), Importance.HIGH,
          "Join grace period: each capture record waits this long (in stream time) before its lookup, so a binding "
              + "that arrives late still applies. Adds this much latency per address looked up.")
      .define(INPUTS, Type.LIST, String.join(",", ALL_INPUTS), ConfigDef.ValidList.in(
              ALL_INPUTS.toArray(String[]::new)), Importance.LOW,
          "Which capture topics to enrich.");

  public EnrichmentConfig(Map<?, ?> values) {
    super(DEF, values, false);
    if (grace().compareTo(historyRetention()) > 0) {
      throw new ConfigException(GRACE, getString(GRACE), "must not exceed " + HISTORY_RETENTION);
    }
  }

  public Duration historyRetention() {
    return Durations.parse(HISTORY_RETENTION, getString(HISTORY_RETENTION));
  }

  public Duration grace() {
    return Durations.parse(GRACE, getString(GRACE));
  }

  public List<String> inputs() {
    return getList(INPUTS);
  }
}
