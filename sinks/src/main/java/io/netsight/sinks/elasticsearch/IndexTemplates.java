package io.netsight.sinks.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The composable index templates of the netsight indices, one per {@link IndexKind}: explicit {@code priority},
 * shards and replicas from the config, and strict mappings ({@code dynamic: strict}), so a document with a field the
 * mapping does not know is rejected (and dead-lettered) instead of silently widening the mapping. The only dynamic
 * parts are the maps whose keys are data: {@code netsight.metrics.*} (double), {@code netsight.labels.*} and
 * {@code kubernetes.labels.*} (keyword). IPs are {@code ip}, times {@code date}, names {@code keyword}.
 *
 * <p>Templates, not data streams: netsight overwrites documents by id (revisions, interval closes, replays), which
 * data streams do not allow.
 */
public final class IndexTemplates {

  /** Bumped when a mapping changes; stored in the template's {@code _meta}. */
  public static final int VERSION = 1;

  private IndexTemplates() {
  }

  /** The {@code PUT _index_template/<name>} body for one kind. */
  public static ObjectNode template(IndexKind kind, String prefix, int shards, int replicas, int priority) {
    ObjectNode t = JsonNodeFactory.instance.objectNode();
    kind.indexPatterns(prefix).forEach(t.putArray("index_patterns")::add);
    t.put("priority", priority);
    t.put("version", VERSION);
    ObjectNode meta = t.putObject("_meta");
    meta.put("managed_by", "netsight");
    meta.put("description", "netsight " + kind.suffix() + " (see docs/elasticsearch.md)");
    ObjectNode template = t.putObject("template");
    ObjectNode index = template.putObject("settings").putObject("index");
    index.put("number_of_shards", shards);
    index.put("number_of_replicas", replicas);
    template.set("mappings", mappings(kind));
    return t;
  }

  /** The mappings of one kind. */
  public static ObjectNode mappings(IndexKind kind) {
    Mapping m = new Mapping();
    common(m);
    switch (kind) {
      case FINDINGS -> findings(m);
      case DNS -> dns(m);
      case TCP_RESET -> tcpReset(m);
      case CONNTRACK -> conntrack(m);
      case KERNEL_DROP -> kernelDrop(m);
      case IP_BINDINGS -> ipBindings(m);
      default -> throw new IllegalArgumentException(kind.name());
    }
    ObjectNode mappings = JsonNodeFactory.instance.objectNode();
    mappings.put("dynamic", "strict");
    mappings.put("date_detection", false);
    mappings.put("numeric_detection", false);
    var dyn = mappings.putArray("dynamic_templates");
    dyn.addObject().putObject("netsight_metrics").put("path_match", "netsight.metrics.*")
        .putObject("mapping").put("type", "double");
    dyn.addObject().putObject("netsight_labels").put("path_match", "netsight.labels.*")
        .put("match_mapping_type", "*").putObject("mapping").put("type", "keyword");
    dyn.addObject().putObject("kubernetes_labels").put("path_match", "kubernetes.labels.*")
        .put("match_mapping_type", "*").putObject("mapping").put("type", "keyword");
    mappings.set("properties", m.properties);
    return mappings;
  }

  /** Every mapped leaf field of a kind, by dotted path, with its type: what Kibana objects may refer to. */
  public static Map<String, String> fieldTypes(IndexKind kind) {
    Map<String, String> out = new TreeMap<>();
    collect("", mappings(kind).get("properties"), out);
    return out;
  }

  private static void collect(String prefix, JsonNode properties, Map<String, String> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String path = prefix + e.getKey();
      JsonNode def = e.getValue();
      if (def.has("properties")) {
        collect(path + ".", def.get("properties"), out);
      } else {
        out.put(path, def.has("type") ? def.get("type").asText() : "object");
      }
    }
  }

  // ------------------------------------------------------------------ field groups

  private static void common(Mapping m) {
    m.field("@timestamp", "date")
        .field("ecs.version", "keyword")
        .field("message", "text")
        .keywords("event.kind", "event.category", "event.type", "event.module", "event.dataset", "event.id",
            "event.action", "event.outcome", "event.reference")
        .field("event.start", "date").field("event.end", "date")
        .field("event.severity", "long").field("event.duration", "long")
        .field("related.ip", "ip")
        .keywords("kubernetes.namespace", "kubernetes.pod.name", "kubernetes.pod.uid", "kubernetes.node.name")
        .field("kubernetes.pod.ip", "ip")
        .dynamicObject("kubernetes.labels")
        .keywords("orchestrator.type", "orchestrator.namespace", "orchestrator.resource.type",
            "orchestrator.resource.name");
  }

  /** The owner of an address (a finding's subject/peer, an event's source/destination/backend). */
  private static void party(Mapping m, String p) {
    m.field(p + ".ip", "ip")
        .keywords(p + ".attribution", p + ".kind", p + ".namespace", p + ".name", p + ".uid", p + ".node",
            p + ".workload.kind", p + ".workload.name", p + ".candidates");
  }

  private static void network(Mapping m) {
    m.field("source.ip", "ip").field("source.port", "long")
        .field("destination.ip", "ip").field("destination.port", "long")
        .keywords("network.transport", "network.protocol", "network.type", "network.direction",
            "network.iana_number", "observer.hostname", "netsight.interface");
    party(m, "netsight.source");
    party(m, "netsight.destination");
  }

  private static void findings(Mapping m) {
    m.keywords("rule.name", "rule.id", "rule.ruleset", "rule.reference")
        .keywords("netsight.finding.id", "netsight.finding.type", "netsight.finding.detector",
            "netsight.finding.severity", "netsight.finding.status", "netsight.finding.runbook", "netsight.node")
        .field("netsight.finding.revision", "integer")
        .field("netsight.finding.windows_counted", "integer")
        .field("netsight.finding.first_seen", "date").field("netsight.finding.last_seen", "date")
        .field("netsight.finding.window.start", "date").field("netsight.finding.window.end", "date")
        .field("netsight.finding.resolved_at", "date")
        .field("netsight.finding.recommendation", "text")
        .dynamicObject("netsight.metrics")
        .dynamicObject("netsight.labels")
        // Kept in _source for a person to read; not searchable (its attributes are free-form).
        .disabledObject("netsight.evidence");
    party(m, "netsight.subject");
    party(m, "netsight.peer");
    party(m, "netsight.affected");
  }

  private static void dns(Mapping m) {
    network(m);
    party(m, "netsight.backend");
    m.field("netsight.backend.port", "long")
        .keywords("dns.type", "dns.id", "dns.question.name", "dns.question.type", "dns.response_code",
            "dns.header_flags", "dns.answers.name", "dns.answers.type", "dns.answers.data")
        .field("dns.answers.ttl", "long")
        .field("dns.resolved_ip", "ip")
        .keywords("netsight.dns.outcome", "netsight.source.dns.policy")
        .field("netsight.dns.rcode_value", "integer").field("netsight.dns.answer_count", "integer")
        .field("netsight.dns.retransmissions", "integer").field("netsight.dns.edns_udp_size", "integer")
        .field("netsight.source.dns.ndots", "integer");
  }

  private static void tcpReset(Mapping m) {
    network(m);
    m.keywords("netsight.tcp.flags").field("netsight.tcp.sequence", "long");
  }

  private static void conntrack(Mapping m) {
    network(m);
    party(m, "netsight.backend");
    m.field("netsight.backend.port", "long")
        .field("source.packets", "long").field("source.bytes", "long")
        .field("destination.packets", "long").field("destination.bytes", "long")
        .keywords("netsight.conntrack.event_type", "netsight.conntrack.tcp_state", "netsight.conntrack.status")
        .field("netsight.conntrack.id", "long").field("netsight.conntrack.mark", "long")
        .field("netsight.conntrack.zone", "integer").field("netsight.conntrack.timeout_seconds", "long")
        .field("netsight.conntrack.lifetime_seconds", "long")
        .field("netsight.conntrack.reply.src_ip", "ip").field("netsight.conntrack.reply.dst_ip", "ip")
        .field("netsight.conntrack.reply.src_port", "long").field("netsight.conntrack.reply.dst_port", "long");
  }

  private static void kernelDrop(Mapping m) {
    network(m);
    m.keywords("netsight.drop.prefix", "netsight.drop.in_interface", "netsight.drop.out_interface",
            "netsight.drop.log_source", "netsight.tcp.flags")
        .field("netsight.drop.length", "integer").field("netsight.drop.ttl", "integer")
        .field("netsight.drop.icmp_type", "integer").field("netsight.drop.icmp_code", "integer")
        .field("netsight.drop.mark", "long");
  }

  private static void ipBindings(Mapping m) {
    m.field("netsight.binding.ip", "ip")
        .field("netsight.binding.valid", "date_range")
        .field("netsight.binding.held", "boolean")
        .keywords("netsight.binding.kind", "netsight.binding.namespace", "netsight.binding.name",
            "netsight.binding.uid", "netsight.binding.node", "netsight.binding.phase",
            "netsight.binding.resource_version", "netsight.binding.workload.kind", "netsight.binding.workload.name",
            "netsight.binding.dns.policy", "netsight.binding.dns.searches")
        .field("netsight.binding.dns.ndots", "integer");
  }

  /** Builds nested {@code properties} from dotted paths. */
  private static final class Mapping {
    final ObjectNode properties = JsonNodeFactory.instance.objectNode();

    private ObjectNode node(String path) {
      ObjectNode props = properties;
      String[] parts = path.split("\\.");
      for (int i = 0; i < parts.length - 1; i++) {
        ObjectNode obj = props.has(parts[i]) ? (ObjectNode) props.get(parts[i]) : props.putObject(parts[i]);
        props = obj.has("properties") ? (ObjectNode) obj.get("properties") : obj.putObject("properties");
      }
      String leaf = parts[parts.length - 1];
      return props.has(leaf) ? (ObjectNode) props.get(leaf) : props.putObject(leaf);
    }

    Mapping field(String path, String type) {
      ObjectNode n = node(path);
      n.put("type", type);
      if ("keyword".equals(type)) {
        n.put("ignore_above", 1024);
      }
      return this;
    }

    Mapping keywords(String... paths) {
      for (String p : paths) {
        field(p, "keyword");
      }
      return this;
    }

    Mapping dynamicObject(String path) {
      ObjectNode n = node(path);
      n.put("type", "object");
      n.put("dynamic", true);
      return this;
    }

    Mapping disabledObject(String path) {
      ObjectNode n = node(path);
      n.put("type", "object");
      n.put("enabled", false);
      return this;
    }
  }
}
