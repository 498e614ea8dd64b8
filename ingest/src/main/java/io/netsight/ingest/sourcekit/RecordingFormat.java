package io.netsight.ingest.sourcekit;

import io.netsight.schema.Micros;
import io.netsight.schema.AvroJson;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The marker lines of netsight's raw recordings ({@code netsight agent --record DIR}, read back by
 * {@code netsight replay}). A recording is the tool's own output, byte for byte, with comment lines that say what the
 * output alone cannot: when a sample was taken, the boot time of the kernel whose {@code /dev/kmsg} was read, the
 * kube-proxy mode. They start with {@code #} so that a recorded Prometheus exposition stays valid, and a person can
 * write them by hand: {@code echo "# netsight-sample $(date -u +%FT%T.%6NZ)"}. See docs/node-agent-sources.md.
 */
public final class RecordingFormat {

  /** Starts a sample; what follows (up to the next sample line) was read at this time. */
  public static final String SAMPLE = "# netsight-sample ";
  /** Wall time of the kernel's boot, for the monotonic timestamps of /dev/kmsg records that follow. */
  public static final String BOOT_TIME = "# netsight-boot-time ";
  /** kube-proxy's /proxyMode answer for the sample it is in. */
  public static final String PROXY_MODE = "# netsight-proxy-mode ";
  /** The URL a kube-proxy sample was scraped from. */
  public static final String ENDPOINT = "# netsight-endpoint ";

  private RecordingFormat() {
  }

  public static String sampleLine(long micros) {
    return SAMPLE + AvroJson.formatMicros(micros);
  }

  public static String bootTimeLine(long micros) {
    return BOOT_TIME + AvroJson.formatMicros(micros);
  }

  /** The time of a marker line ({@code # netsight-sample 2026-11-26T11:05:47.123456Z}), or null if it is not one. */
  public static Long markerMicros(String line, String marker) {
    if (line == null || !line.startsWith(marker)) {
      return null;
    }
    int end = line.indexOf(' ', marker.length());
    return parseRfc3339Micros(line.substring(marker.length(), end < 0 ? line.length() : end).strip());
  }

  /** Microseconds since the epoch of an RFC 3339 time ({@code Z} or an offset), or null when it is not one. */
  public static Long parseRfc3339Micros(String text) {
    try {
      return Micros.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException | ArithmeticException e) {
      return null;
    }
  }

  /**
   * A reader of a recording's lines that never fails on bytes that are not UTF-8 (they become U+FFFD): a recording
   * holds whatever the kernel and tools printed.
   */
  public static java.io.BufferedReader open(java.nio.file.Path file) throws java.io.IOException {
    return new java.io.BufferedReader(new java.io.InputStreamReader(java.nio.file.Files.newInputStream(file),
        java.nio.charset.StandardCharsets.UTF_8), 64 * 1024);
  }

  /** The value after a marker, or null when the line is not that marker. */
  public static String markerValue(String line, String marker) {
    return line != null && line.startsWith(marker) ? line.substring(marker.length()).strip() : null;
  }
}
