package io.netsight.sinks.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The saved objects in docs/kibana/ import into a Kibana that has the netsight indices: every line is a saved object,
 * every saved search points at a data view of the file, and every field a search shows, sorts by, queries or filters
 * on is a field of the index template behind that data view.
 */
class KibanaSavedObjectsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** A KQL field reference: a name followed by ':' (values are quoted in our queries). */
  private static final Pattern KQL_FIELD = Pattern.compile("([A-Za-z@_][A-Za-z0-9@_.]*)\\s*:");

  private static List<JsonNode> objects;
  private static Map<String, JsonNode> byId;

  @BeforeAll
  static void parse() throws Exception {
    objects = new ArrayList<>();
    for (String line : new String(KibanaSavedObjects.ndjson(), StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        objects.add(JSON.readTree(line));
      }
    }
    byId = objects.stream().collect(Collectors.toMap(o -> o.path("type").asText() + ":" + o.path("id").asText(),
        o -> o));
  }

  @Test
  void thePackagedFileIsTheOneInDocs() throws Exception {
    Path docs = Path.of(System.getProperty("user.dir")).resolve("../docs/kibana/" + KibanaSavedObjects.FILE_NAME);
    assertThat(KibanaSavedObjects.ndjson()).isEqualTo(Files.readAllBytes(docs));
  }

  @Test
  void everyLineIsASavedObjectWithATypeIdAndTitle() {
    assertThat(objects).hasSizeGreaterThanOrEqualTo(12).allSatisfy(o -> {
      assertThat(o.path("id").asText()).isNotBlank();
      assertThat(o.path("type").asText()).isIn("index-pattern", "search", "dashboard");
      assertThat(o.path("attributes").path("title").asText()).isNotBlank();
    });
    assertThat(byId).hasSize(objects.size());
  }

  @Test
  void thereIsADataViewPerIndexKindNamedAfterItsTemplate() {
    for (IndexKind kind : IndexKind.values()) {
      JsonNode view = byId.get("index-pattern:" + kind.templateName("netsight"));
      assertThat(view).as("data view for %s", kind).isNotNull();
      String title = view.path("attributes").path("title").asText();
      assertThat(kind.indexPatterns("netsight")).anySatisfy(p -> assertThat(p.replace("-*", "*")
          .replace("**", "*")).isIn(title, title.replace("-*", "*")));
      String timeField = view.path("attributes").path("timeFieldName").asText(null);
      if (timeField != null) {
        assertThat(IndexTemplates.fieldTypes(kind)).containsEntry(timeField, "date");
      }
    }
  }

  @Test
  void theFiveSavedSearchesOfTheIssueAreThere() {
    assertThat(objects.stream().filter(o -> o.path("type").asText().equals("search"))
        .map(o -> o.path("id").asText())).containsExactlyInAnyOrder(
        "netsight-open-findings-by-severity", "netsight-ndots-offenders", "netsight-policy-drops-by-namespace",
        "netsight-resets-by-service", "netsight-who-had-ip");
  }

  @Test
  void everySavedSearchUsesADataViewOfTheFileAndOnlyFieldsOfItsTemplate() throws Exception {
    for (JsonNode search : objects) {
      if (!search.path("type").asText().equals("search")) {
        continue;
      }
      String name = search.path("id").asText();
      JsonNode source = JSON.readTree(search.path("attributes").path("kibanaSavedObjectMeta")
          .path("searchSourceJSON").asText());
      String refName = source.path("indexRefName").asText();
      JsonNode ref = reference(search, refName);
      assertThat(ref).as("%s: reference %s", name, refName).isNotNull();
      assertThat(ref.path("type").asText()).isEqualTo("index-pattern");
      assertThat(byId).as("%s: data view %s", name, ref.path("id").asText())
          .containsKey("index-pattern:" + ref.path("id").asText());
      IndexKind kind = kindOf(ref.path("id").asText());
      Set<String> fields = IndexTemplates.fieldTypes(kind).keySet();

      List<String> used = new ArrayList<>();
      search.path("attributes").path("columns").forEach(c -> used.add(c.asText()));
      search.path("attributes").path("sort").forEach(s -> used.add(s.get(0).asText()));
      Matcher m = KQL_FIELD.matcher(source.path("query").path("query").asText());
      while (m.find()) {
        used.add(m.group(1));
      }
      for (JsonNode filter : source.path("filter")) {
        JsonNode filterRef = reference(search, filter.path("meta").path("indexRefName").asText());
        assertThat(filterRef).as("%s: filter data view reference", name).isNotNull();
        assertThat(filterRef.path("id").asText()).isEqualTo(ref.path("id").asText());
        queryFields(filter.path("query"), used);
      }
      assertThat(used).as("%s uses fields", name).isNotEmpty();
      assertThat(used).as("fields of %s in the %s template", name, kind).allSatisfy(f ->
          assertThat(fields).contains(f));
    }
  }

  @Test
  void theDashboardShowsSavedSearchesOfTheFile() throws Exception {
    JsonNode dashboard = byId.get("dashboard:netsight-overview");
    assertThat(dashboard).isNotNull();
    JsonNode panels = JSON.readTree(dashboard.path("attributes").path("panelsJSON").asText());
    assertThat(panels).hasSize(5);
    for (JsonNode panel : panels) {
      String refName = panel.path("panelIndex").asText() + ":" + panel.path("panelRefName").asText();
      JsonNode ref = reference(dashboard, refName);
      assertThat(ref).as("panel reference %s", refName).isNotNull();
      assertThat(byId).containsKey(ref.path("type").asText() + ":" + ref.path("id").asText());
    }
  }

  /** Field names a query DSL object refers to (the keys under term/range/match...). */
  private static void queryFields(JsonNode query, List<String> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = query.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> clause = it.next();
      if (Set.of("term", "terms", "range", "match", "match_phrase", "prefix", "exists").contains(clause.getKey())) {
        if (clause.getKey().equals("exists")) {
          out.add(clause.getValue().path("field").asText());
        } else {
          clause.getValue().fieldNames().forEachRemaining(out::add);
        }
      } else if (clause.getValue().isObject()) {
        queryFields(clause.getValue(), out);
      } else if (clause.getValue().isArray()) {
        clause.getValue().forEach(q -> queryFields(q, out));
      }
    }
  }

  private static JsonNode reference(JsonNode object, String name) {
    for (JsonNode r : object.path("references")) {
      if (r.path("name").asText().equals(name)) {
        return r;
      }
    }
    return null;
  }

  private static IndexKind kindOf(String dataViewId) {
    Map<String, IndexKind> kinds = new HashMap<>();
    for (IndexKind k : IndexKind.values()) {
      kinds.put(k.templateName("netsight"), k);
    }
    assertThat(kinds).containsKey(dataViewId);
    return kinds.get(dataViewId);
  }
}
