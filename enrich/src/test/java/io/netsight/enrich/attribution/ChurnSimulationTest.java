package io.netsight.enrich.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.schema.AvroSerde;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.AttributionStatus;
import io.netsight.schema.v1.DnsTransaction;
import io.netsight.schema.v1.EnrichedDnsTransaction;
import io.netsight.schema.v1.IpBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;

/**
 * The headline result: thousands of pods cycle through a small pool of addresses (each address reused within a
 * second), DNS lookups happen at random times, and bindings and lookups reach Kafka out of order (each up to 3 s
 * late, inside the 5 s grace period). The same records go through the production enrichment topology and through a
 * plain last-value KTable join; each lookup's attribution is checked against who really held the address.
 *
 * <p>Reproduce: {@code mvn -B -pl enrich -am test -Dtest=ChurnSimulationTest -Dsurefire.failIfNoSpecifiedTests=false};
 * the figures are printed to stdout as lines starting with {@code churn:}.
 */
class ChurnSimulationTest {

  static {
    // Avro only builds nested records of trusted packages; the netsight serde trusts ours when it loads.
    io.netsight.schema.Topics.all();
  }

  private static final long SEED = 20261126L;
  private static final int POOL = 16;
  private static final int PODS = 3_000;
  private static final int LOOKUPS = 20_000;
  private static final Instant START = Instant.parse("2026-11-26T10:00:00Z");
  private static final String KUBE_DNS = "10.96.0.10";

  /** Outcome counts of one run. */
  record Tally(int inside, int correct, int ambiguousWithTruth, int wrong, int missed, int gaps, int gapsUnattributed,
      int gapsAttributed) {

    double wrongShare() {
      return inside == 0 ? 0 : (double) wrong / inside;
    }

    String line(String who) {
      return String.format("churn: %-12s lookups inside an ownership interval: %d; right pod: %d; ambiguous "
              + "(right pod among candidates): %d; WRONG pod: %d (%.2f%%); unattributed: %d | lookups between "
              + "owners: %d; unattributed: %d; attributed: %d",
          who, inside, correct, ambiguousWithTruth, wrong, 100.0 * wrongShare(), missed, gaps, gapsUnattributed,
          gapsAttributed);
    }
  }

  @Test
  void exactTimesNetsightAttributesEveryLookupInsideAnIntervalToTheRightPodAndTheRestUnattributed() {
    Simulation sim = new Simulation(new Random(SEED), false);

    Tally netsight = sim.run(this::throughNetsight);
    Tally lastValue = sim.run(this::throughLastValueTable);
    System.out.println(netsight.line("netsight"));
    System.out.println(lastValue.line("last-value"));

    assertThat(netsight.inside()).isGreaterThan(LOOKUPS / 2);
    assertThat(netsight.correct()).isEqualTo(netsight.inside());
    assertThat(netsight.wrong()).isZero();
    assertThat(netsight.gapsUnattributed()).isEqualTo(netsight.gaps()).isPositive();
    // The failure netsight exists to fix, measured on the very same records.
    assertThat(lastValue.wrong()).isPositive();
  }

  @Test
  void wholeSecondKubernetesTimesNeverGiveALookupToAPodThatDidNotHoldTheAddress() {
    // Kubernetes writes pod times to the second: validFrom and validTo are the true times truncated.
    Simulation sim = new Simulation(new Random(SEED + 1), true);

    Tally netsight = sim.run(this::throughNetsight);
    Tally lastValue = sim.run(this::throughLastValueTable);
    System.out.println(netsight.line("netsight-1s"));
    System.out.println(lastValue.line("last-value-1s"));

    assertThat(netsight.wrong()).isZero();
    assertThat(netsight.missed()).isZero();
    assertThat(netsight.correct() + netsight.ambiguousWithTruth()).isEqualTo(netsight.inside());
    assertThat(lastValue.wrong()).isPositive();
  }

  /** One owner of one address: the truth, in microseconds. */
  record Hold(String ip, String pod, long startMicros, long endMicros) {
  }

  /** A record in the order it reaches Kafka. */
  record Arrival(long arrivalMicros, int seq, IpBinding binding, String tombstoneIp, long tombstoneMicros,
      DnsTransaction lookup) {
  }

  final class Simulation {
    final List<Hold> holds = new ArrayList<>();
    final Map<String, List<Hold>> byIp = new HashMap<>();
    final List<Arrival> arrivals = new ArrayList<>();
    long endMicros;

    Simulation(Random random, boolean wholeSeconds) {
      long t0 = micros(START);
      long[] next = new long[POOL];
      for (int i = 0; i < POOL; i++) {
        next[i] = t0 + random.nextInt(5_000_000);
      }
      int seq = 0;
      for (int p = 0; p < PODS; p++) {
        int slot = p % POOL;
        String ip = "10.244." + (slot / 8) + "." + (10 + slot % 8);
        long start = next[slot];
        long end = start + 2_000_000L + (long) (random.nextDouble() * 18_000_000L);
        // the address goes to the next pod 0-900 ms later: reuse within a second
        next[slot] = end + (long) (random.nextDouble() * 900_000L);
        Hold h = new Hold(ip, "job-" + p, start, end);
        holds.add(h);
        byIp.computeIfAbsent(ip, k -> new ArrayList<>()).add(h);
        long from = wholeSeconds ? Math.floorDiv(start, 1_000_000L) * 1_000_000L : notWholeSecond(start);
        long to = wholeSeconds ? Math.floorDiv(end, 1_000_000L) * 1_000_000L : notWholeSecond(end);
        IpBinding acquired = Bindings.pod(ip, h.pod(), instant(from), null);
        IpBinding released = Bindings.pod(ip, h.pod(), instant(from), instant(to));
        // The publisher sees each change 50 ms - 3 s after it happened.
        arrivals.add(new Arrival(start + late(random), seq++, acquired, null, 0, null));
        long releaseArrival = end + late(random);
        arrivals.add(new Arrival(releaseArrival, seq++, released, null, 0, null));
        arrivals.add(new Arrival(releaseArrival, seq++, null, ip, to, null));
        endMicros = Math.max(endMicros, end);
      }
      arrivals.add(new Arrival(t0 - 10_000_000L, seq++, Bindings.binding(KUBE_DNS,
          io.netsight.schema.v1.BindingKind.SERVICE, "kube-system", "kube-dns", "uid-kube-dns",
          START.minusSeconds(3600), null), null, 0, null));
      for (int i = 0; i < LOOKUPS; i++) {
        String ip = holds.get(random.nextInt(holds.size())).ip();
        long at = t0 + (long) (random.nextDouble() * (endMicros - t0));
        DnsTransaction lookup = EnrichmentDriver.dns(ip, KUBE_DNS, null, instant(at), "q" + i + ".example.com", i);
        // Lookups reach Kafka up to 2 s late and interleave with the bindings.
        arrivals.add(new Arrival(at + (long) (random.nextDouble() * 2_000_000L), seq++, null, null, 0, lookup));
      }
      arrivals.sort(Comparator.comparingLong(Arrival::arrivalMicros).thenComparingInt(Arrival::seq));
    }

    Hold truth(String ip, long atMicros) {
      for (Hold h : byIp.get(ip)) {
        if (h.startMicros() <= atMicros && atMicros < h.endMicros()) {
          return h;
        }
      }
      return null;
    }

    Tally run(Function<List<Arrival>, List<EnrichedDnsTransaction>> pipeline) {
      List<EnrichedDnsTransaction> out = pipeline.apply(arrivals);
      int inside = 0;
      int correct = 0;
      int ambiguous = 0;
      int wrong = 0;
      int missed = 0;
      int gaps = 0;
      int gapsUnattributed = 0;
      int gapsAttributed = 0;
      for (EnrichedDnsTransaction e : out) {
        Hold h = truth(e.getTransaction().getClientIp(), micros(e.getTransaction().getTimestamp()));
        var a = e.getClient();
        if (h == null) {
          gaps++;
          if (a.getStatus() == AttributionStatus.UNATTRIBUTED) {
            gapsUnattributed++;
          } else {
            gapsAttributed++;
          }
          continue;
        }
        inside++;
        switch (a.getStatus()) {
          case ATTRIBUTED -> {
            if (a.getBinding().getName().equals(h.pod())) {
              correct++;
            } else {
              wrong++;
            }
          }
          case AMBIGUOUS -> {
            if (a.getCandidates().stream().anyMatch(c -> c.getName().equals(h.pod()))) {
              ambiguous++;
            } else {
              wrong++;
            }
          }
          default -> missed++;
        }
      }
      assertThat(out).as("every lookup comes out once").hasSize(LOOKUPS);
      return new Tally(inside, correct, ambiguous, wrong, missed, gaps, gapsUnattributed, gapsAttributed);
    }
  }

  List<EnrichedDnsTransaction> throughNetsight(List<Arrival> arrivals) {
    try (EnrichmentDriver d = new EnrichmentDriver(Map.of("enrich.grace", "PT5S", "enrich.inputs", "dns"))) {
      for (Arrival a : arrivals) {
        if (a.binding() != null) {
          d.binding(a.binding());
        } else if (a.tombstoneIp() != null) {
          d.tombstone(a.tombstoneIp(), instant(a.tombstoneMicros()));
        } else {
          d.dns(a.lookup());
        }
      }
      return d.flushDns();
    }
  }

  /** What a last-value IP table does: join each lookup with whatever the table holds when the lookup arrives. */
  List<EnrichedDnsTransaction> throughLastValueTable(List<Arrival> arrivals) {
    StreamsBuilder builder = new StreamsBuilder();
    KTable<String, IpBinding> table = builder.table(Topics.IDENTITY_IP_BINDINGS.name(),
        Consumed.with(Serdes.String(), Topics.IDENTITY_IP_BINDINGS.valueSerde()),
        Materialized.with(Serdes.String(), Topics.IDENTITY_IP_BINDINGS.valueSerde()));
    builder.stream(Topics.CAPTURE_DNS.name(), Consumed.with(Serdes.String(), Topics.CAPTURE_DNS.valueSerde()))
        .leftJoin(table, (t, b) -> EnrichedDnsTransaction.newBuilder().setTransaction(t)
            .setClient(io.netsight.schema.v1.Attribution.newBuilder().setIp(t.getClientIp())
                .setStatus(b == null ? AttributionStatus.UNATTRIBUTED : AttributionStatus.ATTRIBUTED)
                .setBinding(b).setCandidates(List.of()).build())
            .setServer(io.netsight.schema.v1.Attribution.newBuilder().setIp(t.getServerIp())
                .setStatus(AttributionStatus.UNKNOWN).setCandidates(List.of()).build())
            .build())
        .to("out", Produced.with(Serdes.String(), AvroSerde.of(EnrichedDnsTransaction.class)));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "last-value");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    try {
      props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("last-value-").toString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
      TestInputTopic<String, IpBinding> bindings = driver.createInputTopic(Topics.IDENTITY_IP_BINDINGS.name(),
          Serdes.String().serializer(), Topics.IDENTITY_IP_BINDINGS.valueSerde().serializer());
      TestInputTopic<String, DnsTransaction> dns = driver.createInputTopic(Topics.CAPTURE_DNS.name(),
          Serdes.String().serializer(), Topics.CAPTURE_DNS.valueSerde().serializer());
      for (Arrival a : arrivals) {
        if (a.binding() != null) {
          bindings.pipeInput(a.binding().getIp(), a.binding(), a.binding().getTimestamp());
        } else if (a.tombstoneIp() != null) {
          bindings.pipeInput(a.tombstoneIp(), null, instant(a.tombstoneMicros()));
        } else {
          dns.pipeInput(a.lookup().getClientIp(), a.lookup(), a.lookup().getTimestamp());
        }
      }
      return driver.createOutputTopic("out", Serdes.String().deserializer(),
          AvroSerde.of(EnrichedDnsTransaction.class).deserializer()).readKeyValuesToList().stream()
          .map(kv -> kv.value).toList();
    }
  }

  private static long late(Random random) {
    return 50_000L + (long) (random.nextDouble() * 2_950_000L);
  }

  private static long notWholeSecond(long micros) {
    return Math.floorMod(micros, 1_000_000L) == 0 ? micros + 1 : micros;
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

}
