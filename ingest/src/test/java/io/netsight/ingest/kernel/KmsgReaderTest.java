package io.netsight.ingest.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.ingest.sourcekit.RawRecorder;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.KernelLogSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KmsgReaderTest {

  private static final long BOOT_WALL = 1_795_689_577_000_000L; // 2026-11-26T10:39:37Z

  /** Hands out scripted reads: a record per read, or an IOException, like the kernel's read(2) on /dev/kmsg. */
  private static class ScriptedChannel implements KmsgReader.RecordChannel {

    private final Deque<Object> script = new ArrayDeque<>();

    ScriptedChannel record(String r) {
      script.add(r);
      return this;
    }

    ScriptedChannel epipe() {
      script.add(new IOException("Broken pipe"));
      return this;
    }

    @Override
    public int read(ByteBuffer buf) throws IOException {
      Object next = script.poll();
      if (next == null) {
        return -1;
      }
      if (next instanceof IOException e) {
        throw e;
      }
      byte[] b = ((String) next).getBytes(StandardCharsets.UTF_8);
      buf.put(b);
      return b.length;
    }

    @Override
    public void close() {
    }
  }

  private final TestSinks.Drops sink = new TestSinks.Drops();
  private final KernelLogMetrics metrics = new KernelLogMetrics(new PrometheusRegistry(), "kmsg");
  private final KernelLineProcessor processor = new KernelLineProcessor(
      new NetfilterLogParser(NetfilterLogParser.DEFAULT_PREFIXES), metrics, sink, "node-a", KernelLogSource.KMSG);

  private final List<String> markers = new java.util.ArrayList<>();

  private KmsgReader reader(boolean fromStart, RawRecorder recorder, long monotonicNow) {
    return reader(fromStart, recorder, () -> monotonicNow, () -> BOOT_WALL + monotonicNow);
  }

  private KmsgReader reader(boolean fromStart, RawRecorder recorder, java.util.function.LongSupplier mono,
      java.util.function.LongSupplier wall) {
    return new KmsgReader(Path.of("/dev/kmsg"), processor, fromStart, recorder, mono, wall, markers::add);
  }

  private static KmsgReader.StartPlan fromStart() {
    return new KmsgReader.StartPlan(true, null, 0, 0);
  }

  @Test
  void recordsBecomeDropsWithWallTimeAndEpipeGapsAreCountedAsLost() {
    ScriptedChannel ch = new ScriptedChannel()
        .record("4,349,1509259019,-;" + NetfilterLogParserTest.IPTABLES_TCP_V4 + "\n")
        .record("6,350,1509300000,-;EXT4-fs (vda): mounted filesystem\n SUBSYSTEM=block\n DEVICE=b254:0\n")
        .epipe()
        .record("4,361,1512289178,c;" + NetfilterLogParserTest.IP6TABLES_TCP + "\n")
        .record("garbage without a header\n");

    reader(true, RawRecorder.NONE, 2_000_000_000L).run(ch, fromStart());

    assertThat(sink.drops()).hasSize(2);
    assertThat(sink.records.get(0).topic()).isEqualTo(Topics.CAPTURE_KERNEL_DROP);
    assertThat(sink.records.get(0).key()).isEqualTo("10.88.0.1");
    assertThat(sink.records.get(0).timestampMicros()).isEqualTo(BOOT_WALL + 1_509_259_019L);
    assertThat(sink.drops().get(0).getTimestamp().toString()).isEqualTo("2026-11-26T11:04:46.259019Z");
    assertThat(sink.drops().get(1).getSrcIp()).isEqualTo("fd88::1");
    assertThat(metrics.lost()).as("sequence 350 -> 361").isEqualTo(10);
    assertThat(metrics.records()).isEqualTo(3);
    assertThat(metrics.rejected(KernelLogRejection.BAD_RECORD)).isEqualTo(1);
  }

  @Test
  void startsRightAfterItsOwnMarkerAndTakesTheBootTimeFromIt() {
    long wallAtMarker = BOOT_WALL + 4_000_100L + 7_000_000L; // the printk clock runs 7 s behind CLOCK_MONOTONIC
    long[] wall = {wallAtMarker};
    KmsgReader r = reader(false, RawRecorder.NONE, () -> 4_000_100L, () -> wall[0]);
    KmsgReader.StartPlan plan = r.plan();
    wall[0] += 1_000; // the records are read a millisecond after the marker was written
    assertThat(markers).hasSize(1);
    String marker = markers.get(0).substring(3).strip(); // "<6>" priority prefix
    ScriptedChannel ch = new ScriptedChannel()
        .record("4,1,3990000,-;" + NetfilterLogParserTest.IPTABLES_TCP_V4 + "\n")
        .record("6,2,4000050,-;" + marker + "\n")
        .record("4,3,4000070,-;" + NetfilterLogParserTest.NFT_UDP_V4_FLAGS_ALL + "\n");

    r.run(ch, plan);

    assertThat(marker).startsWith("netsight: kernel log reader started ");
    assertThat(sink.drops()).extracting(d -> d.getProtocol()).as("the record before the marker is old")
        .containsExactly("UDP");
    assertThat(sink.records.get(0).timestampMicros()).isEqualTo(wallAtMarker + 20);
    assertThat(metrics.records()).isEqualTo(1);
  }

  @Test
  void withoutWriteAccessItSkipsByTime() {
    KmsgReader r = new KmsgReader(Path.of("/dev/kmsg"), processor, false, RawRecorder.NONE, () -> 3000,
        () -> BOOT_WALL + 3000, line -> {
          throw new java.io.IOException("Permission denied");
        });
    KmsgReader.StartPlan plan = r.plan();
    ScriptedChannel ch = new ScriptedChannel()
        .record("4,1,1000,-;" + NetfilterLogParserTest.IPTABLES_TCP_V4 + "\n")
        .record("4,2,5000,-;" + NetfilterLogParserTest.NFT_UDP_V4_FLAGS_ALL + "\n");

    r.run(ch, plan);

    assertThat(sink.drops()).extracting(d -> d.getProtocol()).containsExactly("UDP");
    assertThat(metrics.records()).isEqualTo(1);
  }

  @Test
  void bootTimeFollowsRecordsReadAsTheyArrive() {
    long[] wall = {BOOT_WALL + 10_000_000L};
    KmsgReader r = reader(true, RawRecorder.NONE, () -> 10_000_000L, () -> wall[0]);
    ScriptedChannel ch = new ScriptedChannel() {
      @Override
      public int read(java.nio.ByteBuffer buf) throws java.io.IOException {
        // each record is read 2 ms after the printk clock stamped it, and that clock is 3 s behind the estimate
        int n = super.read(buf);
        wall[0] += 1_000_000L;
        return n;
      }
    }
        .record("4,1,20000000,-;" + NetfilterLogParserTest.IPTABLES_TCP_V4 + "\n");
    wall[0] = BOOT_WALL + 20_000_000L + 3_000_000L + 2_000L - 1_000_000L;

    r.run(ch, fromStart());

    assertThat(r.bootTimeMicros()).isEqualTo(BOOT_WALL + 3_002_000L);
    assertThat(sink.records.get(0).timestampMicros()).isEqualTo(BOOT_WALL + 3_002_000L + 20_000_000L);
  }

  @Test
  void recordingHoldsTheBootTimeAndTheRawRecordsAndReplaysToTheSameDrops(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("kernel-log.txt");
    try (RawRecorder recorder = RawRecorder.open(file)) {
      reader(true, recorder, 2_000_000_000L).run(new ScriptedChannel()
          .record("4,349,1509259019,-;" + NetfilterLogParserTest.IPTABLES_TCP_V4 + "\n")
          .record("6,350,1509300000,-;EXT4-fs (vda): mounted filesystem\n SUBSYSTEM=block\n"), fromStart());
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0)).isEqualTo("# netsight-boot-time 2026-11-26T10:39:37.000000Z");
    assertThat(lines.get(1)).startsWith("4,349,1509259019,-;calico-drop: IN=vb18750");
    assertThat(lines).hasSize(3);

    TestSinks.Drops replayed = new TestSinks.Drops();
    new KernelLogReplay(NetfilterLogParser.DEFAULT_PREFIXES, "node-a", replayed, new PrometheusRegistry(),
        java.time.ZoneOffset.UTC).replay(file);

    assertThat(replayed.drops()).isEqualTo(sink.drops());
  }
}
