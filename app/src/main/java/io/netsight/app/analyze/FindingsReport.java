package io.netsight.app.analyze;

import io.netsight.schema.AvroJson;
import io.netsight.schema.v1.Finding;
import io.netsight.schema.v1.FindingSubject;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** How analyze and demo print findings: a table for people, JSON lines for programs. */
final class FindingsReport {

  private FindingsReport() {
  }

  /** One JSON object per finding, fields exactly as in the Finding schema. */
  static void json(List<Finding> findings, PrintWriter out) {
    for (Finding f : findings) {
      out.println(AvroJson.toJson(f));
    }
    out.flush();
  }

  /**
   * One line per finding, most severe first: severity, type, status, subject and the one-line summary, with the first
   * line of the recommendation under it. {@code details} adds the whole recommendation and the evidence.
   */
  static void table(List<Finding> findings, PrintWriter out, boolean details) {
    if (findings.isEmpty()) {
      out.println("No findings.");
      out.flush();
      return;
    }
    out.printf("%-8s  %-24s  %-8s  %-32s  %s%n", "SEVERITY", "TYPE", "STATUS", "SUBJECT", "SUMMARY");
    for (Finding f : findings) {
      out.printf("%-8s  %-24s  %-8s  %-32s  %s%n", f.getSeverity(), f.getType(), f.getStatus(),
          subject(f.getSubject()), f.getSummary());
      out.printf("%-8s  %-24s  %-8s  %-32s  fix: %s%n", "", "", "", "", firstLine(f.getRecommendation()));
    }
    if (details) {
      for (Finding f : findings) {
        out.println();
        out.println("== " + f.getType() + " " + subject(f.getSubject()) + " (" + f.getFindingId() + ", revision "
            + f.getRevision() + ", " + AvroJson.formatInstant(f.getFirstSeen()) + " .. "
            + AvroJson.formatInstant(f.getLastSeen()) + ")");
        out.println(f.getSummary());
        if (!f.getAffected().isEmpty()) {
          out.println("Pods: " + String.join(", ", f.getAffected().stream()
              .map(p -> p.getName() + (p.getIp() == null ? "" : " (" + p.getIp() + ")")).toList()));
        }
        out.println();
        out.println(f.getRecommendation().strip());
        if (!f.getEvidence().isEmpty()) {
          out.println();
          out.println("Evidence:");
          f.getEvidence().forEach(e -> out.println("  " + AvroJson.formatInstant(e.getTimestamp()) + "  "
              + e.getMessage()));
        }
        out.println();
        out.println("Runbook: " + f.getRunbook());
      }
    }
    out.flush();
  }

  static String subject(FindingSubject s) {
    StringBuilder sb = new StringBuilder();
    if (s.getNamespace() != null) {
      sb.append(s.getNamespace()).append('/');
    }
    if (s.getWorkload() != null && s.getKind() != null && s.getKind().name().equals("WORKLOAD")) {
      sb.append(s.getWorkload().getKind()).append('/');
    } else if (s.getKind() != null) {
      sb.append(s.getKind().name().toLowerCase(Locale.ROOT)).append('/');
    }
    return sb.append(s.getName() == null ? "?" : s.getName()).toString();
  }

  private static String firstLine(String text) {
    String t = text == null ? "" : text.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }
}
