package io.netsight.ingest.capture;

/**
 * What a source says about itself.
 *
 * @param name        the source's name
 * @param running     its thread is alive and reading
 * @param detail      one line for logs and the health endpoint (interface, counters, last error)
 * @param lastError   the last failure, or null
 */
public record SourceHealth(String name, boolean running, String detail, Throwable lastError) {

  public static SourceHealth up(String name, String detail) {
    return new SourceHealth(name, true, detail, null);
  }

  public static SourceHealth down(String name, String detail, Throwable error) {
    return new SourceHealth(name, false, detail, error);
  }
}
