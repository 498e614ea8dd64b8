package io.netsight.streams.detect;

import org.apache.kafka.common.config.ConfigDef;

/**
 * One failure pattern: a piece of the streams topology that reads enriched records and writes {@code Finding} episodes
 * to {@code netsight.findings.v1}. Implementations are registered in {@link Detectors}; the app only composes them.
 *
 * <p>Every key of {@link #configDef()} is {@code detect.<name>.<param>}, documented, with a default and validation,
 * and includes the common keys of {@link DetectorConfigs#common} ({@code enabled}, {@code window}, {@code grace},
 * {@code resolve-after}).
 */
public interface Detector {

  /** The detector's name: its config prefix {@code detect.<name>.} and the prefix of its processor and store names. */
  String name();

  /** Its configuration keys. */
  ConfigDef configDef();

  /**
   * Adds the detector to the topology under construction.
   *
   * @param context the builder, the shared enriched sources, and this detector's parsed configuration
   */
  void addTo(DetectorContext context);
}
