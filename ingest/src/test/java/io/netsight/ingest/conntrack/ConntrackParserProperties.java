package io.netsight.ingest.conntrack;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any conntrack output or stats text gives records or counted rejections, never an exception. */
class ConntrackParserProperties {

  private static final List<String> REAL = List.of(
      "[1795691156.551773]\t    [NEW] ipv4     2 tcp      6 120 SYN_SENT src=10.89.1.2 dst=10.96.0.10 sport=50026 "
          + "dport=53 [UNREPLIED] src=10.89.2.11 dst=10.89.1.2 sport=53 dport=50026 id=3936306075",
      "[1795691157.061933]\t[DESTROY] ipv4     2 tcp      6 1 TIME_WAIT src=10.89.1.2 dst=10.96.0.10 sport=50026 "
          + "dport=53 packets=4 bytes=216 src=10.89.2.11 dst=10.89.1.2 sport=53 dport=50026 packets=2 bytes=112 "
          + "[ASSURED] delta-time=1 id=3936306075 [USERSPACE] portid=2746531225",
      "[1795691160.000001]\t    [NEW] ipv4     2 icmp     1 30 src=10.89.1.2 dst=10.96.0.10 type=8 code=0 id=4711 "
          + "[UNREPLIED] src=10.89.2.12 dst=10.89.1.2 type=0 code=0 id=4711 mark=0 zone=3 id=77");

  @Provide
  Arbitrary<String> lines() {
    Arbitrary<String> real = Arbitraries.of(REAL);
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(300),
        real.flatMap(l -> Arbitraries.integers().between(0, l.length()).map(c -> l.substring(0, c))),
        real.flatMap(l -> Arbitraries.integers().between(0, l.length() - 1)
            .flatMap(at -> Arbitraries.chars().map(ch -> l.substring(0, at) + ch + l.substring(at + 1)))),
        real.flatMap(l -> Arbitraries.strings().withChars("0123456789xX.:[]=-abcdef ").ofMaxLength(12)
            .map(j -> l.replace("sport=", "sport=" + j).replace("[1795", "[" + j))),
        Arbitraries.of(REAL).list().ofMaxSize(3).map(ls -> String.join(" ", ls)));
  }

  @Property(tries = 3000)
  void eventParserNeverThrows(@ForAll("lines") String line) {
    ConntrackEventParser.Result r = new ConntrackEventParser().parse(line, 0, "n");

    assertThat(r.event() == null).isEqualTo(r.rejection() != null);
    if (r.event() != null) {
      assertThat(r.event().getOriginal().getSrcIp()).isNotBlank();
      assertThat(r.event().getReply().getDstIp()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<List<String>> statLines() {
    Arbitrary<String> hexRow = Arbitraries.strings().withChars("0123456789abcdefg ").ofMaxLength(80);
    Arbitrary<String> header = Arbitraries.of("entries  clashres found new invalid ignore delete chainlength insert "
        + "insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart",
        "entries found invalid", "", "entries entries");
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(100).list().ofMaxSize(5),
        header.flatMap(h -> hexRow.list().ofMaxSize(4).map(rows -> {
          List<String> all = new java.util.ArrayList<>(rows);
          all.add(0, h);
          return all;
        })));
  }

  @Property(tries = 2000)
  void statsParserNeverThrows(@ForAll("statLines") List<String> lines, @ForAll long count) {
    ConntrackStatsParser.Result r = new ConntrackStatsParser().parse(lines, Map.of("nf_conntrack_count", count), 0,
        "n");

    assertThat(r.stats() == null).isEqualTo(r.rejection() != null);
    if (r.stats() != null) {
      assertThat(r.stats().getCpus()).isPositive();
    }
  }

  @Property(tries = 200)
  void replayOfArbitraryFilesNeverThrows(@ForAll byte[] junk, @ForAll("lines") String line) throws Exception {
    Path f = Files.createTempFile("conntrack", ".txt");
    try {
      byte[] tail = ("\n# netsight-sample 2026-11-26T11:00:00Z\n" + line + "\nnet.netfilter.nf_conntrack_max = x\n"
          + "# netsight-sample garbage\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] all = Arrays.copyOf(junk, junk.length + tail.length);
      System.arraycopy(tail, 0, all, junk.length, tail.length);
      Files.write(f, all);
      ConntrackMetrics metrics = new ConntrackMetrics(new PrometheusRegistry());
      ConntrackReplay replay = new ConntrackReplay("n", new Sinks<>(Object.class), metrics);

      long events = replay.replayEvents(f);
      long stats = replay.replayStats(f);

      assertThat(events + stats).isGreaterThanOrEqualTo(0);
      assertThat(metrics.rejected(ConntrackRejection.BAD_STATS) + stats).isPositive();
    } finally {
      Files.delete(f);
    }
  }
}
