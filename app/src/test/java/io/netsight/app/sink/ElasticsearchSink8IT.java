package io.netsight.app.sink;

import io.netsight.sinks.testing.ElasticsearchServer;

/** {@link ElasticsearchSinkContract} against Elasticsearch 8.19 (Java 17). */
class ElasticsearchSink8IT extends ElasticsearchSinkContract {
  @Override
  ElasticsearchServer.Line line() {
    return ElasticsearchServer.Line.ES8;
  }
}
