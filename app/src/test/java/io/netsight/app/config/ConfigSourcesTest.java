package io.netsight.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourcesTest {

  private static final ConfigDef DEF = new ConfigDef()
      .define("detect.ndots.window", ConfigDef.Type.STRING, "PT1M", ConfigDef.Importance.MEDIUM, "Window length.")
      .define("detect.ndots.min-wasted-queries", ConfigDef.Type.INT, 20, ConfigDef.Importance.MEDIUM,
          "Wasted queries that make a finding.");

  @TempDir
  Path dir;

  @Test
  void laterSourcesWin() throws Exception {
    Path file = dir.resolve("netsight.properties");
    Files.writeString(file, "detect.ndots.window=PT5M\ndetect.ndots.min-wasted-queries=5\n");
    Map<String, String> env = Map.of("NETSIGHT_DETECT_NDOTS_MIN_WASTED_QUERIES", "7", "NETSIGHT_OTHER", "x");

    Map<String, String> merged = ConfigSources.resolve(DEF, file, env,
        Map.of("detect.ndots.window", "PT30S"), Set.of());

    assertThat(merged).containsEntry("detect.ndots.window", "PT30S")
        .containsEntry("detect.ndots.min-wasted-queries", "7").hasSize(2);
  }

  @Test
  void unknownKeysInSetAreRejectedWithTheirNames() {
    assertThatThrownBy(() -> ConfigSources.resolve(DEF, null, Map.of(),
        Map.of("detect.ndots.windw", "PT1M"), Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown configuration key [detect.ndots.windw] in --set; see --help for the keys this command "
            + "takes");
  }

  @Test
  void passThroughPrefixesAreKept() {
    assertThat(ConfigSources.resolve(DEF, null, Map.of(), Map.of("kafka.linger.ms", "5"), Set.of("kafka.")))
        .containsEntry("kafka.linger.ms", "5");
  }

  @Test
  void unreadableFileIsAClearError() {
    Path missing = dir.resolve("nope.properties");
    assertThatThrownBy(() -> ConfigSources.resolve(DEF, missing, Map.of(), Map.of(), Set.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Cannot read configuration file");
  }

  @Test
  void envNames() {
    assertThat(ConfigSources.envName("detect.ndots.min-wasted-queries"))
        .isEqualTo("NETSIGHT_DETECT_NDOTS_MIN_WASTED_QUERIES");
  }

  @Test
  void helpListsKeysWithDefaultsAndEnvNames() {
    String help = ConfigSources.helpText(DEF);

    assertThat(help).contains("  detect.ndots.min-wasted-queries = 20")
        .contains("      Wasted queries that make a finding. (env")
        .contains("      NETSIGHT_DETECT_NDOTS_MIN_WASTED_QUERIES)");
    // Short enough that picocli prints the lines as they are, indented, instead of re-flowing them.
    assertThat(help.lines()).allMatch(l -> l.length() <= 78);
  }
}
