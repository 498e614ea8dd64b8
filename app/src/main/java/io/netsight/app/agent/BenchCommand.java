package io.netsight.app.agent;

import io.netsight.ingest.capture.CaptureSourceRegistry;
import io.netsight.ingest.capture.PacketAnalyzer;
import io.netsight.ingest.capture.PacketPipeline;
import io.netsight.ingest.capture.RecordSink;
import io.netsight.ingest.capture.SourceContext;
import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.ingest.packet.Bytes;
import io.netsight.ingest.packet.CapturedPacket;
import io.netsight.ingest.packet.DecodedPacket;
import io.netsight.ingest.packet.PacketDecoder;
import io.netsight.ingest.pcap.CaptureFileException;
import io.netsight.ingest.pcap.CaptureFileReader;
import io.netsight.ingest.pcap.CaptureFiles;
import io.netsight.ingest.replay.ReplayConfig;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netsight bench}: measurements, not tests. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Benchmarks of the agent's hot paths (not run by the tests).", ""},
    subcommands = {BenchCommand.Decode.class, BenchCommand.MakePcap.class})
public final class BenchCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** File -> decode -> pair -> Avro bytes, on one thread, as the live capture thread plus the publisher would. */
  @Command(name = "decode", mixinStandardHelpOptions = true,
      description = {
          "Measures packets/s for capture file -> link/IP/UDP/TCP decoding -> DNS decoding and pairing, TCP resets "
              + "-> Avro single-object bytes of every record, on one thread. Compare with "
              + "'time tcpdump -nn -r FILE > /dev/null' on the same file (docs/benchmarks.md).",
          ""})
  public static final class Decode implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--pcap", paramLabel = "FILE", required = true, description = "Capture file to read.")
    Path pcap;

    @Option(names = "--passes", paramLabel = "N", defaultValue = "3",
        description = "Passes over the file; the first includes JIT warm-up (default: ${DEFAULT-VALUE}).")
    int passes;

    @Override
    public Integer call() throws Exception {
      if (passes < 1) {
        throw new IllegalArgumentException("--passes must be at least 1");
      }
      PrintWriter out = spec.commandLine().getOut();
      CaptureSourceRegistry registry = CaptureSourceRegistry.standard();
      ReplayConfig config = new ReplayConfig(Map.of(), registry);
      out.printf("netsight bench decode: %s (%,d bytes), %d passes%n", pcap, sizeOf(pcap), passes);
      for (int pass = 1; pass <= passes; pass++) {
        IngestMetrics metrics = new IngestMetrics();
        long[] bytes = {0};
        long[] records = {0};
        RecordSink sink = r -> {
          bytes[0] += r.serializedValue().length;
          records[0]++;
        };
        List<PacketAnalyzer> analyzers = registry.createAnalyzers(registry.packetAnalyzerNames(),
            new SourceContext("bench", config, metrics, sink, e -> {
              throw new IllegalStateException(e);
            }));
        PacketPipeline pipeline = new PacketPipeline(analyzers, metrics, null);
        long packets = 0;
        long start = System.nanoTime();
        try (CaptureFileReader reader = open(pcap, metrics)) {
          CapturedPacket p = new CapturedPacket();
          while (reader.next(p)) {
            pipeline.onPacket(p);
            packets++;
          }
        }
        pipeline.finish();
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("pass %d: %,d packets in %.3f s = %,.0f packets/s; %,d records, %,d Avro bytes, %,d rejected%n",
            pass, packets, seconds, packets / seconds, records[0], bytes[0], metrics.rejectedTotal());
        out.flush();
      }
      return 0;
    }
  }

  /**
   * Builds a large benchmark capture from a small real one: the seed's DNS packets repeated with each copy's client
   * port, DNS id and timestamps shifted, so every copy is a distinct lookup that pairs like the original.
   */
  @Command(name = "make-pcap", mixinStandardHelpOptions = true,
      description = {
          "Writes a pcap of at least --packets packets made from the UDP DNS packets of a real capture (--seed, "
              + "e.g. a namespace-lab capture): each copy gets its own client port, DNS id and a later timestamp. "
              + "The UDP checksum of IPv4 copies is zeroed (valid: 'no checksum'); IPv6 copies keep the seed's "
              + "(tcpdump -nn does not verify it).",
          ""})
  public static final class MakePcap implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--seed", paramLabel = "FILE", required = true, description = "A real capture with DNS lookups.")
    Path seed;

    @Option(names = "--packets", paramLabel = "N", defaultValue = "1000000",
        description = "Packets to write at least (default: ${DEFAULT-VALUE}).")
    long packets;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The pcap to write.")
    Path out;

    private record SeedPacket(long micros, byte[] frame, int udp, int dns, boolean query, boolean ipv4) {
    }

    @Override
    public Integer call() throws Exception {
      IngestMetrics metrics = new IngestMetrics();
      List<SeedPacket> seedPackets = new ArrayList<>();
      int linkType = -1;
      try (CaptureFileReader reader = open(seed, metrics)) {
        CapturedPacket p = new CapturedPacket();
        DecodedPacket d = new DecodedPacket();
        PacketDecoder decoder = new PacketDecoder(metrics);
        while (reader.next(p)) {
          if (!decoder.decode(p, d) || d.protocol != DecodedPacket.PROTO_UDP || d.payloadLength < 12
              || (d.srcPort != 53 && d.dstPort != 53) || (linkType >= 0 && p.linkType != linkType)) {
            continue;
          }
          linkType = p.linkType;
          byte[] frame = new byte[p.length];
          System.arraycopy(p.data, p.offset, frame, 0, p.length);
          int dns = d.payloadOffset - p.offset;
          boolean query = (frame[dns + 2] & 0x80) == 0;
          seedPackets.add(new SeedPacket(p.timestampMicros, frame, dns - 8, dns, query, d.addressLength == 4));
        }
      }
      if (seedPackets.isEmpty()) {
        throw new IllegalArgumentException(seed + " has no UDP DNS packets to build from");
      }
      long first = seedPackets.get(0).micros();
      long span = seedPackets.get(seedPackets.size() - 1).micros() - first + 1000;
      long written = 0;
      try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
        byte[] header = new byte[24];
        Bytes.put32le(header, 0, 0xa1b2c3d4L);
        header[4] = 2;
        header[6] = 4;
        Bytes.put32le(header, 16, 262_144);
        Bytes.put32le(header, 20, linkType);
        o.write(header);
        byte[] rec = new byte[16];
        long base = 1_790_000_000_000_000L; // 2026-09-21, a fixed start so the file is reproducible
        for (long copy = 0; written < packets; copy++) {
          int port = 1024 + (int) (copy % 64_000);
          int idShift = (int) (copy / 64_000);
          for (SeedPacket s : seedPackets) {
            byte[] f = s.frame().clone();
            int portAt = s.udp() + (s.query() ? 0 : 2);
            Bytes.put16(f, portAt, port);
            Bytes.put16(f, s.dns(), (Bytes.u16(f, s.dns()) + idShift) & 0xffff);
            if (s.ipv4()) {
              Bytes.put16(f, s.udp() + 6, 0);
            }
            long micros = base + copy * span + (s.micros() - first);
            Bytes.put32le(rec, 0, micros / 1_000_000L);
            Bytes.put32le(rec, 4, micros % 1_000_000L);
            Bytes.put32le(rec, 8, f.length);
            Bytes.put32le(rec, 12, f.length);
            o.write(rec);
            o.write(f);
            written++;
          }
        }
      }
      spec.commandLine().getOut().printf("%s: %,d packets from %d seed packets of %s%n", out, written,
          seedPackets.size(), seed);
      return 0;
    }
  }

  static CaptureFileReader open(Path file, IngestMetrics metrics) {
    try {
      return CaptureFiles.open(file, metrics);
    } catch (CaptureFileException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
