package io.netsight.sinks.elasticsearch;

import io.netsight.sinks.testing.ElasticsearchServer;

/** {@link ElasticsearchWriteContract} against Elasticsearch 9.2 (needs a Java 21+ runtime; skipped without one). */
class ElasticsearchWrite9IT extends ElasticsearchWriteContract {
  @Override
  ElasticsearchServer.Line line() {
    return ElasticsearchServer.Line.ES9;
  }
}
