package io.netsight.app.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Merges a role's configuration from its sources, later ones winning: the {@link ConfigDef} defaults, a properties
 * file ({@code --config FILE}), environment variables ({@code NETSIGHT_<KEY>}, dots and dashes as underscores), and
 * {@code --set KEY=VALUE}. Keys a role does not know are an error in the file and in {@code --set} (a typo must not
 * silently keep the default); in the environment, unknown NETSIGHT_ variables are ignored because one environment
 * often serves several roles. Keys with a prefix listed as pass-through (e.g. {@code kafka.}) are kept as given.
 */
public final class ConfigSources {

  public static final String ENV_PREFIX = "NETSIGHT_";

  private ConfigSources() {
  }

  /** The keys of {@code config} that {@code def} defines or that start with one of {@code prefixes}, in order. */
  public static Map<String, String> only(Map<String, String> config, ConfigDef def, String... prefixes) {
    Map<String, String> out = new LinkedHashMap<>();
    config.forEach((k, v) -> {
      if (def.names().contains(k) || java.util.Arrays.stream(prefixes).anyMatch(k::startsWith)) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** Every key of the definitions, the first definition of a name winning (for --help and for checking --set). */
  public static ConfigDef merge(ConfigDef... defs) {
    ConfigDef merged = new ConfigDef();
    for (ConfigDef def : defs) {
      for (ConfigDef.ConfigKey key : def.configKeys().values()) {
        if (!merged.names().contains(key.name)) {
          merged.define(key);
        }
      }
    }
    return merged;
  }

  /** The environment variable that sets a key: {@code detect.ndots.window} -> {@code NETSIGHT_DETECT_NDOTS_WINDOW}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * The merged key/value map for a role.
   *
   * @param passThroughPrefixes prefixes of keys handed on unchecked (client configs such as {@code kafka.})
   */
  public static Map<String, String> resolve(ConfigDef def, Path file, Map<String, String> env,
      Map<String, String> sets, Set<String> passThroughPrefixes) {
    Map<String, String> merged = new LinkedHashMap<>();
    if (file != null) {
      Map<String, String> fromFile = readProperties(file);
      checkKnown(def, fromFile, passThroughPrefixes, "in " + file);
      merged.putAll(fromFile);
    }
    for (String key : def.names()) {
      String value = env.get(envName(key));
      if (value != null) {
        merged.put(key, value);
      }
    }
    if (sets != null) {
      checkKnown(def, sets, passThroughPrefixes, "in --set");
      merged.putAll(sets);
    }
    return merged;
  }

  private static void checkKnown(ConfigDef def, Map<String, String> values, Set<String> passThrough, String where) {
    Set<String> unknown = new TreeSet<>();
    for (String key : values.keySet()) {
      if (!def.names().contains(key) && passThrough.stream().noneMatch(key::startsWith)) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("Unknown configuration key" + (unknown.size() > 1 ? "s " : " ") + unknown
          + " " + where + "; see --help for the keys this command takes");
    }
  }

  static Map<String, String> readProperties(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> map = new LinkedHashMap<>();
    p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k).strip()));
    return map;
  }

  /**
   * The keys of a role as a help section: key, default, and documentation, one per key, sorted by name.
   */
  public static String helpText(ConfigDef def) {
    StringBuilder sb = new StringBuilder();
    for (ConfigDef.ConfigKey k : new java.util.TreeMap<>(def.configKeys()).values()) {
      String dflt = k.hasDefault() ? String.valueOf(ConfigDef.convertToString(k.defaultValue, k.type)) : "(required)";
      sb.append(String.format("  %s = %s%n", k.name, dflt.isEmpty() ? "\"\"" : dflt));
      wrap(k.documentation + " (env " + envName(k.name) + ")", "      ", HELP_WIDTH, sb);
    }
    return sb.toString();
  }

  /** Help lines stay under picocli's 80 columns, so it prints them as they are instead of re-flowing them. */
  private static final int HELP_WIDTH = 78;

  private static void wrap(String text, String indent, int width, StringBuilder out) {
    StringBuilder line = new StringBuilder(indent);
    for (String word : text.split("\\s+")) {
      if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
        out.append(line).append(System.lineSeparator());
        line.setLength(0);
        line.append(indent);
      }
      if (line.length() > indent.length()) {
        line.append(' ');
      }
      line.append(word);
    }
    out.append(line).append(System.lineSeparator());
  }

}
