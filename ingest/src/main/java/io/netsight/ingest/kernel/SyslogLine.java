package io.netsight.ingest.kernel;

import io.netsight.schema.Micros;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * Finds the parts of a syslog line as rsyslog and syslog-ng write {@code /var/log/kern.log}: an RFC 3339 timestamp
 * ({@code 2026-11-26T11:05:47.123456+00:00}, rsyslog's high-precision format, the Debian 12 default) or the classic
 * {@code Nov 26 11:05:47} (no year, local time), the host, the tag ({@code kernel:}), the kernel's own
 * {@code [ 1234.567890]} stamp when present, then the message. Locating the message works on the raw bytes without
 * allocating, so the prefix check can run before anything is decoded; the timestamp is decoded only for matching
 * lines. Reusable holder, one per reader thread.
 */
public final class SyslogLine {

  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
  private static final long YEAR_GUESS_SLACK_MICROS = 7L * 24 * 3600 * 1_000_000L;
  private static final long YEAR_MICROS = 365L * 24 * 3600 * 1_000_000L;

  public int messageStart;
  private int tsStart;
  private int tsEnd;
  private boolean rfc3339;

  /** Locates timestamp and message in {@code b[off, off+len)}; false when the line has no syslog header. */
  public boolean parse(byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    if (len >= 19 && isDigit(b[i]) && b[i + 4] == '-' && b[i + 7] == '-' && (b[i + 10] == 'T' || b[i + 10] == ' ')) {
      rfc3339 = true;
      tsStart = i;
      i = i + 10;
      if (b[i] == ' ') {
        i++; // "2026-11-26 11:05:47" (space instead of T)
      }
      while (i < end && b[i] != ' ') {
        i++;
      }
      tsEnd = i;
    } else if (len >= 15 && month(b, i) >= 0 && b[i + 3] == ' ') {
      rfc3339 = false;
      tsStart = i;
      i += 4;
      while (i < end && b[i] == ' ') {
        i++;
      }
      int dayStart = i;
      while (i < end && isDigit(b[i])) {
        i++;
      }
      if (i == dayStart || i - dayStart > 2 || i + 9 > end || b[i] != ' ' || b[i + 3] != ':' || b[i + 6] != ':') {
        return false;
      }
      i += 9;
      tsEnd = i;
    } else {
      return false;
    }
    // host
    i = skipSpaces(b, i, end);
    int hostStart = i;
    while (i < end && b[i] != ' ') {
      i++;
    }
    if (i == hostStart) {
      return false;
    }
    // tag ("kernel:", "kernel[0]:")
    i = skipSpaces(b, i, end);
    int tagStart = i;
    while (i < end && b[i] != ' ') {
      i++;
    }
    if (i > tagStart && b[i - 1] == ':') {
      i = skipSpaces(b, i, end);
    } else {
      i = tagStart;
    }
    // the kernel's own "[ 1234.567890] " stamp
    if (i < end && b[i] == '[') {
      int j = i + 1;
      while (j < end && (b[j] == ' ' || isDigit(b[j]) || b[j] == '.')) {
        j++;
      }
      if (j < end && b[j] == ']' && j > i + 1) {
        i = skipSpaces(b, j + 1, end);
      }
    }
    messageStart = i;
    return true;
  }

  /**
   * The line's time in microseconds, or {@code Long.MIN_VALUE} when the timestamp does not parse.
   *
   * @param zone            the zone of timestamps without an offset (the classic format is the node's local time)
   * @param referenceMicros "now" for the year of the classic format: the year that puts the line at most a week after
   *                        it and not a year before it (the reading time when following, the file's modification time when replaying)
   */
  public long timestampMicros(byte[] b, ZoneId zone, long referenceMicros) {
    String text = new String(b, tsStart, tsEnd - tsStart, StandardCharsets.US_ASCII);
    try {
      if (rfc3339) {
        String t = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11)
            : text;
        try {
          return Micros.of(OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeParseException e) {
          return Micros.of(LocalDateTime.parse(t).atZone(zone).toInstant());
        }
      }
      int month = month(b, tsStart) + 1;
      int i = tsStart + 4;
      while (b[i] == ' ') {
        i++;
      }
      int day = 0;
      while (isDigit(b[i])) {
        day = day * 10 + (b[i++] - '0');
      }
      i++;
      int hh = (b[i] - '0') * 10 + (b[i + 1] - '0');
      int mm = (b[i + 3] - '0') * 10 + (b[i + 4] - '0');
      int ss = (b[i + 6] - '0') * 10 + (b[i + 7] - '0');
      int year = Micros.toInstant(referenceMicros).atZone(zone).getYear();
      long candidate = Micros.of(ZonedDateTime.of(year, month, day, hh, mm, ss, 0, zone).toInstant());
      if (candidate > referenceMicros + YEAR_GUESS_SLACK_MICROS) {
        // "Dec 31 23:59:59" read on January 1st belongs to last year.
        candidate = Micros.of(ZonedDateTime.of(year - 1, month, day, hh, mm, ss, 0, zone).toInstant());
      } else if (candidate < referenceMicros - YEAR_MICROS + YEAR_GUESS_SLACK_MICROS) {
        // "Jan 3" read when the reference is still Dec 31 in the node's zone belongs to next year.
        candidate = Micros.of(ZonedDateTime.of(year + 1, month, day, hh, mm, ss, 0, zone).toInstant());
      }
      return candidate;
    } catch (DateTimeException | ArithmeticException | ArrayIndexOutOfBoundsException e) {
      return Long.MIN_VALUE;
    }
  }

  private static int month(byte[] b, int i) {
    for (int m = 0; m < 12; m++) {
      if (b[i] == MONTHS.charAt(3 * m) && b[i + 1] == MONTHS.charAt(3 * m + 1) && b[i + 2] == MONTHS.charAt(3 * m + 2)) {
        return m;
      }
    }
    return -1;
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  private static int skipSpaces(byte[] b, int i, int end) {
    while (i < end && b[i] == ' ') {
      i++;
    }
    return i;
  }
}
