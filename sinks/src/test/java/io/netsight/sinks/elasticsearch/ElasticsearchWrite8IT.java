package io.netsight.sinks.elasticsearch;

import io.netsight.sinks.testing.ElasticsearchServer;

/** {@link ElasticsearchWriteContract} against Elasticsearch 8.19 (Java 17). */
class ElasticsearchWrite8IT extends ElasticsearchWriteContract {
  @Override
  ElasticsearchServer.Line line() {
    return ElasticsearchServer.Line.ES8;
  }
}
