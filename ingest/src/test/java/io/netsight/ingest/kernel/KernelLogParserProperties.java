package io.netsight.ingest.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.ingest.sourcekit.RawRecorder;
import io.netsight.schema.v1.KernelLogSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any input to the kernel log parsers gives records or counted rejections, never an exception. */
class KernelLogParserProperties {

  private static final List<String> REAL_LINES = List.of(NetfilterLogParserTest.IPTABLES_TCP_V4,
      NetfilterLogParserTest.IP6TABLES_TCP, NetfilterLogParserTest.NFT_UDP_V4_FLAGS_ALL,
      NetfilterLogParserTest.NFT_UDP_V6_FLAGS_ALL, NetfilterLogParserTest.NFT_ICMP_ERROR,
      NetfilterLogParserTest.IPTABLES_RST_UID, NetfilterLogParserTest.NFT_ARP,
      NetfilterLogParserTest.BRIDGED_OUTBOUND_MARK, NetfilterLogParserTest.ICMPV6_ECHO);

  @Provide
  Arbitrary<String> mutatedLines() {
    Arbitrary<String> real = Arbitraries.of(REAL_LINES);
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(400).map(s -> "calico-drop: " + s),
        Arbitraries.strings().withChars("SRCDTPOINLEMAX=:.[]() 0123456789abcdefx-").ofMaxLength(300)
            .map(s -> "calico-packet: IN=" + s),
        real.flatMap(line -> Arbitraries.integers().between(0, line.length()).map(cut -> line.substring(0, cut))),
        real.flatMap(line -> Arbitraries.integers().between(0, line.length() - 1)
            .flatMap(at -> Arbitraries.chars().map(c -> line.substring(0, at) + c + line.substring(at + 1)))),
        real.flatMap(line -> Arbitraries.strings().ofMaxLength(20).map(junk -> line.replace(" DST=", " DST=" + junk))));
  }

  @Property(tries = 3000)
  void netfilterParserNeverThrows(@ForAll("mutatedLines") String line) {
    NetfilterLogParser parser = new NetfilterLogParser(NetfilterLogParser.DEFAULT_PREFIXES);

    NetfilterLogParser.Result r = parser.parse(line, 1L, KernelLogSource.KMSG, "n");

    assertThat(r.drop() == null).isEqualTo(r.rejection() != null);
    if (r.drop() != null) {
      assertThat(r.drop().getSrcIp()).isNotBlank();
      assertThat(r.drop().getIpVersion()).isIn(4, 6);
    }
  }

  @Property(tries = 2000)
  void anyBytesThroughEveryReaderGiveRecordsOrCountedRejections(@ForAll byte[] bytes,
      @ForAll("mutatedLines") String line) throws Exception {
    TestSinks.Drops sink = new TestSinks.Drops();
    KernelLogMetrics metrics = new KernelLogMetrics(new PrometheusRegistry(), "prop");
    KernelLineProcessor p = new KernelLineProcessor(new NetfilterLogParser(NetfilterLogParser.DEFAULT_PREFIXES),
        metrics, sink, "n", KernelLogSource.FILE);
    SyslogLineHandler syslog = new SyslogLineHandler(p, RawRecorder.NONE, ZoneOffset.UTC, () -> 0L);
    byte[] kmsg = ("4,1,2,-;" + line).getBytes(StandardCharsets.UTF_8);
    byte[] classic = ("Nov 26 11:05:47 h kernel: " + line).getBytes(StandardCharsets.UTF_8);

    syslog.line(bytes, 0, bytes.length);
    syslog.line(classic, 0, classic.length);
    KmsgRecord rec = new KmsgRecord();
    for (byte[] b : List.of(bytes, kmsg)) {
      if (rec.parse(b, 0, b.length) && p.matches(b, rec.textStart, rec.textEnd - rec.textStart)) {
        p.matched(b, rec.textStart, rec.textEnd - rec.textStart, rec.micros);
      }
    }
    JournalEntry.decode(new String(bytes, StandardCharsets.UTF_8));
    JournalEntry.decode("{\"__REALTIME_TIMESTAMP\":\"1\",\"MESSAGE\":\"" + line.replace("\\", "").replace("\"", "")
        + "\"}");

    assertThat(sink.records.size() + metrics.rejectedTotal()).isLessThanOrEqualTo(4);
  }

  @Property(tries = 200)
  void replayOfArbitraryFilesNeverThrows(@ForAll("mutatedLines") String line, @ForAll byte[] junk)
      throws Exception {
    Path f = Files.createTempFile("kernel-log", ".txt");
    try {
      Files.write(f, junk);
      Files.writeString(f, "\n# netsight-boot-time nonsense\n4,1,2,-;" + line + "\n{\"MESSAGE\":" + line + "\n",
          java.nio.file.StandardOpenOption.APPEND);
      TestSinks.Drops sink = new TestSinks.Drops();
      KernelLogReplay replay = new KernelLogReplay(NetfilterLogParser.DEFAULT_PREFIXES, "n", sink,
          new PrometheusRegistry(), ZoneOffset.UTC);

      long lines = replay.replay(f);

      assertThat(lines).isGreaterThanOrEqualTo(3);
    } finally {
      Files.delete(f);
    }
  }
}
