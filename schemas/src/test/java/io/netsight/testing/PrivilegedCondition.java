package io.netsight.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Evaluates {@link Privileged}. */
public final class PrivilegedCondition implements ExecutionCondition {

  public static final String REQUIRE_ENV = "NETSIGHT_REQUIRE_PRIVILEGED_TESTS";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    var annotation = context.getElement().flatMap(e -> AnnotationSupport.findAnnotation(e, Privileged.class));
    if (annotation.isEmpty()) {
      return ConditionEvaluationResult.enabled("not privileged");
    }
    List<String> missing = new ArrayList<>();
    if (!isRoot()) {
      missing.add("root (uid 0)");
    }
    for (String tool : annotation.get().tools()) {
      if (which(tool) == null) {
        missing.add("the '" + tool + "' command");
      }
    }
    if (missing.isEmpty()) {
      return ConditionEvaluationResult.enabled("root and tools present");
    }
    String reason = "requires " + String.join(", ", missing);
    if ("1".equals(System.getenv(REQUIRE_ENV))) {
      throw new IllegalStateException(reason + ", and " + REQUIRE_ENV + "=1 forbids skipping");
    }
    return ConditionEvaluationResult.disabled(reason);
  }

  /** True when this process runs as uid 0. */
  public static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[1].equals("0");
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  /** The path of an executable on PATH (or in /usr/sbin, /sbin, which non-login PATHs can miss), or null. */
  public static Path which(String tool) {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
    for (String dir : dirs) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
