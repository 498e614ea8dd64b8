package io.netsight.app.streams;

import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsBuilder;

/**
 * One piece of the {@code netsight streams} topology (the enrichment, each detector): its config keys and a method
 * that adds it to the builder. Modules other than {@code app} know nothing of this interface; {@link #of} adapts
 * their static {@code addTo(StreamsBuilder, Config)} methods.
 */
public interface StreamsPiece {

  /** Short name, for logs and help. */
  String name();

  /** The keys this piece reads (documented, with defaults), merged into {@code netsight streams --help}. */
  ConfigDef configDef();

  /** Adds the piece to the topology, with the merged configuration (keys of every piece and of the app). */
  void addTo(StreamsBuilder builder, Map<String, String> config);

  static StreamsPiece of(String name, ConfigDef def, BiConsumer<StreamsBuilder, Map<String, String>> addTo) {
    return new StreamsPiece() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public ConfigDef configDef() {
        return def;
      }

      @Override
      public void addTo(StreamsBuilder builder, Map<String, String> config) {
        addTo.accept(builder, config);
      }
    };
  }
}
