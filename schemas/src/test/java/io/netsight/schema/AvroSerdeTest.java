package io.netsight.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsight.schema.v1.DnsTransaction;
import io.netsight.schema.v1.EnrichedDnsTransaction;
import io.netsight.schema.v1.Finding;
import io.netsight.schema.v1.IpBinding;
import java.io.ByteArrayOutputStream;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeTest {

  @Test
  void roundTripKeepsEveryFieldOfAnAnsweredLookup() {
    AvroSerde<DnsTransaction> serde = AvroSerde.of(DnsTransaction.class);
    DnsTransaction original = Fixtures.answered();

    DnsTransaction back = serde.deserialize("t", serde.serialize("t", original));

    assertThat(back).isEqualTo(original);
    assertThat(back.getAnswers()).extracting(a -> a.getData()).containsExactly("edge.example.net", "203.0.113.10");
    assertThat(back.getResponseTimestamp()).isEqualTo(Fixtures.T0.plusNanos(412_000));
  }

  @Test
  void roundTripKeepsNullsDefaultsAndUnicode() {
    AvroSerde<DnsTransaction> serde = AvroSerde.of(DnsTransaction.class);
    DnsTransaction original = Fixtures.timeout();

    DnsTransaction back = serde.deserialize("t", serde.serialize("t", original));

    assertThat(back).isEqualTo(original);
    assertThat(back.getNode()).isEqualTo(Fixtures.UNICODE);
    assertThat(back.getRcode()).isNull();
    assertThat(back.getBackendIp()).isNull();
    assertThat(back.getAnswers()).isEmpty();
  }

  @Test
  void roundTripOfNestedRecords() {
    AvroSerde<EnrichedDnsTransaction> enriched = AvroSerde.of(EnrichedDnsTransaction.class);
    AvroSerde<Finding> findings = AvroSerde.of(Finding.class);
    AvroSerde<IpBinding> bindings = AvroSerde.of(IpBinding.class);

    assertThat(enriched.deserialize("t", enriched.serialize("t", Fixtures.enriched()))).isEqualTo(Fixtures.enriched());
    assertThat(findings.deserialize("t", findings.serialize("t", Fixtures.finding()))).isEqualTo(Fixtures.finding());
    IpBinding binding = bindings.deserialize("t", bindings.serialize("t", Fixtures.podBinding()));
    assertThat(binding.getLabels()).containsEntry("team", Fixtures.UNICODE);
    assertThat(binding.getDns().getSearches()).containsExactly(
        "default.svc.cluster.local", "svc.cluster.local", "cluster.local");
  }

  static Stream<Class<?>> records() {
    return SchemaRelease.RECORDS.stream();
  }

  /** Random values for every field of every record (RandomData fills unions with null or a value, strings with
   * random code points), written by a generic writer: decoding through the serde and encoding again gives the same
   * record, so nothing is lost or changed (compared as generic records: map entries may be re-encoded in another
   * order). */
  @ParameterizedTest
  @MethodSource("records")
  <T extends SpecificRecord> void everyRecordRoundTripsRandomValues(Class<T> type) throws Exception {
    AvroSerde<T> serde = AvroSerde.of(type);
    Schema schema = serde.schema();
    BinaryMessageEncoder<GenericRecord> generic = new BinaryMessageEncoder<>(GenericData.get(), schema);
    int n = 0;
    for (Object datum : new RandomData(GenericData.get(), schema, 200, 42L, false)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      generic.encode((GenericRecord) datum, out);
      byte[] written = out.toByteArray();

      T decoded = serde.deserialize("netsight.test.v1", written);

      byte[] again = serde.serialize("netsight.test.v1", decoded);
      assertThat(generic(schema, again)).as("record %d of %s", n, type.getSimpleName())
          .isEqualTo(generic(schema, written));
      n++;
    }
    assertThat(n).isEqualTo(200);
  }

  private static GenericRecord generic(Schema schema, byte[] singleObject) throws java.io.IOException {
    return new org.apache.avro.message.BinaryMessageDecoder<GenericRecord>(GenericData.get(), schema)
        .decode(singleObject);
  }

  @Test
  void nullIsATombstoneBothWays() {
    AvroSerde<IpBinding> serde = AvroSerde.of(IpBinding.class);

    assertThat(serde.serialize("t", null)).isNull();
    assertThat(serde.deserialize("t", null)).isNull();
  }

  @Test
  void unknownFingerprintNamesTheFingerprintAndTheTopic() throws Exception {
    // A DnsTransaction writer schema that was never released: one field fewer than the current one.
    Schema foreign = SchemaBuilder.record("DnsTransaction").namespace("io.netsight.schema.v1")
        .fields().requiredString("node").endRecord();
    GenericRecord record = new GenericData.Record(foreign);
    record.put("node", "node-a");
    byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), foreign).encode(record).array();
    String fingerprint = String.format("0x%016x",
        org.apache.avro.SchemaNormalization.parsingFingerprint64(foreign));

    assertThatThrownBy(() -> AvroSerde.of(DnsTransaction.class).deserialize("netsight.capture.dns.v1", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Unknown Avro schema fingerprint " + fingerprint)
        .hasMessageContaining("topic netsight.capture.dns.v1")
        .hasNoCause();
  }

  @Test
  void bytesThatAreNotSingleObjectEncodedGiveAClearError() {
    byte[] json = "{\"node\":\"a\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThatThrownBy(() -> AvroSerde.of(DnsTransaction.class).deserialize("netsight.capture.dns.v1", json))
        .isInstanceOf(SerializationException.class)
        .hasMessage("Record on topic netsight.capture.dns.v1 is not an Avro single-object encoded DnsTransaction "
            + "(12 bytes, starts with 0x7b226e6f)");
  }

  @Test
  void truncatedPayloadGivesAClearError() {
    AvroSerde<DnsTransaction> serde = AvroSerde.of(DnsTransaction.class);
    byte[] full = serde.serialize("t", Fixtures.answered());
    byte[] cut = java.util.Arrays.copyOf(full, full.length / 2);

    assertThatThrownBy(() -> serde.deserialize("netsight.capture.dns.v1", cut))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("Cannot decode a DnsTransaction from a record on topic netsight.capture.dns.v1");
  }

  @Test
  void encodingARecordWithAMissingRequiredFieldNamesTheTopic() {
    DnsTransaction broken = Fixtures.answered();
    broken.setQname(null);

    assertThatThrownBy(() -> AvroSerde.of(DnsTransaction.class).serialize("netsight.capture.dns.v1", broken))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Cannot encode a DnsTransaction for topic netsight.capture.dns.v1");
  }

  @Test
  void generatedClassesAreTrustedWithoutASystemProperty() {
    assertThat(System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES")).isNull();
    AvroSerde<Finding> serde = AvroSerde.of(Finding.class);

    // SpecificDatumReader validates every class it instantiates against Avro's trusted set.
    assertThat(serde.deserialize("t", serde.serialize("t", Fixtures.finding())).getSubject().getWorkload().getName())
        .isEqualTo("web");
  }
}
