package io.netsight.ingest.replay;

import io.netsight.ingest.capture.CapturedRecord;
import io.netsight.ingest.capture.PacketAnalyzer;
import io.netsight.ingest.capture.PacketPipeline;
import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.ingest.packet.CapturedPacket;
import io.netsight.ingest.pcap.CaptureFileException;
import io.netsight.ingest.pcap.CaptureFileReader;
import io.netsight.ingest.pcap.CaptureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Function;
import io.netsight.ingest.capture.RecordSink;

/**
 * Capture files through the packet analyzers, as the live agent would have seen them: the packets of all files are
 * merged by timestamp (rotated files and captures of several interfaces of one node become one stream), and the
 * records come out in event-time order. A record is released once nothing pending can still produce an earlier one
 * (the analyzers' oldest pending event, minus a slack for packets slightly out of order).
 */
public final class PacketFilesInput implements ReplayInput {

  private record Seq(long ts, long seq, CapturedRecord record) {
  }

  private final List<Path> files;
  private final CaptureFileReader[] readers;
  private final CapturedPacket[] heads;
  private final boolean[] hasHead;
  private final PacketPipeline pipeline;
  private final long slackMicros;
  private final PriorityQueue<Seq> ready = new PriorityQueue<>((a, b) -> a.ts != b.ts ? Long.compare(a.ts, b.ts)
      : Long.compare(a.seq, b.seq));
  private final ArrayDeque<CapturedRecord> emitted = new ArrayDeque<>();
  private final long total;
  private long seq;
  private long items;
  private boolean finished;

  /**
   * Opens every file (so that a bad one fails before anything is published).
   *
   * @param analyzers   made by the caller with a sink that is {@link #sink()} of this input: use {@link #open}
   * @param slackMicros how far out of timestamp order packets may be
   */
  private PacketFilesInput(List<Path> files, IngestMetrics metrics, long slackMicros,
      Function<RecordSink, List<PacketAnalyzer>> analyzers) throws CaptureFileException {
    this.files = List.copyOf(files);
    this.slackMicros = slackMicros;
    this.readers = new CaptureFileReader[files.size()];
    this.heads = new CapturedPacket[files.size()];
    this.hasHead = new boolean[files.size()];
    long size = 0;
    try {
      for (int i = 0; i < files.size(); i++) {
        readers[i] = CaptureFiles.open(files.get(i), metrics);
        heads[i] = new CapturedPacket();
        size += sizeOf(files.get(i));
      }
    } catch (CaptureFileException e) {
      close();
      throw e;
    }
    this.total = size;
    this.pipeline = new PacketPipeline(analyzers.apply(emitted::add), metrics, null);
    for (int i = 0; i < readers.length; i++) {
      hasHead[i] = readers[i].next(heads[i]);
    }
  }

  /**
   * @param analyzers makes the packet analyzers, given the sink they must emit into
   */
  public static PacketFilesInput open(List<Path> files, IngestMetrics metrics, long slackMicros,
      Function<RecordSink, List<PacketAnalyzer>> analyzers) throws CaptureFileException {
    return new PacketFilesInput(files, metrics, slackMicros, analyzers);
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  /** The formats of the files, for messages. */
  public List<String> formats() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < readers.length; i++) {
      out.add(files.get(i) + ": " + readers[i].format());
    }
    return out;
  }

  @Override
  public String describe() {
    return files.size() == 1 ? files.get(0).toString() : files.size() + " capture files";
  }

  @Override
  public CapturedRecord next() {
    while (true) {
      if (!ready.isEmpty() && (finished || ready.peek().ts() <= releaseBound())) {
        return ready.poll().record();
      }
      if (finished) {
        return null;
      }
      int i = oldestHead();
      if (i < 0) {
        pipeline.finish();
        finished = true;
      } else {
        items++;
        pipeline.onPacket(heads[i]);
        hasHead[i] = readers[i].next(heads[i]);
      }
      while (!emitted.isEmpty()) {
        CapturedRecord r = emitted.poll();
        ready.add(new Seq(r.timestampMicros(), seq++, r));
      }
    }
  }

  private long releaseBound() {
    long clock = pipeline.clockMicros();
    long bound = clock == Long.MIN_VALUE ? Long.MIN_VALUE : clock - slackMicros;
    return Math.min(bound, pipeline.pendingSinceMicros() - 1);
  }

  private int oldestHead() {
    int best = -1;
    for (int i = 0; i < readers.length; i++) {
      if (hasHead[i] && (best < 0 || heads[i].timestampMicros < heads[best].timestampMicros)) {
        best = i;
      }
    }
    return best;
  }

  @Override
  public long progress() {
    long p = 0;
    for (CaptureFileReader r : readers) {
      if (r != null) {
        p += r.position();
      }
    }
    return p;
  }

  @Override
  public long total() {
    return total;
  }

  @Override
  public long items() {
    return items;
  }

  @Override
  public void close() {
    for (CaptureFileReader r : readers) {
      if (r != null) {
        r.close();
      }
    }
  }
}
