package io.netsight.sinks.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https:// with a private CA: a local TLS server whose self-signed certificate (made with the JDK's keytool, SAN
 * 127.0.0.1) is trusted through elasticsearch.ca-file, and not trusted without it.
 */
class TlsCaFileTest {

  @TempDir
  Path dir;
  private HttpsServer server;
  private Path caPem;

  @BeforeEach
  void startTlsServer() throws Exception {
    Path keystore = dir.resolve("server.p12");
    caPem = dir.resolve("ca.pem");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(List.of(keytool, "-genkeypair", "-alias", "es", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=netsight-test-es", "-ext", "san=ip:127.0.0.1", "-validity", "2",
        "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit"));
    run(List.of(keytool, "-exportcert", "-rfc", "-alias", "es", "-keystore", keystore.toString(),
        "-storepass", "changeit", "-file", caPem.toString()));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ssl));
    server.createContext("/", exchange -> {
      byte[] body = "{\"status\":\"green\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(body);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void theServerIsTrustedThroughTheCaFile() throws Exception {
    ElasticsearchSinkConfig config = new ElasticsearchSinkConfig(Map.of(
        ElasticsearchSinkConfig.URL, url(), ElasticsearchSinkConfig.CA_FILE, caPem.toString()));

    assertThat(ElasticsearchClient.create(config).awaitHealthy(Duration.ofSeconds(10))).isEqualTo("green");
  }

  @Test
  void withoutTheCaFileTheServerIsNotTrusted() {
    ElasticsearchSinkConfig config = new ElasticsearchSinkConfig(Map.of(ElasticsearchSinkConfig.URL, url()));

    assertThatThrownBy(() -> ElasticsearchClient.create(config).awaitHealthy(Duration.ofMillis(500)))
        .isInstanceOf(ElasticsearchException.class).hasMessageContaining("SSLHandshakeException");
  }

  @Test
  void aFileWithoutACertificateIsRefusedAtStart() throws Exception {
    Path notPem = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
    ElasticsearchSinkConfig config = new ElasticsearchSinkConfig(Map.of(
        ElasticsearchSinkConfig.URL, url(), ElasticsearchSinkConfig.CA_FILE, notPem.toString()));

    assertThatThrownBy(() -> ElasticsearchClient.create(config)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(notPem.toString());
  }

  private static void run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("%s: %s", cmd, out).isZero();
  }
}
