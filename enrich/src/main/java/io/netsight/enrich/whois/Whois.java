package io.netsight.enrich.whois;

import io.netsight.schema.Micros;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netsight.enrich.attribution.IpHistory;
import io.netsight.schema.AvroJson;
import io.netsight.schema.v1.Attribution;
import io.netsight.schema.v1.IpBinding;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer to {@code netsight whois IP --at TIME}: who held the address then (by the same rule the enrichment
 * applies to events), and who held it just before and just after. One JSON shape for the streams app's HTTP endpoint,
 * {@code --output json} and the table, online and offline.
 */
public final class Whois {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Whois() {
  }

  /**
   * The answer from every holder known for the address around that time.
   *
   * @param ownerHolders the holders possible at {@code at} (from the versioned store as of {@code at}), or the
   *                     whole history
   * @param history      every holder known for the address, to find the neighbours
   */
  public static ObjectNode answer(String ip, Instant at, List<IpBinding> ownerHolders, List<IpBinding> history) {
    long t = Micros.of(at);
    Attribution attribution = IpHistory.attribute(ip, ownerHolders, t);
    List<IpBinding> effective = new IpHistory(ip, dedup(history)).effective();
    List<IpBinding> possible = IpHistory.possibleAt(effective, t);
    IpBinding before = effective.stream()
        .filter(b -> !possible.contains(b) && b.getValidTo() != null && Micros.of(b.getValidTo()) <= t)
        .max(Comparator.comparing(IpBinding::getValidTo)).orElse(null);
    IpBinding after = effective.stream().filter(b -> Micros.of(b.getValidFrom()) > t)
        .min(Comparator.comparing(IpBinding::getValidFrom)).orElse(null);

    ObjectNode out = JSON.createObjectNode();
    out.put("ip", ip);
    out.put("at", AvroJson.formatInstant(at));
    out.put("status", attribution.getStatus().toString());
    out.set("owner", tree(attribution.getBinding()));
    ArrayNode candidates = out.putArray("candidates");
    attribution.getCandidates().forEach(c -> candidates.add(tree(c)));
    out.set("before", tree(before));
    out.set("after", tree(after));
    ArrayNode all = out.putArray("history");
    effective.forEach(b -> all.add(tree(b)));
    return out;
  }

  /** One entry per holder: a later version (released, or cut short by the next holder) replaces an earlier one. */
  static List<IpBinding> dedup(List<IpBinding> history) {
    Map<String, IpBinding> byHolder = new LinkedHashMap<>();
    for (IpBinding b : history) {
      byHolder.merge(IpHistory.holderKey(b), b, (x, y) -> x.getValidTo() == null ? y
          : y.getValidTo() == null ? x : x.getValidTo().isBefore(y.getValidTo()) ? x : y);
    }
    return List.copyOf(byHolder.values());
  }

  /** The answer as a small table: status, owner, before and after, one line each. */
  public static void printTable(JsonNode answer, PrintWriter out) {
    out.printf("%s at %s: %s%n", answer.path("ip").asText(), answer.path("at").asText(),
        answer.path("status").asText());
    if (!answer.path("owner").isNull() && !answer.path("owner").isMissingNode()) {
      out.println(row("owner", answer.get("owner")));
    }
    for (JsonNode c : answer.path("candidates")) {
      out.println(row("candidate", c));
    }
    if ("UNATTRIBUTED".equals(answer.path("status").asText())) {
      out.println(String.format("%-10s %s", "owner", "nobody known at that time (unattributed, not guessed)"));
    }
    out.println(answer.path("before").isObject() ? row("before", answer.get("before"))
        : String.format("%-10s %s", "before", "-"));
    out.println(answer.path("after").isObject() ? row("after", answer.get("after"))
        : String.format("%-10s %s", "after", "-"));
    out.flush();
  }

  private static String row(String label, JsonNode b) {
    String ns = b.path("namespace").isTextual() ? b.get("namespace").asText() + "/" : "";
    String workload = b.path("workload").isObject()
        ? " (" + b.get("workload").path("kind").asText() + " " + b.get("workload").path("name").asText() + ")" : "";
    String node = b.path("node").isTextual() ? " on " + b.get("node").asText() : "";
    String to = b.path("validTo").isTextual() ? b.get("validTo").asText() : "now";
    return String.format("%-10s %-16s %s%s%s%s  from %s to %s", label, b.path("kind").asText(),
        ns, b.path("name").asText(), workload, node, b.path("validFrom").asText(), to);
  }

  private static JsonNode tree(IpBinding b) {
    if (b == null) {
      return JSON.nullNode();
    }
    try {
      return JSON.readTree(AvroJson.toJson(b));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
