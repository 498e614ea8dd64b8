package io.netsight.ingest.live;

import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Network-namespace helpers for the capture thread. */
public final class NetworkNamespaces {

  private NetworkNamespaces() {
  }

  /**
   * Moves the calling thread into a network namespace: a name under /var/run/netns (as {@code ip netns add} makes
   * them) or a path such as /proc/PID/ns/net. Only this thread moves: a capture thread can listen inside a pod's or a
   * test's namespace while the Kafka producer stays in the agent's.
   */
  public static void enter(String netns) {
    Path path = netns.contains("/") ? Path.of(netns) : Path.of("/var/run/netns", netns);
    if (!Files.exists(path)) {
      throw new IllegalArgumentException("network namespace " + netns + " not found (" + path + ")");
    }
    int fd = LibC.INSTANCE.open(path.toString(), LibC.O_RDONLY);
    if (fd < 0) {
      throw new IllegalStateException("cannot open " + path + ": errno " + Native.getLastError());
    }
    try {
      if (LibC.INSTANCE.setns(fd, LibC.CLONE_NEWNET) != 0) {
        throw new IllegalStateException("cannot enter network namespace " + netns + ": errno " + Native.getLastError()
            + " (needs CAP_SYS_ADMIN)");
      }
    } finally {
      LibC.INSTANCE.close(fd);
    }
  }

  /** The name of an interface index in the calling thread's namespace, or null. */
  public static String interfaceName(int index) {
    byte[] buf = new byte[LibC.IF_NAMESIZE];
    if (LibC.INSTANCE.if_indextoname(index, buf) == null) {
      return null;
    }
    int len = 0;
    while (len < buf.length && buf[len] != 0) {
      len++;
    }
    return new String(buf, 0, len, StandardCharsets.US_ASCII);
  }

  /** True when file descriptor {@code fd} (2 = stderr) is a terminal; false when that cannot be told. */
  public static boolean isTerminal(int fd) {
    try {
      return LibC.INSTANCE.isatty(fd) == 1;
    } catch (LinkageError | RuntimeException e) {
      return false; // no JNA native support here (e.g. a noexec temp dir): no progress bar, nothing else lost
    }
  }
}
