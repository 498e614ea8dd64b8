package io.netsight.enrich.cluster;

import java.nio.file.Path;

/** A cluster file that cannot be read: the message names the file and the line (and object) at fault. */
public final class ClusterFileException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public ClusterFileException(Path file, long line, String reason) {
    super(file + (line > 0 ? ":" + line : "") + ": " + reason);
  }

  public ClusterFileException(Path file, long line, String reason, Throwable cause) {
    super(file + (line > 0 ? ":" + line : "") + ": " + reason, cause);
  }
}
