package io.netsight.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class AvroJsonTest {

  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void fieldNamesAreTheSchemaNamesAndUnionsAreUnwrapped() throws Exception {
    JsonNode json = mapper.readTree(AvroJson.toJson(Fixtures.answered()));

    assertThat(json.fieldNames()).toIterable().containsExactly("node", "timestamp", "clientIp", "clientPort",
        "serverIp", "serverPort", "backendIp", "backendPort", "transport", "dnsId", "qname", "qtype", "outcome",
        "rcode", "rcodeValue", "responseTimestamp", "latencyMicros", "answers", "answerCount", "truncated",
        "ednsUdpSize", "retransmissions", "interfaceName");
    assertThat(json.get("timestamp").asText()).isEqualTo("2026-11-26T10:08:54.123456Z");
    assertThat(json.get("rcode").asText()).isEqualTo("NOERROR");
    assertThat(json.get("backendIp").asText()).isEqualTo("10.244.0.3");
    assertThat(json.get("answers").get(1).get("data").asText()).isEqualTo("203.0.113.10");
  }

  @Test
  void nullsAndUnicodeSurvive() throws Exception {
    JsonNode json = mapper.readTree(AvroJson.toJson(Fixtures.timeout()));

    assertThat(json.get("rcode").isNull()).isTrue();
    assertThat(json.get("node").asText()).isEqualTo(Fixtures.UNICODE);
  }

  @Test
  void nestedRecordsAndMaps() throws Exception {
    JsonNode json = mapper.readTree(AvroJson.toJson(Fixtures.finding()));

    assertThat(json.get("subject").get("workload").get("kind").asText()).isEqualTo("Deployment");
    assertThat(json.get("metrics").get("amplification").asDouble()).isEqualTo(4.0);
    assertThat(json.get("evidence").get(0).get("timestamp").asText()).isEqualTo("2026-11-26T10:08:54.123456Z");
  }

  @Test
  void microsFormatting() {
    assertThat(AvroJson.formatMicros(0)).isEqualTo("1970-01-01T00:00:00.000000Z");
    assertThat(AvroJson.formatMicros(1_764_151_734_123_456L)).isEqualTo("2025-11-26T10:08:54.123456Z");
  }
}
