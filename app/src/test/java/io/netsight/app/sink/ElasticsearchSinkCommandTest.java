package io.netsight.app.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.app.CommandLineTestBase;
import io.netsight.sinks.elasticsearch.ElasticsearchSinkConfig;
import org.junit.jupiter.api.Test;

class ElasticsearchSinkCommandTest extends CommandLineTestBase {

  @Test
  void sinkIsARoleWithAnElasticsearchSubcommand() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("sink");
    out.getBuffer().setLength(0);

    assertThat(run("sink")).isZero();
    assertThat(out.toString()).contains("Usage: netsight sink").contains("elasticsearch");
  }

  @Test
  void helpListsEveryConfigurationKeyWithItsDefault() {
    assertThat(run("sink", "elasticsearch", "--help")).isZero();

    String help = out.toString();
    assertThat(help).contains("--install-kibana=URL").contains("--bootstrap-server=HOST:PORT").contains("--once")
        .contains("--set=KEY=VALUE");
    for (String key : ElasticsearchSinkConfig.CONFIG_DEF.names()) {
      assertThat(help).contains(key);
    }
    assertThat(help).contains("elasticsearch.url = http://127.0.0.1:9200")
        .contains("elasticsearch.index.replicas = 0")
        .contains("(env NETSIGHT_ELASTICSEARCH_API_KEY)")
        .contains("elasticsearch.api-key = null");
  }

  @Test
  void aBadValueIsExitTwoNamingTheKey() {
    assertThat(run("sink", "elasticsearch", "--set", "elasticsearch.index.replicas=-1")).isEqualTo(2);
    assertThat(err.toString()).contains("elasticsearch.index.replicas");
  }

  @Test
  void anUnknownKeyIsExitTwo() {
    assertThat(run("sink", "elasticsearch", "--set", "elasticsearch.replicas=1")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown configuration key [elasticsearch.replicas]");
  }
}
