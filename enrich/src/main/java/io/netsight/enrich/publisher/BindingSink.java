package io.netsight.enrich.publisher;

import io.netsight.enrich.identity.Publication;
import java.util.List;

/** Where the publisher writes: Kafka in production, a list in tests. */
public interface BindingSink extends AutoCloseable {

  /** Writes the records in order and returns when they are acknowledged; throws when they cannot be written. */
  void send(List<Publication> records);

  @Override
  void close();
}
