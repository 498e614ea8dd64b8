package io.netsight.ingest.live;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Settings of the live libpcap capture that the packet analyzers share.
 *
 * @param interfaceName   the device ("any": every interface, Linux cooked headers)
 * @param netns           a network namespace to capture in (name or path), or empty for the agent's own
 * @param snaplen         bytes kept per packet
 * @param bufferBytes     the kernel ring buffer
 * @param readTimeoutMs   how often the capture thread wakes without packets (timeouts fire on the wall clock then)
 * @param filter          a BPF expression replacing the analyzers' own, or empty
 * @param promiscuous     promiscuous mode
 */
public record LiveCaptureSettings(String interfaceName, String netns, int snaplen, int bufferBytes, int readTimeoutMs,
    String filter, boolean promiscuous) {

  public static final String INTERFACE = "capture.interface";
  public static final String NETNS = "capture.netns";
  public static final String SNAPLEN = "capture.snaplen";
  public static final String BUFFER_BYTES = "capture.buffer.bytes";
  public static final String READ_TIMEOUT_MS = "capture.read.timeout.ms";
  public static final String FILTER = "capture.filter";
  public static final String PROMISCUOUS = "capture.promiscuous";

  public static ConfigDef configDef() {
    return new ConfigDef()
        .define(INTERFACE, Type.STRING, "any", Importance.HIGH,
            "Network interface to capture on; 'any' captures every interface of the node (Linux cooked headers), "
                + "which shows ClusterIP lookups before and after DNAT.")
        .define(NETNS, Type.STRING, "", Importance.LOW,
            "Network namespace to capture in (a name under /var/run/netns or a path like /proc/PID/ns/net); empty: "
                + "the agent's own (the host's, in the DaemonSet with hostNetwork).")
        .define(SNAPLEN, Type.INT, 8192, Range.between(128, 262_144), Importance.LOW,
            "Bytes kept of each packet: enough for EDNS answers of 4096 bytes. In immediate mode every packet takes "
                + "a ring slot of this size, so a larger snap length means fewer packets fit in the buffer.")
        .define(BUFFER_BYTES, Type.INT, 64 * 1024 * 1024, Range.atLeast(65_536), Importance.MEDIUM,
            "Kernel capture ring in bytes (about buffer / snaplen packets); raise it when "
                + "netsight_pcap_kernel_dropped_total grows.")
        .define(READ_TIMEOUT_MS, Type.INT, 100, Range.between(1, 10_000), Importance.LOW,
            "Milliseconds the capture thread waits for a packet before it advances the clock (fires timeouts).")
        .define(FILTER, Type.STRING, "", Importance.LOW,
            "BPF filter replacing the one the sources ask for (the OR of 'udp port 53 or tcp port 53' and TCP RST "
                + "for IPv4 and IPv6); empty: theirs.")
        .define(PROMISCUOUS, Type.BOOLEAN, false, Importance.LOW,
            "Put the interface in promiscuous mode (not needed on a node: pods' traffic crosses its interfaces).");
  }

  public static LiveCaptureSettings from(AbstractConfig c) {
    return new LiveCaptureSettings(c.getString(INTERFACE), c.getString(NETNS), c.getInt(SNAPLEN),
        c.getInt(BUFFER_BYTES), c.getInt(READ_TIMEOUT_MS), c.getString(FILTER), c.getBoolean(PROMISCUOUS));
  }
}
