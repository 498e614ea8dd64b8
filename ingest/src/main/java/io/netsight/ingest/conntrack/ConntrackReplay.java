package io.netsight.ingest.conntrack;

import io.netsight.schema.Micros;
import io.netsight.ingest.capture.RecordSink;
import io.netsight.ingest.sourcekit.RecordingFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads recorded conntrack input for {@code netsight replay}: the events file is {@code conntrack -E -o
 * timestamp,extended,id} output as is (lines without a stamp take the time of the last {@code # netsight-sample}
 * line, else the file's modification time); the stats file is a series of samples, each a
 * {@code # netsight-sample <RFC 3339 time>} line, the {@code /proc/net/stat/nf_conntrack} text, and optional
 * {@code net.netfilter.nf_conntrack_count = N} lines as {@code sysctl} prints them.
 */
public final class ConntrackReplay {

  private final String node;
  private final RecordSink sink;
  private final ConntrackMetrics metrics;

  public ConntrackReplay(String node, RecordSink sink, ConntrackMetrics metrics) {
    this.node = node;
    this.sink = sink;
    this.metrics = metrics;
  }

  /** Emits one ConntrackEvent per event line; returns how many. */
  public long replayEvents(Path file) throws IOException {
    ConntrackEventParser parser = new ConntrackEventParser();
    long fallback = Micros.of(Files.getLastModifiedTime(file).toInstant());
    long n = 0;
    try (BufferedReader r = RecordingFormat.open(file)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#")) {
          Long t = RecordingFormat.markerMicros(line, RecordingFormat.SAMPLE);
          if (t != null) {
            fallback = t;
          }
          continue;
        }
        if (ConntrackEventSource.handle(parser, line, fallback, node, sink, metrics) != null) {
          n++;
        }
      }
    }
    return n;
  }

  /** Emits one ConntrackStats per sample; returns how many. */
  public long replayStats(Path file) throws IOException {
    ConntrackStatsParser parser = new ConntrackStatsParser();
    long n = 0;
    Long time = null;
    List<String> stat = new ArrayList<>();
    Map<String, Long> sysctls = new LinkedHashMap<>();
    try (BufferedReader r = RecordingFormat.open(file)) {
      String line;
      while ((line = r.readLine()) != null) {
        Long t = RecordingFormat.markerMicros(line, RecordingFormat.SAMPLE);
        if (t != null || line.startsWith(RecordingFormat.SAMPLE)) {
          if (time != null && ConntrackStatsSampler.emit(parser.parse(stat, sysctls, time, node), sink,
              metrics) != null) {
            n++;
          }
          if (t == null) {
            metrics.reject(ConntrackRejection.BAD_NUMBER);
          }
          time = t;
          stat.clear();
          sysctls.clear();
          continue;
        }
        if (line.startsWith("#")) {
          continue;
        }
        int eq = line.indexOf('=');
        if (line.startsWith("net.netfilter.") && eq > 0) {
          try {
            sysctls.put(line.substring("net.netfilter.".length(), eq).strip(),
                Long.parseLong(line.substring(eq + 1).strip()));
          } catch (NumberFormatException e) {
            metrics.reject(ConntrackRejection.BAD_NUMBER);
          }
          continue;
        }
        stat.add(line);
      }
    }
    if (time != null && ConntrackStatsSampler.emit(parser.parse(stat, sysctls, time, node), sink, metrics) != null) {
      n++;
    }
    return n;
  }
}
