package io.netsight.ingest.sourcekit;

import io.netsight.ingest.capture.CapturedRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netsight.ingest.conntrack.ConntrackEventSource;
import io.netsight.ingest.conntrack.ConntrackMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SupervisedProcessTest {

  @Test
  void restartsAnExitingChildWithBackoffAndPassesItsLines() {
    List<String> out = new CopyOnWriteArrayList<>();
    List<String> err = new CopyOnWriteArrayList<>();
    try (SupervisedProcess p = new SupervisedProcess("test", List.of("sh", "-c", "echo out; echo err >&2; exit 3"),
        new SupervisedProcess.Listener() {
          @Override
          public void stdout(String line) {
            out.add(line);
          }

          @Override
          public void stderr(String line) {
            err.add(line);
          }
        }, Duration.ofMillis(10), Duration.ofMillis(40), null)) {
      p.start();

      await().atMost(Duration.ofSeconds(10)).until(() -> p.restarts() >= 3);
      assertThat(p.lastError()).contains("exited with code 3").contains("err");
    }
    assertThat(out).contains("out");
    assertThat(err).contains("err");
  }

  @Test
  void aMissingToolIsOneClearError() {
    try (SupervisedProcess p = new SupervisedProcess("test", List.of("/nonexistent/conntrack", "-E"),
        SupervisedProcess.lines(l -> { }), Duration.ofMillis(10), Duration.ofMillis(20),
        "install the conntrack package")) {
      p.start();

      await().atMost(Duration.ofSeconds(10)).until(() -> p.lastError() != null);
      assertThat(p.lastError()).isEqualTo("the '/nonexistent/conntrack' command was not found "
          + "(install the conntrack package)");
      assertThat(p.running()).isFalse();
    }
  }

  @Test
  void lackOfPermissionIsNamed() {
    try (SupervisedProcess p = new SupervisedProcess("test", List.of("sh", "-c",
        "echo 'mnl_socket_bind: Operation not permitted' >&2; exit 1"), SupervisedProcess.lines(l -> { }),
        Duration.ofMillis(10), Duration.ofMillis(20), null)) {
      p.start();

      await().atMost(Duration.ofSeconds(10)).until(() -> p.lastError() != null);
      assertThat(p.lastError()).contains("lacks permission").contains("CAP_NET_ADMIN");
    }
  }

  @Test
  void conntrackEnobufsReportsAreCountedAsOverflowsAndEventsStillFlow() {
    ConntrackMetrics metrics = new ConntrackMetrics(new PrometheusRegistry());
    List<CapturedRecord> records = new CopyOnWriteArrayList<>();
    // A stand-in for conntrack that prints one event, then conntrack-tools' ENOBUFS warning, then exits.
    String script = "echo '[1795691138.407147]	    [NEW] ipv4     2 udp      17 30 src=10.89.1.2 dst=10.89.2.11 "
        + "sport=53767 dport=53 [UNREPLIED] src=10.89.2.11 dst=10.89.1.2 sport=53 dport=53767 id=1359773406'; "
        + "printf 'WARNING: We have hit ENOBUFS! We are losing events.\\nThis message means that the current "
        + "netlink socket buffer size is too small.\\n' >&2; exec sleep 30";
    ConntrackEventSource.Settings settings = new ConntrackEventSource.Settings(List.of("sh", "-c", script, "sh"),
        "ignored", 0, Duration.ofSeconds(1));
    try (ConntrackEventSource source = new ConntrackEventSource(settings, "node-a", records::add, metrics, null)) {
      source.start();

      await().atMost(Duration.ofSeconds(10)).until(() -> metrics.overflows() == 1 && records.size() == 1);
      assertThat(source.healthy()).isTrue();
    }
  }
}
