package io.netsight.enrich.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.netsight.enrich.identity.DerivationConfig;
import io.netsight.enrich.identity.IdentityState;
import io.netsight.enrich.identity.K8sTime;
import io.netsight.enrich.identity.Publication;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads cluster state files and derives the binding records from them exactly as the live identity publisher does
 * (the same {@link IdentityState}). Two shapes, JSON or YAML:
 * <ul>
 *   <li>a snapshot: {@code kubectl get pods,services,endpointslices,nodes -A -o yaml|json} (a {@code List}, or one
 *       object, or several YAML documents);</li>
 *   <li>a watch stream: {@code kubectl get pods -A --watch --output-watch-events -o json}, one
 *       {@code {"type": ..., "object": ...}} per event, concatenated with or without newlines.</li>
 * </ul>
 * Snapshots are applied first (owners, then nodes, services, slices, pods), then watch events in file order, so a
 * Job pod that finished and a new pod on the same address give two intervals. Times come from the objects; where an
 * object carries none (a deletion without {@code deletionTimestamp}), the latest time seen so far stands in.
 */
public final class ClusterFiles {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  // Several root values in one file (a watch stream) are the norm here, not trailing garbage.
  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  private static final ObjectMapper YAML = YAMLMapper.builder()
      .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  private static final List<String> SNAPSHOT_ORDER = List.of("ReplicaSet", "Job", "Node", "Service",
      "EndpointSlice", "Pod");

  private ClusterFiles() {
  }

  /** One object read, with where it came from. */
  private record Item(Path file, long line, String event, HasMetadata object) {
  }

  /** Reads the files and returns the binding records they yield. */
  public static ClusterBindings read(List<Path> files, DerivationConfig config) {
    List<Item> snapshot = new ArrayList<>();
    List<Item> events = new ArrayList<>();
    int[] counts = new int[2];
    for (Path file : files) {
      parse(file, item -> (item.event() == null ? snapshot : events).add(item), counts);
    }
    IdentityState state = new IdentityState(config);
    List<Publication> out = new ArrayList<>();
    Instant[] clock = {Instant.EPOCH};
    // Owners first, from wherever they appear, so workloads resolve through real controller references.
    for (Item i : snapshot) {
      if (i.object() instanceof ReplicaSet || i.object() instanceof Job) {
        state.apply(i.object(), false, null);
      }
    }
    for (Item i : events) {
      if (i.object() instanceof ReplicaSet || i.object() instanceof Job) {
        state.apply(i.object(), "DELETED".equals(i.event()), null);
      }
    }
    for (String kind : SNAPSHOT_ORDER.subList(2, SNAPSHOT_ORDER.size())) {
      for (Item i : snapshot) {
        if (i.object().getKind().equals(kind)) {
          clock[0] = latest(clock[0], i.object());
          out.addAll(state.apply(i.object(), false, clock[0]));
        }
      }
    }
    for (Item i : events) {
      clock[0] = latest(clock[0], i.object());
      out.addAll(state.apply(i.object(), "DELETED".equals(i.event()), clock[0]));
    }
    return new ClusterBindings(out, counts[0], counts[1]);
  }

  private static void parse(Path file, Consumer<Item> sink, int[] counts) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ClusterFileException(file, 0, "cannot read: " + e.getMessage(), e);
    }
    String trimmed = text.stripLeading();
    if (trimmed.isEmpty()) {
      throw new ClusterFileException(file, 0, "empty file; expected kubectl -o json or -o yaml output");
    }
    boolean json = trimmed.charAt(0) == '{' || trimmed.charAt(0) == '[';
    ObjectMapper mapper = json ? JSON : YAML;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
         JsonParser parser = mapper.createParser(reader)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        long line = parser.currentTokenLocation().getLineNr();
        if (token != JsonToken.START_OBJECT) {
          throw new ClusterFileException(file, line, "expected a Kubernetes object, a List or a watch event, found "
              + token);
        }
        JsonNode node = mapper.readTree(parser);
        value(file, line, node, sink, counts);
      }
    } catch (JacksonException e) {
      long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new ClusterFileException(file, line, "not valid " + (json ? "JSON" : "YAML") + ": "
          + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ClusterFileException(file, 0, "cannot read: " + e.getMessage(), e);
    }
  }

  private static void value(Path file, long line, JsonNode node, Consumer<Item> sink, int[] counts) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return; // an empty YAML document
    }
    if (node.has("type") && node.has("object") && !node.has("kind")) {
      String type = node.get("type").asString();
      if ("BOOKMARK".equals(type) || "ERROR".equals(type)) {
        return; // no object state: a resume marker or a watch error status
      }
      if (!List.of("ADDED", "MODIFIED", "DELETED").contains(type)) {
        throw new ClusterFileException(file, line, "unknown watch event type '" + type + "'");
      }
      object(file, line, type, node.get("object"), sink, counts);
      return;
    }
    String kind = node.path("kind").asString("");
    if (kind.equals("List") || (kind.endsWith("List") && node.has("items"))) {
      int index = 0;
      for (JsonNode item : node.path("items")) {
        object(file, line, null, item, sink, counts, "items[" + index++ + "]");
      }
      return;
    }
    object(file, line, null, node, sink, counts);
  }

  private static void object(Path file, long line, String event, JsonNode node, Consumer<Item> sink, int[] counts) {
    object(file, line, event, node, sink, counts, null);
  }

  private static void object(Path file, long line, String event, JsonNode node, Consumer<Item> sink, int[] counts,
      String where) {
    counts[0]++;
    String kind = node.path("kind").asString("");
    String name = node.path("metadata").path("name").asString("");
    String label = (where == null ? "" : where + " ") + (kind.isEmpty() ? "object" : kind)
        + (name.isEmpty() ? "" : " " + node.path("metadata").path("namespace").asString("") + "/" + name);
    if (kind.isEmpty()) {
      throw new ClusterFileException(file, line, label + " has no kind");
    }
    Class<? extends HasMetadata> type = switch (kind) {
      case "Pod" -> Pod.class;
      case "Service" -> Service.class;
      case "EndpointSlice" -> EndpointSlice.class;
      case "Node" -> Node.class;
      case "ReplicaSet" -> ReplicaSet.class;
      case "Job" -> Job.class;
      default -> null;
    };
    if (type == null) {
      counts[1]++;
      return;
    }
    if (name.isEmpty()) {
      throw new ClusterFileException(file, line, label + " has no metadata.name");
    }
    HasMetadata object;
    try {
      object = SERIALIZATION.convertValue(node, type);
    } catch (RuntimeException e) {
      throw new ClusterFileException(file, line, label + " is not a valid " + kind + ": " + e.getMessage(), e);
    }
    if (object.getMetadata().getCreationTimestamp() != null
        && K8sTime.parse(object.getMetadata().getCreationTimestamp()).isEmpty()) {
      throw new ClusterFileException(file, line, label + " has an unreadable creationTimestamp '"
          + object.getMetadata().getCreationTimestamp() + "'");
    }
    sink.accept(new Item(file, line, event, object));
  }

  /** The latest time an object carries, so a change without a time of its own is placed no earlier. */
  static Instant latest(Instant clock, HasMetadata o) {
    Instant t = clock;
    t = max(t, o.getMetadata().getCreationTimestamp());
    t = max(t, o.getMetadata().getDeletionTimestamp());
    if (o instanceof Pod pod && pod.getStatus() != null) {
      t = max(t, pod.getStatus().getStartTime());
      if (pod.getStatus().getConditions() != null) {
        for (var c : pod.getStatus().getConditions()) {
          t = max(t, c.getLastTransitionTime());
        }
      }
      if (pod.getStatus().getContainerStatuses() != null) {
        for (var c : pod.getStatus().getContainerStatuses()) {
          if (c.getState() != null && c.getState().getTerminated() != null) {
            t = max(t, c.getState().getTerminated().getFinishedAt());
          }
          if (c.getState() != null && c.getState().getRunning() != null) {
            t = max(t, c.getState().getRunning().getStartedAt());
          }
        }
      }
    }
    return t;
  }

  private static Instant max(Instant t, String rfc3339) {
    return K8sTime.parse(rfc3339).filter(x -> x.isAfter(t)).orElse(t);
  }

  /** For the kinds the derivation uses: which are read (the rest are counted and skipped). */
  public static List<String> kinds() {
    return SNAPSHOT_ORDER;
  }

}
