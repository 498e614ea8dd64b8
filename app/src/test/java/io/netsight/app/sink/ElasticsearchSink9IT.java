package io.netsight.app.sink;

import io.netsight.sinks.testing.ElasticsearchServer;

/** {@link ElasticsearchSinkContract} against Elasticsearch 9.2 (needs a Java 21+ runtime; skipped without one). */
class ElasticsearchSink9IT extends ElasticsearchSinkContract {
  @Override
  ElasticsearchServer.Line line() {
    return ElasticsearchServer.Line.ES9;
  }
}
