package io.netsight.ingest.pcap;

import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.ingest.packet.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens a capture file of either format, told apart by its first four bytes. Pure Java: no libpcap needed. */
public final class CaptureFiles {

  private CaptureFiles() {
  }

  /** Opens a file; {@link CaptureFileException} when it is missing, unreadable or not a capture netsight reads. */
  public static CaptureFileReader open(Path file, IngestMetrics metrics) throws CaptureFileException {
    InputStream in;
    try {
      in = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new CaptureFileException(file + ": no such file");
    } catch (IOException e) {
      throw new CaptureFileException(file + ": cannot read it (" + e.getMessage() + ")");
    }
    try {
      return open(file.toString(), in, metrics);
    } catch (IOException e) {
      close(in);
      throw e instanceof CaptureFileException c ? c
          : new CaptureFileException(file + ": cannot read it (" + e.getMessage() + ")");
    }
  }

  /** Opens a stream; it is closed by the reader's {@code close()}. */
  public static CaptureFileReader open(String name, InputStream in, IngestMetrics metrics) throws IOException {
    ByteSource src = new ByteSource(in);
    if (!src.ensure(4)) {
      throw new CaptureFileException(name + ": empty or too short to be a capture file");
    }
    int be = (int) Bytes.u32(src.buf, src.pos);
    int le = (int) Bytes.u32le(src.buf, src.pos);
    if (be == PcapngFileReader.SHB) {
      return PcapngFileReader.open(name, in, src, metrics);
    }
    if (be == PcapFileReader.MAGIC_MICROS || le == PcapFileReader.MAGIC_MICROS || be == PcapFileReader.MAGIC_NANOS
        || le == PcapFileReader.MAGIC_NANOS) {
      return PcapFileReader.open(name, in, src, metrics);
    }
    throw new CaptureFileException(String.format("%s: not a pcap or pcapng file (starts with 0x%08x)", name, be));
  }

  private static void close(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // the open failure is what the caller reports
      org.slf4j.LoggerFactory.getLogger(CaptureFiles.class).debug("close: {}", e.toString());
    }
  }
}
