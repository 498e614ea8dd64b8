package io.netsight.enrich.publisher;

import io.netsight.enrich.identity.Publication;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sink that keeps what was published, for assertions. */
final class ListSink implements BindingSink {

  final List<Publication> records = new CopyOnWriteArrayList<>();

  @Override
  public void send(List<Publication> batch) {
    records.addAll(batch);
  }

  List<Publication.Ip> ips(String ip) {
    return records.stream().filter(Publication.Ip.class::isInstance).map(Publication.Ip.class::cast)
        .filter(p -> p.key().equals(ip)).toList();
  }

  @Override
  public void close() {
    // nothing held
  }
}
