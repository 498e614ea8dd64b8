package io.netsight.ingest.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.ingest.packet.Rejection;
import io.netsight.ingest.testing.Dns;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import io.netsight.schema.v1.DnsAnswer;

/** Any bytes in: a decoded message or a counted rejection out, never an exception. */
class DnsDecoderProperties {

  private final DnsMessageDecoder decoder = new DnsMessageDecoder();

  @Property(tries = 3000)
  void anyBytesDecodeOrAreRejected(@ForAll @Size(max = 600) byte[] bytes) {
    assertDecodesOrRejects(bytes);
  }

  @Property(tries = 3000)
  void aValidMessageWithBytesFlippedDecodesOrIsRejected(@ForAll("mutatedResponses") byte[] bytes) {
    assertDecodesOrRejects(bytes);
  }

  private void assertDecodesOrRejects(byte[] bytes) {
    DnsMessage m = new DnsMessage();
    IngestMetrics metrics = new IngestMetrics();

    Rejection r = decoder.decode(bytes, 0, bytes.length, m);

    if (r == null) {
      assertThat(m.qname).isNotNull();
      List<DnsAnswer> answers = decoder.answers(m, metrics);
      assertThat(answers.size()).isLessThanOrEqualTo(m.answerCount);
      assertThat(answers).allSatisfy(a -> assertThat(a.getType()).isIn("A", "AAAA", "CNAME"));
    } else {
      assertThat(Rejection.values()).contains(r);
    }
  }

  @Provide
  Arbitrary<byte[]> mutatedResponses() {
    byte[] base = Dns.response(7, 0).question("api.example.com", DnsTypes.A)
        .answerPointingAtQuestion(DnsTypes.CNAME, 30, new byte[] {2, 'l', 'b', (byte) 0xc0, 16})
        .answer("lb.example.com", DnsTypes.A, 30, new byte[] {1, 2, 3, 4})
        .opt(1232, 0).build();
    return Arbitraries.integers().between(0, base.length - 1).list().ofMaxSize(6)
        .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
          byte[] copy = base.clone();
          for (int i = 0; i < positions.size(); i++) {
            copy[positions.get(i)] = values.get(i);
          }
          return copy;
        }));
  }
}
