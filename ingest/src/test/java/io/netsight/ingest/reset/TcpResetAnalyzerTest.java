package io.netsight.ingest.reset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.netsight.ingest.capture.CapturedRecord;
import io.netsight.ingest.capture.PacketPipeline;
import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.ingest.packet.CapturedPacket;
import io.netsight.ingest.packet.LinkType;
import io.netsight.ingest.packet.Rejection;
import io.netsight.ingest.testing.Frames;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.PacketDirection;
import io.netsight.schema.v1.TcpReset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpResetAnalyzerTest {

  private final IngestMetrics metrics = new IngestMetrics();
  private final List<CapturedRecord> records = new ArrayList<>();
  private final PacketPipeline pipeline = new PacketPipeline(
      List.of(new TcpResetAnalyzer("node-a", metrics, records::add)), metrics, i -> i == 5 ? "vethabc" : null);

  private void frame(long micros, byte[] frame) {
    pipeline.onPacket(new CapturedPacket().set(micros, LinkType.LINUX_SLL2, frame, 0, frame.length, frame.length));
  }

  @Test
  void resetsBecomeRecordsWithDirectionInterfaceAndAck() {
    frame(1_000, Frames.sll2(5, 4, Frames.tcp("10.96.0.20", 80, "10.244.1.2", 41000, 0, Frames.RST | Frames.ACK,
        new byte[0])));
    frame(2_000, Frames.sll2(6, 0, Frames.tcp("2001:db8::2", 443, "2001:db8::1", 50000, 777, Frames.RST,
        new byte[0])));
    frame(3_000, Frames.sll2(5, 0, Frames.tcp("10.0.0.1", 1, "10.0.0.2", 2, 0, Frames.SYN, new byte[0])));

    assertThat(records).extracting(CapturedRecord::topic, CapturedRecord::key, CapturedRecord::timestampMicros)
        .containsExactly(tuple(Topics.CAPTURE_TCP_RESET, "10.96.0.20", 1_000L),
            tuple(Topics.CAPTURE_TCP_RESET, "2001:db8::2", 2_000L));
    assertThat(records).extracting(r -> (TcpReset) r.value()).extracting(TcpReset::getSenderPort,
        TcpReset::getReceiverIp, TcpReset::getReceiverPort, TcpReset::getWithAck, TcpReset::getSequence,
        TcpReset::getDirection, TcpReset::getInterfaceName).containsExactly(
            tuple(80, "10.244.1.2", 41000, true, 0L, PacketDirection.OUTGOING, "vethabc"),
            tuple(443, "2001:db8::1", 50000, false, 777L, PacketDirection.INCOMING, null));
    assertThat(metrics.rejected(Rejection.UNCLAIMED)).as("the SYN is nobody's").isEqualTo(1);
  }
}
