package io.netsight.schema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for a generated Avro record using Avro's single-object encoding: a two-byte marker, the writer schema's
 * CRC-64-AVRO fingerprint, then the binary datum. Readers resolve the writer schema by fingerprint from
 * {@link ReleasedSchemas} (the current schema and every released version), so a record written by an older producer
 * is read with the current classes.
 *
 * <p>One instance is safe to share between threads: Avro's message encoder and decoder keep their buffers per thread.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

  static {
    TrustedPackages.install();
  }

  private final Class<T> type;
  private final Schema schema;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;
  private final ThreadLocal<ByteArrayOutputStream> buffers =
      ThreadLocal.withInitial(() -> new ByteArrayOutputStream(512));

  private AvroSerde(Class<T> type, Schema schema, BinaryMessageEncoder<T> encoder, BinaryMessageDecoder<T> decoder) {
    this.type = type;
    this.schema = schema;
    this.encoder = encoder;
    this.decoder = decoder;
  }

  /** A serde for a generated record class, reading every released version of its schema. */
  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    Objects.requireNonNull(type, "type");
    try {
      Schema schema = (Schema) type.getMethod("getClassSchema").invoke(null);
      @SuppressWarnings("unchecked")
      BinaryMessageEncoder<T> encoder = (BinaryMessageEncoder<T>) type.getMethod("getEncoder").invoke(null);
      SchemaStore store = ReleasedSchemas.storeFor(schema.getFullName());
      @SuppressWarnings("unchecked")
      BinaryMessageDecoder<T> decoder =
          (BinaryMessageDecoder<T>) type.getMethod("createDecoder", SchemaStore.class).invoke(null, store);
      return new AvroSerde<>(type, schema, encoder, decoder);
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new IllegalArgumentException(type.getName() + " is not an Avro-generated record class", e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("Cannot set up the Avro serde for " + type.getName(), e.getCause());
    }
  }

  public Class<T> type() {
    return type;
  }

  public Schema schema() {
    return schema;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null; // tombstone
    }
    ByteArrayOutputStream out = buffers.get();
    out.reset();
    try {
      encoder.encode(data, out);
    } catch (IOException | AvroRuntimeException | NullPointerException | ClassCastException e) {
      throw new SerializationException(
          "Cannot encode a " + schema.getName() + " for topic " + topic + ": " + rootMessage(e), e);
    }
    return out.toByteArray();
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return decoder.decode(data, null);
    } catch (MissingSchemaException e) {
      throw new SerializationException(String.format(
          "Unknown Avro schema fingerprint %s in a record on topic %s: the writer used a %s schema that is neither "
              + "the current one nor a released version; upgrade this reader or check what produced the record",
          fingerprintOf(data), topic, schema.getName()));
    } catch (BadHeaderException e) {
      throw new SerializationException(String.format(
          "Record on topic %s is not an Avro single-object encoded %s (%d bytes, starts with %s)",
          topic, schema.getName(), data.length, hexPrefix(data)));
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(String.format(
          "Cannot decode a %s from a record on topic %s (%d bytes, fingerprint %s): %s",
          schema.getName(), topic, data.length, fingerprintOf(data), rootMessage(e)), e);
    }
  }

  @Override
  public void configure(java.util.Map<String, ?> configs, boolean isKey) {
    // nothing to configure: the schema comes from the generated class
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void close() {
    // nothing to release; the instance may be shared by several clients
  }

  /** The writer fingerprint of a single-object encoded payload, as Avro prints it (hex, little-endian bytes). */
  static String fingerprintOf(byte[] data) {
    if (data.length < 10) {
      return "(none: " + data.length + " bytes)";
    }
    long fp = ByteBuffer.wrap(data, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    return String.format("0x%016x", fp);
  }

  private static String hexPrefix(byte[] data) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(4, data.length); i++) {
      sb.append(String.format("%02x", data[i]));
    }
    return sb.length() == 0 ? "nothing" : "0x" + sb;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  @Override
  public String toString() {
    return "AvroSerde[" + schema.getFullName() + "]";
  }

  /** Thrown for I/O problems reading the bundled schemas: a packaging bug, not a data problem. */
  static UncheckedIOException packaging(String what, IOException e) {
    return new UncheckedIOException("netsight-schemas is packaged wrongly: cannot read " + what, e);
  }
}
