package io.netsight.app.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsight.app.NetsightCommand;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The manifests under k8s/base run commands that exist: every netsight container's args, with its $(VAR)s expanded
 * from its env, parse as a netsight command line, and every --set key is one that command knows.
 */
class KubernetesManifestsTest {

  private static final Path BASE = Path.of("..", "k8s", "base");
  private static final Pattern VAR = Pattern.compile("\\$\\(([A-Z_]+)\\)");

  @Test
  void everyContainerRunsAValidNetsightCommandLine() throws Exception {
    List<String> checked = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(BASE, "*.yaml")) {
      for (Path file : files) {
        try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
          while (docs.hasNext()) {
            JsonNode doc = docs.next();
            JsonNode containers = doc.at("/spec/template/spec/containers");
            for (JsonNode c : containers) {
              if (!c.path("image").asString("").equals("netsight")) {
                continue;
              }
              Map<String, String> env = new HashMap<>();
              c.path("env").forEach(e -> env.put(e.path("name").asString(), e.path("value").asString("10.0.0.1")));
              List<String> args = new ArrayList<>();
              c.path("args").forEach(a -> args.add(expand(a.asString(), env)));
              String where = file.getFileName() + " " + doc.at("/metadata/name").asString();

              CommandLine.ParseResult parsed = NetsightCommand.commandLine().parseArgs(args.toArray(String[]::new));

              CommandLine.ParseResult leaf = parsed;
              while (leaf.hasSubcommand()) {
                leaf = leaf.subcommand();
              }
              assertThat(leaf.commandSpec().name()).as(where).isNotEqualTo("netsight");
              if (leaf.hasMatchedOption("--set")) {
                Map<String, String> sets = leaf.matchedOption("--set").getValue();
                String help = helpOf(leaf);
                for (String key : sets.keySet()) {
                  assertThat(help).as("%s: --set %s is a key of `netsight %s --help`", where, key,
                      leaf.commandSpec().qualifiedName()).contains("  " + key + " = ");
                }
              }
              checked.add(where);
            }
          }
        }
      }
    }
    assertThat(checked).hasSize(5); // topics Job, agent, identity, streams, sink
  }

  private static String helpOf(CommandLine.ParseResult leaf) {
    java.io.StringWriter out = new java.io.StringWriter();
    leaf.commandSpec().commandLine().usage(new java.io.PrintWriter(out, true));
    return out.toString();
  }

  private static String expand(String arg, Map<String, String> env) {
    Matcher m = VAR.matcher(arg);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      // Downward-API variables (fieldRef) have no literal value: any plausible one parses the same.
      m.appendReplacement(sb, Matcher.quoteReplacement(env.getOrDefault(m.group(1), "x")));
    }
    return m.appendTail(sb).toString();
  }
}
