package io.netsight.streams.detect;

import io.netsight.streams.ndots.NdotsAmplificationDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsBuilder;

/** Every detector netsight has, and the one entry point the streams app composes them through. */
public final class Detectors {

  private static final List<Detector> ALL = List.of(new NdotsAmplificationDetector());

  private Detectors() {
  }

  /** Every detector, enabled or not. */
  public static List<Detector> all() {
    return ALL;
  }

  /** The keys of every detector, merged (for {@code netsight streams --help} and config validation). */
  public static ConfigDef configDef() {
    ConfigDef merged = new ConfigDef();
    for (Detector d : ALL) {
      d.configDef().configKeys().values().forEach(merged::define);
    }
    return merged;
  }

  /**
   * How far stream time must pass the last record for every enabled detector to have closed the window holding it:
   * the largest window plus grace. A finite replay ends with a stream-time tick this far after its last record.
   */
  public static java.time.Duration closingHorizon(Map<String, ?> config) {
    java.time.Duration horizon = java.time.Duration.ZERO;
    for (Detector d : ALL) {
      AbstractConfig parsed = new AbstractConfig(d.configDef(), config, false);
      if (parsed.getBoolean(DetectorConfigs.key(d.name(), DetectorConfigs.ENABLED))) {
        java.time.Duration h = DetectorConfigs.duration(parsed, DetectorConfigs.key(d.name(), DetectorConfigs.WINDOW))
            .plus(DetectorConfigs.duration(parsed, DetectorConfigs.key(d.name(), DetectorConfigs.GRACE)));
        horizon = h.compareTo(horizon) > 0 ? h : horizon;
      }
    }
    return horizon;
  }

  /**
   * Adds every enabled detector to the topology.
   *
   * @param config the app's merged configuration; keys that are not {@code detect.*} are ignored
   * @return the names of the detectors added, in registry order
   * @throws org.apache.kafka.common.config.ConfigException when a detector key is invalid
   */
  public static List<String> addEnabled(StreamsBuilder builder, Map<String, ?> config) {
    DetectorContext.Sources sources = new DetectorContext.Sources(builder);
    List<String> added = new ArrayList<>();
    for (Detector d : ALL) {
      AbstractConfig parsed = new AbstractConfig(d.configDef(), config, false);
      if (parsed.getBoolean(DetectorConfigs.key(d.name(), DetectorConfigs.ENABLED))) {
        d.addTo(new DetectorContext(builder, sources, parsed));
        added.add(d.name());
      }
    }
    return added;
  }
}
