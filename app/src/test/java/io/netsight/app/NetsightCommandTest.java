package io.netsight.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetsightCommandTest extends CommandLineTestBase {

  @Test
  void helpListsTheRoles() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Usage: netsight").contains("kafka").contains("topics");
  }

  @Test
  void versionNamesNetsightAndKafka() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("netsight ").contains("Kafka client 4.4.0");
  }

  @Test
  void unknownCommandIsExitTwoWithTheReason() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err.toString()).contains("Unmatched argument at index 0: 'frobnicate'");
  }

  @Test
  void topicsListsTheRegistry() {
    assertThat(run("topics")).isZero();
    assertThat(out.toString().lines().skip(1)).hasSize(io.netsight.schema.Topics.all().size())
        .anyMatch(l -> l.startsWith("netsight.capture.dns.v1") && l.contains("DnsTransaction"));
  }

  @Test
  void badArgumentsOfARoleAreExitTwoWithOneLine() {
    assertThat(run("topics", "--create")).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("netsight topics: --create needs --bootstrap-server HOST:PORT");
  }

  @Test
  void kafkaRejectsAnImpossiblePort() {
    assertThat(run("kafka", "--port", "70000")).isEqualTo(2);
    assertThat(err.toString()).contains("--port must be between 0 and 65535");
  }

  @Test
  void aConfigurationValueAConfigDefRefusesIsABadArgumentInEveryRole() {
    assertThat(run("whois", "10.244.1.2", "--at", "2026-11-26T10:00:00Z", "--cluster", "unused.yaml",
        "--set", "identity.cluster-domain=")).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("netsight whois: Invalid value  for configuration "
        + "identity.cluster-domain: String must be non-empty");
  }
}
