package io.netsight.app.whois;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsight.app.cli.ConfigOptions;
import io.netsight.enrich.cluster.ClusterBindings;
import io.netsight.enrich.cluster.ClusterFiles;
import io.netsight.enrich.identity.DerivationConfig;
import io.netsight.enrich.identity.Ips;
import io.netsight.enrich.whois.Whois;
import io.netsight.schema.v1.IpBinding;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code netsight whois IP --at TIME}: who held an address then, and before and after. */
@Command(name = "whois", mixinStandardHelpOptions = true,
    description = {
        "Tells who held IP at TIME (the same rule the enrichment applies to events) and who held it just before "
            + "and after, with from/to times. Online from a running `netsight streams` (--streams-url), or offline "
            + "from cluster files (--cluster: kubectl get ... -o yaml|json, or a --watch --output-watch-events "
            + "stream).",
        ""})
public final class WhoisCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IP", description = "The address (IPv4 or IPv6).")
  String ip;

  @Option(names = "--at", paramLabel = "TIME", required = true,
      description = "The moment, ISO-8601 UTC (2026-11-26T10:00:12Z).")
  String at;

  static final class Source {
    @Option(names = "--streams-url", paramLabel = "URL",
        description = "HTTP endpoint of a netsight streams instance (any instance: it forwards to the owner).")
    URI streamsUrl;

    @Option(names = "--cluster", paramLabel = "FILE", arity = "1..*",
        description = "Cluster state file(s), offline.")
    List<Path> cluster;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "table",
      description = "table (default) or json.")
  String output;

  @Mixin
  ConfigOptions options;

  @Override
  public Integer call() throws IOException, InterruptedException {
    String address = Ips.canonical(ip).orElseThrow(() -> new IllegalArgumentException(
        "IP must be an IPv4 or IPv6 address, not '" + ip + "'"));
    Instant time;
    try {
      time = Instant.parse(at.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--at must be an ISO-8601 UTC time such as 2026-11-26T10:00:12Z, not '"
          + at + "'");
    }
    if (!output.equals("table") && !output.equals("json")) {
      throw new IllegalArgumentException("--output must be table or json, not '" + output + "'");
    }
    JsonNode answer = source.cluster != null ? offline(address, time) : online(address, time);
    PrintWriter out = spec.commandLine().getOut();
    if (output.equals("json")) {
      out.println(answer.toString());
      out.flush();
    } else {
      Whois.printTable(answer, out);
    }
    return 0;
  }

  private JsonNode offline(String address, Instant time) {
    DerivationConfig config = new DerivationConfig(options.resolve(DerivationConfig.DEF, Set.of()));
    ClusterBindings bindings = ClusterFiles.read(source.cluster, config);
    List<IpBinding> history = new ArrayList<>(bindings.history(address).effective());
    return Whois.answer(address, time, history, history);
  }

  private JsonNode online(String address, Instant time) throws IOException, InterruptedException {
    URI base = source.streamsUrl;
    URI uri = base.resolve("/whois?ip=" + URLEncoder.encode(address, StandardCharsets.UTF_8) + "&at="
        + URLEncoder.encode(time.toString(), StandardCharsets.UTF_8));
    HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
        .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode body = new ObjectMapper().readTree(r.body());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(base + " answered " + r.statusCode() + ": " + body.path("error").asText());
    }
    return body;
  }
}
