package io.netsight.ingest.sourcekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsight.ingest.conntrack.ConntrackEventSource;
import io.netsight.ingest.conntrack.ConntrackStatsSampler;
import io.netsight.ingest.kernel.KernelLogCaptureSource;
import io.netsight.ingest.kubeproxy.KubeProxyScraper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SourceSettingsTest {

  private static AbstractConfig config(ConfigDef def, Map<String, ?> values) {
    return new AbstractConfig(def, values);
  }

  @Test
  void defaultsOfTheConfigKeysAreTheDocumentedDefaults() {
    assertThat(KernelLogCaptureSource.Settings.from(config(KernelLogCaptureSource.Settings.configDef(), Map.of())))
        .isEqualTo(KernelLogCaptureSource.Settings.defaults());
    assertThat(ConntrackEventSource.Settings.from(config(ConntrackEventSource.Settings.configDef(), Map.of())))
        .isEqualTo(ConntrackEventSource.Settings.defaults());
    assertThat(ConntrackStatsSampler.Settings.from(config(ConntrackStatsSampler.Settings.configDef(), Map.of())))
        .isEqualTo(ConntrackStatsSampler.Settings.defaults());
    assertThat(KubeProxyScraper.Settings.from(config(KubeProxyScraper.Settings.configDef(), Map.of())))
        .isEqualTo(KubeProxyScraper.Settings.defaults());
  }

  @Test
  void valuesAreParsedAndValidated() {
    KernelLogCaptureSource.Settings k = KernelLogCaptureSource.Settings.from(config(
        KernelLogCaptureSource.Settings.configDef(), Map.of("kernel.log.reader", "FILE",
            "kernel.log.prefixes", "calico-drop:,KUBE-NWPLCY-DROP", "kernel.log.timezone", "Europe/Paris",
            "kernel.log.journalctl.command", "journalctl  -k -f -o json")));
    KubeProxyScraper.Settings p = KubeProxyScraper.Settings.from(config(KubeProxyScraper.Settings.configDef(),
        Map.of("kube-proxy.interval.ms", "5000", "kube-proxy.proxy-mode.url", "")));
    ConntrackStatsSampler.Settings s = ConntrackStatsSampler.Settings.from(config(
        ConntrackStatsSampler.Settings.configDef(), Map.of("conntrack.stats.sysctl.dir", "")));

    assertThat(k.reader()).isEqualTo(KernelLogCaptureSource.Reader.FILE);
    assertThat(k.prefixes()).containsExactly("calico-drop:", "KUBE-NWPLCY-DROP");
    assertThat(k.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(k.journalctlCommand()).containsExactly("journalctl", "-k", "-f", "-o", "json");
    assertThat(p.interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.proxyModeUrl()).isNull();
    assertThat(p.metricsUrl()).isEqualTo(URI.create("http://127.0.0.1:10249/metrics"));
    assertThat(s.sysctlDir()).isNull();
    assertThat(s.statFile()).isEqualTo(Path.of("/proc/net/stat/nf_conntrack"));
    assertThat(ConntrackEventSource.Settings.defaults().command())
        .isEqualTo(List.of("conntrack", "-E", "-o", "timestamp,extended,id", "--buffer-size", "8388608"));
    assertThatThrownBy(() -> config(KernelLogCaptureSource.Settings.configDef(),
        Map.of("kernel.log.reader", "dmesg"))).isInstanceOf(ConfigException.class).hasMessageContaining("KMSG");
    assertThatThrownBy(() -> config(ConntrackStatsSampler.Settings.configDef(),
        Map.of("conntrack.stats.interval.ms", "5"))).isInstanceOf(ConfigException.class);
  }
}
