package io.netsight.ingest.pcap;

import java.io.IOException;

/** A file that is not a capture file netsight reads (unknown magic, unsupported link type, unreadable header). */
public final class CaptureFileException extends IOException {

  private static final long serialVersionUID = 1L;

  public CaptureFileException(String message) {
    super(message);
  }
}
