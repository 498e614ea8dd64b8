package io.netsight.ingest.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netsight.ingest.sourcekit.RawRecorder;
import io.netsight.schema.v1.KernelLogSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The journald reader's pipeline (child process, stdout lines, prefix pre-check, JSON decoding) with {@code cat} of
 * recorded journalctl output standing in for {@code journalctl -f}; the real journalctl is exercised by
 * {@link JournaldReaderIT} where journald runs.
 */
class JournaldReaderTest {

  @Test
  void journalLinesFromAChildProcessBecomeDrops() throws Exception {
    Path fixture = Path.of(getClass().getResource("journal.json.txt").toURI());
    TestSinks.Drops sink = new TestSinks.Drops();
    KernelLogMetrics metrics = new KernelLogMetrics(new PrometheusRegistry(), "journald");
    KernelLineProcessor processor = new KernelLineProcessor(
        new NetfilterLogParser(NetfilterLogParser.DEFAULT_PREFIXES), metrics, sink, "node-a", KernelLogSource.JOURNALD);

    try (JournaldReader reader = new JournaldReader(List.of("cat", fixture.toString()), processor, RawRecorder.NONE,
        Duration.ofSeconds(30))) {
      reader.start();

      await().atMost(Duration.ofSeconds(10)).until(() -> sink.drops().size() == 2);
    }
    assertThat(sink.drops()).extracting(d -> d.getSrcIp()).containsExactly("10.88.0.1", "10.88.0.1");
    assertThat(sink.drops()).allMatch(d -> d.getLogSource() == KernelLogSource.JOURNALD);
    assertThat(metrics.rejected(KernelLogRejection.BAD_RECORD)).isEqualTo(1);
  }
}
