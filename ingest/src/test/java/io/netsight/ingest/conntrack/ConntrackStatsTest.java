package io.netsight.ingest.conntrack;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.ingest.sourcekit.RawRecorder;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.ConntrackStats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConntrackStatsTest {

  private final ConntrackMetrics metrics = new ConntrackMetrics(new PrometheusRegistry());

  @Test
  void recordedSamplesAreSummedOverCpusByColumnName() throws Exception {
    Sinks<ConntrackStats> sink = new Sinks<>(ConntrackStats.class);

    long n = new ConntrackReplay("node-a", sink, metrics)
        .replayStats(Path.of(getClass().getResource("stats.txt").toURI()));

    assertThat(n).isEqualTo(2);
    ConntrackStats first = sink.values().get(0);
    ConntrackStats second = sink.values().get(1);
    assertThat(first.getTimestamp()).isEqualTo(Instant.parse("2026-11-26T11:00:00Z"));
    assertThat(first.getCpus()).isEqualTo(2);
    assertThat(first.getInvalid()).isEqualTo(0x30L);
    assertThat(first.getInsertFailed()).isEqualTo(3L);
    assertThat(first.getDrop()).isEqualTo(1L);
    assertThat(first.getFound()).isEqualTo(15L);
    assertThat(first.getSearchRestart()).isEqualTo(6L);
    assertThat(first.getCounters()).containsEntry("clashres", 1L).containsEntry("icmp_error", 3L)
        .doesNotContainKey("entries");
    assertThat(first.getEntries()).isEqualTo(260L);
    assertThat(first.getMax()).isEqualTo(262144L);
    assertThat(first.getBuckets()).isEqualTo(65536L);
    assertThat(second.getInsertFailed() - first.getInsertFailed()).isEqualTo(0x3eL);
    assertThat(second.getEntries()).as("no sysctl lines: the entries column").isEqualTo(0x200L);
    assertThat(second.getMax()).isNull();
    assertThat(sink.records.get(0).topic()).isEqualTo(Topics.CAPTURE_CONNTRACK_STATS);
    assertThat(sink.records.get(0).key()).isEqualTo("node-a");
  }

  @Test
  void otherKernelsColumnsAndBrokenSamples() {
    ConntrackStatsParser p = new ConntrackStatsParser();
    // A 4.x kernel's header: searched/new/delete_list columns, no clashres/chainlength.
    ConntrackStats old = p.parse(List.of(
        "entries  searched found new invalid ignore delete delete_list insert insert_failed drop early_drop "
            + "icmp_error  expect_new expect_create expect_delete search_restart",
        "0000000a  00000000 00000001 00000002 00000003 00000000 00000000 00000000 00000000 00000000 00000000 "
            + "00000000 00000000  00000000 00000000 00000000 00000000"), Map.of(), 0, "n").stats();

    assertThat(old.getCounters()).containsKeys("searched", "delete_list");
    assertThat(old.getInvalid()).isEqualTo(3L);
    assertThat(old.getEntries()).isEqualTo(10L);
    assertThat(p.parse(List.of("entries found", "1"), Map.of(), 0, "n").rejection())
        .isEqualTo(ConntrackRejection.BAD_STATS);
    assertThat(p.parse(List.of("0000 0001"), Map.of(), 0, "n").rejection()).isEqualTo(ConntrackRejection.BAD_STATS);
    assertThat(p.parse(List.of(), Map.of(), 0, "n").rejection()).isEqualTo(ConntrackRejection.BAD_STATS);
  }

  @Test
  void samplerReadsTheRealProcFilesAndRecordsWhatItRead(@TempDir Path dir) throws Exception {
    Sinks<ConntrackStats> sink = new Sinks<>(ConntrackStats.class);
    Path recording = dir.resolve("conntrack-stats.txt");
    ConntrackStats live;
    try (RawRecorder recorder = RawRecorder.open(recording)) {
      ConntrackStatsSampler sampler = new ConntrackStatsSampler(ConntrackStatsSampler.Settings.defaults(), "node-a",
          sink, metrics, recorder);
      live = sampler.sampleOnce();
    }
    // This machine's own (host namespace) table: the module is loaded, so the file and sysctls exist.
    assertThat(live).isNotNull();
    assertThat(live.getCpus()).isEqualTo(Runtime.getRuntime().availableProcessors() > 0
        ? Files.readAllLines(Path.of("/proc/net/stat/nf_conntrack")).size() - 1 : 0);
    assertThat(live.getMax()).isPositive();
    assertThat(live.getCounters()).containsKeys("invalid", "insert_failed", "drop");

    Sinks<ConntrackStats> replayed = new Sinks<>(ConntrackStats.class);
    new ConntrackReplay("node-a", replayed, metrics).replayStats(recording);
    assertThat(replayed.values()).containsExactly(live);
    assertThat(Files.readAllLines(recording).get(0)).startsWith("# netsight-sample ");
    assertThat(ConntrackStatsSampler.Settings.defaults().interval()).isEqualTo(Duration.ofSeconds(10));
  }
}
