package io.netsight.enrich.attribution;

import io.netsight.schema.AvroSerde;
import io.netsight.schema.v1.IpBinding;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The holders of an address as stored in the enrichment's state stores (and their changelogs): a format byte, a
 * count, then each {@link IpBinding} in the contract's single-object encoding, so state written by an older netsight
 * is read with the current schema. An empty list is stored as {@code null} (a tombstone: nobody).
 */
public final class IpBindingListSerde implements Serde<List<IpBinding>>, Serializer<List<IpBinding>>,
    Deserializer<List<IpBinding>> {

  private static final byte FORMAT = 1;
  private static final AvroSerde<IpBinding> BINDING = AvroSerde.of(IpBinding.class);

  @Override
  public byte[] serialize(String topic, List<IpBinding> holders) {
    if (holders == null || holders.isEmpty()) {
      return null;
    }
    List<byte[]> parts = new ArrayList<>(holders.size());
    int size = 1 + 4;
    for (IpBinding b : holders) {
      byte[] bytes = BINDING.serialize(topic, b);
      parts.add(bytes);
      size += 4 + bytes.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size).put(FORMAT).putInt(parts.size());
    parts.forEach(p -> out.putInt(p.length).put(p));
    return out.array();
  }

  @Override
  public List<IpBinding> deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(data);
      byte format = in.get();
      if (format != FORMAT) {
        throw new SerializationException("Unknown IP holders format " + format + " in " + topic);
      }
      int n = in.getInt();
      List<IpBinding> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int len = in.getInt();
        int start = in.position();
        out.add(BINDING.deserialize(topic, Arrays.copyOfRange(data, start, start + len)));
        in.position(start + len);
      }
      return out;
    } catch (RuntimeException e) {
      if (e instanceof SerializationException s) {
        throw s;
      }
      throw new SerializationException("Corrupt IP holders value (" + data.length + " bytes) in " + topic, e);
    }
  }

  @Override
  public Serializer<List<IpBinding>> serializer() {
    return this;
  }

  @Override
  public Deserializer<List<IpBinding>> deserializer() {
    return this;
  }

  @Override
  public void configure(java.util.Map<String, ?> configs, boolean isKey) {
    // nothing to configure
  }

  @Override
  public void close() {
    // stateless
  }
}
