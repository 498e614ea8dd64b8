package io.netsight.sinks.elasticsearch;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Plain HTTP/1.1 + JSON to one base URL (Elasticsearch or Kibana) with {@code java.net.http}: no typed client and no
 * compatibility media types, which is what works unchanged against Elasticsearch 8 and 9. Carries the authorization
 * header and the TLS trust of a CA file. {@link #toString()} names the URL and the kind of authentication, never the
 * secret; error messages built from responses never include request headers.
 */
final class HttpEndpoint {

  /** A response: status and body text. */
  record Response(int status, String body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private final URI base;
  private final String authorization;
  private final String authDescription;
  private final Duration requestTimeout;
  private final HttpClient client;

  HttpEndpoint(URI base, String authorization, String authDescription, Path caFile, Duration connectTimeout,
      Duration requestTimeout) {
    this.base = base;
    this.authorization = authorization;
    this.authDescription = authDescription;
    this.requestTimeout = requestTimeout;
    HttpClient.Builder b = HttpClient.newBuilder()
        // Elasticsearch speaks HTTP/1.1 only; never try an h2c upgrade.
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER);
    if (caFile != null) {
      b.sslContext(sslContextTrusting(caFile));
    }
    this.client = b.build();
  }

  static HttpEndpoint elasticsearch(ElasticsearchSinkConfig config) {
    return new HttpEndpoint(config.url(), config.authorization(), config.authDescription(), config.caFile(),
        config.connectTimeout(), config.requestTimeout());
  }

  /**
   * Sends one request and reads the whole response.
   *
   * @throws IOException on connection errors and timeouts (retriable)
   */
  Response send(String method, String pathAndQuery, String contentType, byte[] body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .timeout(requestTimeout)
        .header("Accept", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      r.header("Content-Type", contentType);
    }
    if (authorization != null) {
      r.header("Authorization", authorization);
    }
    headers.forEach(r::header);
    HttpResponse<byte[]> response = client.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Response(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
  }

  Response send(String method, String pathAndQuery, String contentType, byte[] body)
      throws IOException, InterruptedException {
    return send(method, pathAndQuery, contentType, body, Map.of());
  }

  Response json(String method, String pathAndQuery, String json) throws IOException, InterruptedException {
    return send(method, pathAndQuery, json == null ? null : "application/json",
        json == null ? null : json.getBytes(StandardCharsets.UTF_8));
  }

  /** A TLS context trusting exactly the certificates in a PEM file (one or more). */
  static SSLContext sslContextTrusting(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca-" + i++, c);
      }
      if (i == 0) {
        throw new IllegalArgumentException("No certificate in " + caFile);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      return ssl;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("Cannot read the CA certificate(s) in " + caFile + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return base + " (" + authDescription + ")";
  }
}
