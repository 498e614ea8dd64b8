package io.netsight.ingest.prometheus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Prometheus text exposition format 0.0.4 and OpenMetrics 1.0 text: {@code # HELP} (with {@code \\} and
 * {@code \n} escapes), {@code # TYPE}, {@code # UNIT}, other comments, {@code # EOF}, samples with label sets
 * ({@code \\}, {@code \"}, {@code \n} escapes in values, a trailing comma allowed), values in Go's float formats
 * ({@code 1.5e+09}, {@code +Inf}, {@code -Inf}, {@code NaN}), optional timestamps and OpenMetrics exemplars (skipped).
 * Samples are grouped into families by the {@code # TYPE} lines, so {@code x_bucket}, {@code x_sum}, {@code x_count}
 * (and OpenMetrics' {@code x_total}, {@code x_created}) belong to family {@code x}.
 *
 * <p>Hand-written: the Prometheus Java client (1.x) only writes these formats, and the one Java scraper library on
 * Maven Central ({@code prometheus-scraper}) has been unmaintained for years and predates OpenMetrics. A bad line is
 * a counted {@link Rejection} and the rest of the scrape is still read.
 */
public final class PrometheusTextParser {

  /** Why a line was not read. */
  public enum Rejection {
    BAD_NAME, BAD_LABELS, BAD_VALUE, BAD_TIMESTAMP, BAD_COMMENT
  }

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {

    /** The series as exposed: {@code name{k="v",...}} (label order kept, values escaped again). */
    public String series() {
      if (labels.isEmpty()) {
        return name;
      }
      StringBuilder sb = new StringBuilder(name).append('{');
      boolean first = true;
      for (Map.Entry<String, String> e : labels.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        sb.append(e.getKey()).append("=\"").append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")
            .replace("\n", "\\n")).append('"');
      }
      return sb.append('}').toString();
    }
  }

  /** A metric family: its type (untyped when no TYPE line), help, and samples. */
  public record Family(String name, String type, String help, List<Sample> samples) {
  }

  /** A parsed exposition: families by name in order, every sample by its own name, and the rejected lines. */
  public record Exposition(Map<String, Family> families, Map<String, List<Sample>> samplesByName,
      Map<Rejection, Integer> rejections, boolean sawEof) {

    public List<Sample> samples(String name) {
      return samplesByName.getOrDefault(name, List.of());
    }

    public int rejected() {
      return rejections.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private static final String[] SUFFIXES = {"_bucket", "_sum", "_count", "_total", "_created", "_gsum", "_gcount",
      "_info"};

  public Exposition parse(String text) {
    Map<String, String> types = new LinkedHashMap<>();
    Map<String, String> helps = new LinkedHashMap<>();
    Map<String, List<Sample>> byFamily = new LinkedHashMap<>();
    Map<String, List<Sample>> byName = new LinkedHashMap<>();
    Map<Rejection, Integer> rejections = new EnumMap<>(Rejection.class);
    boolean eof = false;
    int pos = 0;
    int n = text.length();
    while (pos < n && !eof) {
      int nl = text.indexOf('\n', pos);
      int end = nl < 0 ? n : nl;
      String line = text.substring(pos, end);
      pos = end + 1;
      if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
        line = line.substring(0, line.length() - 1);
      }
      String t = line.strip();
      if (t.isEmpty()) {
        continue;
      }
      if (t.charAt(0) == '#') {
        if (t.equals("# EOF")) {
          eof = true;
          continue;
        }
        Rejection r = comment(t, types, helps);
        if (r != null) {
          rejections.merge(r, 1, Integer::sum);
        }
        continue;
      }
      Object parsed = sample(t);
      if (parsed instanceof Rejection r) {
        rejections.merge(r, 1, Integer::sum);
        continue;
      }
      Sample s = (Sample) parsed;
      String family = familyOf(s.name(), types);
      byFamily.computeIfAbsent(family, k -> new ArrayList<>()).add(s);
      byName.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s);
    }
    Map<String, Family> families = new LinkedHashMap<>();
    for (Map.Entry<String, List<Sample>> e : byFamily.entrySet()) {
      families.put(e.getKey(), new Family(e.getKey(), types.getOrDefault(e.getKey(), "untyped"),
          helps.get(e.getKey()), Collections.unmodifiableList(e.getValue())));
    }
    return new Exposition(Collections.unmodifiableMap(families), Collections.unmodifiableMap(byName), rejections,
        eof);
  }

  private static String familyOf(String name, Map<String, String> types) {
    if (types.containsKey(name)) {
      return name;
    }
    for (String suffix : SUFFIXES) {
      if (name.endsWith(suffix)) {
        String base = name.substring(0, name.length() - suffix.length());
        if (types.containsKey(base)) {
          return base;
        }
      }
    }
    return name;
  }

  /** HELP/TYPE/UNIT lines; other comments are fine. */
  private static Rejection comment(String t, Map<String, String> types, Map<String, String> helps) {
    String[] parts = t.substring(1).strip().split("[ \\t]+", 3);
    if (parts.length < 2 || !(parts[0].equals("HELP") || parts[0].equals("TYPE") || parts[0].equals("UNIT"))) {
      return null;
    }
    if (!validName(parts[1], 0, parts[1].length())) {
      return Rejection.BAD_COMMENT;
    }
    String rest = parts.length > 2 ? parts[2] : "";
    switch (parts[0]) {
      case "HELP" -> helps.put(parts[1], unescapeHelp(rest));
      case "TYPE" -> {
        String type = rest.strip().toLowerCase(java.util.Locale.ROOT);
        switch (type) {
          case "counter", "gauge", "histogram", "summary", "untyped", "unknown", "gaugehistogram", "info",
              "stateset" -> types.put(parts[1], type);
          default -> {
            return Rejection.BAD_COMMENT;
          }
        }
      }
      default -> {
        // UNIT: not needed
      }
    }
    return null;
  }

  private static String unescapeHelp(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char d = s.charAt(++i);
        sb.append(d == 'n' ? '\n' : d == '\\' ? '\\' : d == '"' ? '"' : d);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** A Sample, or the Rejection. */
  private static Object sample(String t) {
    int n = t.length();
    int i = 0;
    while (i < n && isNameChar(t.charAt(i), i == 0)) {
      i++;
    }
    if (i == 0 || !validName(t, 0, i)) {
      return Rejection.BAD_NAME;
    }
    String name = t.substring(0, i);
    Map<String, String> labels = Map.of();
    i = skipSpaces(t, i);
    if (i < n && t.charAt(i) == '{') {
      labels = new LinkedHashMap<>();
      i++;
      while (true) {
        i = skipSpaces(t, i);
        if (i < n && t.charAt(i) == '}') {
          i++;
          break;
        }
        int ks = i;
        while (i < n && isNameChar(t.charAt(i), i == ks)) {
          i++;
        }
        if (i == ks) {
          return Rejection.BAD_LABELS;
        }
        String key = t.substring(ks, i);
        i = skipSpaces(t, i);
        if (i >= n || t.charAt(i) != '=') {
          return Rejection.BAD_LABELS;
        }
        i = skipSpaces(t, i + 1);
        if (i >= n || t.charAt(i) != '"') {
          return Rejection.BAD_LABELS;
        }
        i++;
        StringBuilder v = new StringBuilder();
        boolean closed = false;
        while (i < n) {
          char c = t.charAt(i++);
          if (c == '\\') {
            if (i >= n) {
              return Rejection.BAD_LABELS;
            }
            char d = t.charAt(i++);
            switch (d) {
              case 'n' -> v.append('\n');
              case '\\' -> v.append('\\');
              case '"' -> v.append('"');
              default -> v.append('\\').append(d);
            }
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            v.append(c);
          }
        }
        if (!closed || labels.containsKey(key)) {
          return Rejection.BAD_LABELS;
        }
        labels.put(key, v.toString());
        i = skipSpaces(t, i);
        if (i < n && t.charAt(i) == ',') {
          i++;
          continue;
        }
        if (i < n && t.charAt(i) == '}') {
          i++;
          break;
        }
        return Rejection.BAD_LABELS;
      }
      labels = Collections.unmodifiableMap(labels);
    }
    i = skipSpaces(t, i);
    int vs = i;
    while (i < n && t.charAt(i) != ' ' && t.charAt(i) != '\t') {
      i++;
    }
    Double value = value(t.substring(vs, i));
    if (value == null) {
      return Rejection.BAD_VALUE;
    }
    i = skipSpaces(t, i);
    if (i < n && t.charAt(i) != '#') {
      int ts = i;
      while (i < n && t.charAt(i) != ' ' && t.charAt(i) != '\t') {
        i++;
      }
      Double stamp = value(t.substring(ts, i));
      if (stamp == null || stamp.isNaN() || stamp.isInfinite()) {
        return Rejection.BAD_TIMESTAMP;
      }
      i = skipSpaces(t, i);
      if (i < n && t.charAt(i) != '#') {
        return Rejection.BAD_TIMESTAMP;
      }
    }
    // Anything from '#' on is an OpenMetrics exemplar: not needed.
    return new Sample(name, labels, value);
  }

  /** A float in Go's/OpenMetrics' spelling, or null. */
  /** A float in the spellings Prometheus and Go use ({@code +Inf}, {@code 1.5e+09}), or null. */
  public static Double valueOf(String s) {
    return value(s);
  }

  static Double value(String s) {
    if (s.isEmpty() || s.length() > 40) {
      return null;
    }
    switch (s) {
      case "+Inf", "Inf", "+inf", "inf" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-Inf", "-inf" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case "NaN", "nan" -> {
        return Double.NaN;
      }
      default -> {
        // Double.parseDouble also accepts "Infinity", hex floats and a trailing 'd'/'f': not Prometheus spellings.
        for (int i = 0; i < s.length(); i++) {
          char c = s.charAt(i);
          if (!(c >= '0' && c <= '9') && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-' && c != '_') {
            return null;
          }
        }
        try {
          return Double.parseDouble(s.replace("_", ""));
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
  }

  private static boolean isNameChar(char c, boolean first) {
    return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0'
        && c <= '9');
  }

  private static boolean validName(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!isNameChar(s.charAt(i), i == from)) {
        return false;
      }
    }
    return true;
  }

  private static int skipSpaces(String t, int i) {
    while (i < t.length() && (t.charAt(i) == ' ' || t.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }
}
