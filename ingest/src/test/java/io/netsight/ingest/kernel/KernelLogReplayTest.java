package io.netsight.ingest.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.schema.v1.KernelDrop;
import io.netsight.schema.v1.KernelLogSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelLogReplayTest {

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(KernelLogReplayTest.class.getResource(name).toURI());
  }

  private final TestSinks.Drops sink = new TestSinks.Drops();
  private final KernelLogReplay replay = new KernelLogReplay(NetfilterLogParser.DEFAULT_PREFIXES, "node-a", sink,
      new PrometheusRegistry(), ZoneOffset.UTC);

  @Test
  void kmsgRecordingGivesOneDropPerPacketLineAtBootPlusMonotonicTime() throws Exception {
    replay.replay(resource("kmsg-netfilter.txt"));

    List<KernelDrop> drops = sink.drops();
    assertThat(drops).extracting(KernelDrop::getSrcIp)
        .containsExactly("10.88.0.1", "fd88::1", "10.88.0.1", "fd88::1", "10.88.0.2", "10.88.0.2");
    assertThat(drops).extracting(KernelDrop::getPrefix)
        .containsExactly("calico-drop:", "calico-drop:", "calico-packet:", "calico-packet:", "calico-drop:",
            "calico-packet:");
    assertThat(drops).allMatch(d -> d.getLogSource() == KernelLogSource.KMSG);
    assertThat(drops.get(0).getTimestamp()).isEqualTo(Instant.parse("2026-11-26T11:04:46.259019Z"));
    assertThat(replay.metrics().rejected(KernelLogRejection.NOT_IP)).as("the ARP line").isEqualTo(1);
  }

  @Test
  void kernLogInBothTimestampFormats(@TempDir Path dir) throws Exception {
    Path copy = dir.resolve("kern.log.txt");
    Files.copy(resource("kern.log.txt"), copy);
    Files.setLastModifiedTime(copy, FileTime.from(Instant.parse("2027-01-01T00:10:00Z")));

    replay.replay(copy);

    List<KernelDrop> drops = sink.drops();
    assertThat(drops).hasSize(3);
    assertThat(drops.get(0).getTimestamp()).isEqualTo(Instant.parse("2026-11-26T11:05:47.123456Z"));
    assertThat(drops.get(1).getTimestamp()).as("Nov 6, no year: the file's year")
        .isEqualTo(Instant.parse("2027-11-06T09:01:02Z").minusSeconds(365L * 24 * 3600));
    assertThat(drops.get(2).getTimestamp()).isEqualTo(Instant.parse("2026-12-31T23:59:59Z"));
    assertThat(drops.get(2).getProtocol()).isEqualTo("ICMP");
    assertThat(drops).allMatch(d -> d.getLogSource() == KernelLogSource.FILE);
  }

  @Test
  void journalJsonIncludingAByteArrayMessage() throws Exception {
    replay.replay(resource("journal.json.txt"));

    List<KernelDrop> drops = sink.drops();
    assertThat(drops).extracting(KernelDrop::getDstIp).containsExactly("10.88.0.2", "10.88.0.2");
    assertThat(drops.get(0).getTimestamp()).isEqualTo(Instant.parse("2026-11-26T11:05:47.123456Z"));
    assertThat(drops.get(1).getPrefix()).isEqualTo("calico-packet:");
    assertThat(drops).allMatch(d -> d.getLogSource() == KernelLogSource.JOURNALD);
    assertThat(replay.metrics().rejected(KernelLogRejection.BAD_RECORD)).as("the entry without a time").isEqualTo(1);
  }
}
