package io.netsight.app.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.app.CommandLineTestBase;
import io.netsight.app.cli.ConfigOptions;
import io.netsight.ingest.agent.AgentConfig;
import io.netsight.ingest.live.LiveCaptureSettings;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AgentCommandTest extends CommandLineTestBase {

  @Test
  void helpListsEveryConfigurationKeyWithItsDefault() {
    assertThat(run("agent", "--help")).isZero();

    assertThat(out.toString()).contains("--interface=NAME", "--bootstrap-server=HOST:PORT", "--node=NAME",
        "--metrics-port=N", "capture.interface = any", "capture.snaplen = 8192", "dns.timeout.ms = 5000",
        "dns.duplicate.window.ms = 100", "publish.queue.capacity = 50000",
        "agent.sources = dns,reset,kernel-log,conntrack,conntrack-stats,kube-proxy", "--record=DIR",
        "agent.record.dir = \"\"", "kernel.log.prefixes = calico-drop:,calico-packet:",
        "conntrack.stats.interval.ms = 10000",
        "kube-proxy.metrics.url = http://127.0.0.1:10249/metrics",
        "kafka.bootstrap.servers = localhost:9092");
  }

  @Test
  void theDedicatedOptionsWinOverSetAndTheKafkaKeysPassThrough() {
    ConfigOptions options = new ConfigOptions();
    CommandLine.populateCommand(options, "--set", "capture.interface=eth0", "--set", "kafka.linger.ms=7",
        "--set", "dns.timeout.ms=2000");

    AgentConfig config = AgentCommand.config(options, "cni0", "broker:9092", "node-3", 0, List.of("dns"));

    assertThat(config.getString(LiveCaptureSettings.INTERFACE)).isEqualTo("cni0");
    assertThat(config.node()).isEqualTo("node-3");
    assertThat(config.sources()).containsExactly("dns");
    assertThat(config.getLong("dns.timeout.ms")).isEqualTo(2000);
    assertThat(config.kafka()).containsEntry("bootstrap.servers", "broker:9092").containsEntry("linger.ms", "7");
  }

  @Test
  void anUnknownSourceOrAnInvalidValueIsExitTwoWithTheReason() {
    assertThat(run("agent", "--sources", "dns,conntrak")).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo("netsight agent: unknown capture source [conntrak]; the sources are dns, reset, kernel-log, "
            + "conntrack, conntrack-stats, kube-proxy");
    assertThat(run("agent", "--set", "capture.snaplen=12")).isEqualTo(2);
    assertThat(err.toString()).contains("capture.snaplen");
  }
}
