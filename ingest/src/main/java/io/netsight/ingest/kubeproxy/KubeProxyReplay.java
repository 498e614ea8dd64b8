package io.netsight.ingest.kubeproxy;

import io.netsight.schema.Micros;
import io.netsight.ingest.capture.RecordSink;
import io.netsight.ingest.sourcekit.RecordingFormat;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.KubeProxySample;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads recorded kube-proxy scrapes for {@code netsight replay --kube-proxy-metrics FILE}: samples separated by
 * {@code # netsight-sample <RFC 3339 time>} lines, each optionally with {@code # netsight-proxy-mode MODE} and
 * {@code # netsight-endpoint URL}, then the /metrics text as kube-proxy served it. A file with no sample line is one
 * scrape taken at the file's modification time (a plain {@code curl :10249/metrics > file}).
 */
public final class KubeProxyReplay {

  private final String node;
  private final RecordSink sink;

  public KubeProxyReplay(String node, RecordSink sink) {
    this.node = node;
    this.sink = sink;
  }

  /** Emits one KubeProxySample per recorded scrape; returns how many. */
  public long replay(Path file) throws IOException {
    KubeProxySampleMapper mapper = new KubeProxySampleMapper();
    io.netsight.ingest.prometheus.PrometheusTextParser parser = new io.netsight.ingest.prometheus.PrometheusTextParser();
    long n = 0;
    Long time = null;
    String mode = null;
    String endpoint = file.toString();
    StringBuilder body = new StringBuilder();
    boolean any = false;
    try (BufferedReader r = RecordingFormat.open(file)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith(RecordingFormat.SAMPLE)) {
          if (any) {
            emit(mapper, parser, body, mode, endpoint, time == null ? modified(file) : time);
            n++;
          }
          time = RecordingFormat.markerMicros(line, RecordingFormat.SAMPLE);
          mode = null;
          endpoint = file.toString();
          body.setLength(0);
          any = true;
          continue;
        }
        String m = RecordingFormat.markerValue(line, RecordingFormat.PROXY_MODE);
        if (m != null) {
          mode = m;
          continue;
        }
        String e = RecordingFormat.markerValue(line, RecordingFormat.ENDPOINT);
        if (e != null) {
          endpoint = e;
          continue;
        }
        body.append(line).append('\n');
        any = true;
      }
    }
    if (any) {
      emit(mapper, parser, body, mode, endpoint, time == null ? modified(file) : time);
      n++;
    }
    return n;
  }

  private static long modified(Path file) throws IOException {
    return Micros.of(Files.getLastModifiedTime(file).toInstant());
  }

  private void emit(KubeProxySampleMapper mapper, io.netsight.ingest.prometheus.PrometheusTextParser parser,
      StringBuilder body, String mode, String endpoint, long micros) {
    KubeProxySample s = mapper.map(parser.parse(body.toString()), mode, endpoint, micros, node);
    sink.accept(new io.netsight.ingest.capture.CapturedRecord(Topics.CAPTURE_KUBE_PROXY, node, micros, s));
  }
}
