package io.netsight.ingest.capture;

/**
 * What a source says about itself.
 *
 * @param running     its thread is alive and reading
 * @param detail      one line for logs and the health endpoint (interface, counters, last error)
 * @param lastError   the last failure, or null
 */
public record SourceHealth(boolean running, String detail, Throwable lastError) {

  public static SourceHealth up(String detail) {
    return new SourceHealth(true, detail, null);
  }

  public static SourceHealth down(String detail, Throwable error) {
    return new SourceHealth(false, detail, error);
  }
}
