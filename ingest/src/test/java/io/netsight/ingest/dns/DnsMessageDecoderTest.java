package io.netsight.ingest.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.ingest.packet.Rejection;
import io.netsight.ingest.testing.Dns;
import io.netsight.ingest.testing.Frames;
import io.netsight.schema.v1.DnsAnswer;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class DnsMessageDecoderTest {

  private final DnsMessageDecoder decoder = new DnsMessageDecoder();
  private final DnsMessage m = new DnsMessage();
  private final IngestMetrics metrics = new IngestMetrics();

  private Rejection decode(byte[] msg) {
    return decoder.decode(msg, 0, msg.length, m);
  }

  @Test
  void aQueryWithEdns() {
    byte[] q = Dns.query(0x1234).question("API.Example.COM", DnsTypes.AAAA).opt(1232, 0).build();

    assertThat(decode(q)).isNull();
    assertThat(m.id).isEqualTo(0x1234);
    assertThat(m.response).isFalse();
    assertThat(m.qname).as("lowercased, no trailing dot").isEqualTo("api.example.com");
    assertThat(DnsTypes.mnemonic(m.qtype)).isEqualTo("AAAA");
    assertThat(m.edns).isTrue();
    assertThat(m.ednsUdpSize).isEqualTo(1232);
  }

  @Test
  void aResponseWithACnameChainThroughCompressionPointers() {
    // question api.example.com; CNAME api.example.com -> lb.example.com (target compressed onto "example.com")
    byte[] cnameTarget = {2, 'l', 'b', (byte) 0xc0, 16};
    byte[] r = Dns.response(7, 0).question("api.example.com", DnsTypes.A)
        .answerPointingAtQuestion(DnsTypes.CNAME, 300, cnameTarget)
        .answer("lb.example.com", DnsTypes.A, 60, Frames.addr("203.0.113.7"))
        .answer("lb.example.com", 16, 60, new byte[] {3, 'a', 'b', 'c'})
        .build();

    assertThat(decode(r)).isNull();
    assertThat(m.response).isTrue();
    assertThat(m.answerCount).isEqualTo(3);
    assertThat(decoder.answers(m, metrics)).extracting(DnsAnswer::getName, DnsAnswer::getType, DnsAnswer::getTtl,
        DnsAnswer::getData).containsExactly(
            tuple("api.example.com", "CNAME", 300L, "lb.example.com"),
            tuple("lb.example.com", "A", 60L, "203.0.113.7"));
    assertThat(metrics.answers("TXT")).as("other types are counted, not decoded").isEqualTo(1);
    assertThat(metrics.answers("CNAME")).isEqualTo(1);
  }

  @Test
  void extendedRcodeFromTheOptRecordAndTheTcFlag() {
    byte[] r = Dns.response(7, 0).flags(0x8380).question("x.example", DnsTypes.A).opt(4096, 1).build();

    assertThat(decode(r)).isNull();
    assertThat(m.truncated).isTrue();
    assertThat(m.rcode()).as("BADVERS = 16: extended bits 1, header 0").isEqualTo(16);
    assertThat(DnsTypes.rcode(m.rcode()).name()).isEqualTo("BADVERS");
  }

  @Test
  void theRootNameAndOddBytesAreEscapedLikeDig() {
    assertThat(decode(Dns.query(1).question(".", 2).build())).isNull();
    assertThat(m.qname).isEqualTo(".");
    byte[] odd = Dns.query(1).raw(new byte[] {3, 'a', '.', 0x07, 0}).raw(new byte[] {0, 1, 0, 1}).counts(1, 0, 0, 0)
        .build();
    assertThat(decode(odd)).isNull();
    assertThat(m.qname).isEqualTo("a\\.\\007");
  }

  @Test
  void compressionLoopsAndForwardPointersAreRejected() {
    // The question name is a pointer to itself.
    byte[] self = Dns.query(1).raw(new byte[] {(byte) 0xc0, 12, 0, 1, 0, 1}).counts(1, 0, 0, 0).build();
    // An answer whose owner name (at offset 19) points at itself.
    byte[] loopInAnswer = Dns.response(1, 0).question("a", 1)
        .raw(new byte[] {(byte) 0xc0, 19, 0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 10, 0, 0, 1})
        .counts(1, 1, 0, 0).build();

    assertThat(decode(self)).isEqualTo(Rejection.DNS_BAD_POINTER);
    assertThat(decode(loopInAnswer)).isNull(); // the walk skips the names in place...
    assertThat(decoder.answers(m, metrics)).isEmpty(); // ...and decoding them stops at the loop
    assertThat(metrics.rejected(Rejection.DNS_BAD_ANSWER)).isEqualTo(1);
  }

  @Test
  void malformedMessagesAreRejectedWithTheirReason() {
    ByteArrayOutputStream longLabel = new ByteArrayOutputStream();
    for (int i = 0; i < 5; i++) {
      longLabel.write(63);
      longLabel.writeBytes(new byte[63]);
    }
    longLabel.write(0);

    assertThat(decode(new byte[11])).isEqualTo(Rejection.DNS_TOO_SHORT);
    assertThat(decode(Dns.query(1).build())).isEqualTo(Rejection.DNS_NO_QUESTION);
    assertThat(decode(Dns.query(1).flags(0x2000).question("a", 1).build()))
        .isEqualTo(Rejection.DNS_OPCODE_UNSUPPORTED);
    assertThat(decode(Dns.query(1).raw(longLabel.toByteArray()).raw(new byte[4]).counts(1, 0, 0, 0).build()))
        .as("a name longer than 255 bytes").isEqualTo(Rejection.DNS_BAD_NAME);
    assertThat(decode(Dns.query(1).raw(new byte[] {0x40, 0}).raw(new byte[4]).counts(1, 0, 0, 0).build()))
        .isEqualTo(Rejection.DNS_BAD_NAME);
    assertThat(decode(Dns.response(1, 0).question("a", 1).counts(1, 2, 0, 0).build()))
        .as("ANCOUNT says 2, there are none").isEqualTo(Rejection.DNS_RECORD_TRUNCATED);
    byte[] q = Dns.query(1).question("example.com", 1).build();
    assertThat(decode(java.util.Arrays.copyOf(q, q.length - 2))).isEqualTo(Rejection.DNS_RECORD_TRUNCATED);
  }
}
