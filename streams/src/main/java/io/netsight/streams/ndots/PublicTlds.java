package io.netsight.streams.ndots;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The top-level domains of the public DNS root (IANA's list, bundled). An absolute name never seen in the traffic
 * could exist on the internet when its last label is one of these, so the resolver replay does not assume it is
 * NXDOMAIN.
 */
public final class PublicTlds {

  private static final String RESOURCE = "io/netsight/streams/ndots/iana-tlds.txt";
  private static volatile PublicTlds iana;

  private final Set<String> tlds;

  private PublicTlds(Set<String> tlds) {
    this.tlds = Set.copyOf(tlds);
  }

  /** IANA's list as bundled in this jar. */
  public static PublicTlds iana() {
    PublicTlds result = iana;
    if (result == null) {
      Set<String> set = new HashSet<>();
      try (InputStream in = PublicTlds.class.getClassLoader().getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("netsight-streams is packaged without " + RESOURCE);
        }
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          String s = line.strip();
          if (!s.isEmpty() && !s.startsWith("#")) {
            set.add(s.toLowerCase(Locale.ROOT));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + RESOURCE, e);
      }
      result = new PublicTlds(set);
      iana = result;
    }
    return result;
  }

  /** Whether this label is a public top-level domain. */
  public boolean isPublic(String label) {
    return tlds.contains(label);
  }

  public int size() {
    return tlds.size();
  }
}
