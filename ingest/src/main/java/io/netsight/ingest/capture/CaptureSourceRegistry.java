package io.netsight.ingest.capture;

import io.netsight.ingest.dns.DnsAnalyzer;
import io.netsight.ingest.live.LiveCaptureSettings;
import io.netsight.ingest.live.LivePacketCaptureSource;
import io.netsight.ingest.reset.TcpResetAnalyzer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The agent's capture sources by name. Two kinds register here: a {@link CaptureSource.Factory} runs on its own
 * (kernel-log, conntrack, conntrack-stats, kube-proxy), and a {@link PacketAnalyzer.Factory} lives on packets: all enabled
 * analyzers share one live libpcap capture ({@link LivePacketCaptureSource}) and are what replay feeds from files.
 * Adding a source is one line in {@link #standard()}: its keys join the agent's configuration and {@code --help}.
 */
public final class CaptureSourceRegistry {

  private final Map<String, CaptureSource.Factory> sources = new LinkedHashMap<>();
  private final Map<String, PacketAnalyzer.Factory> analyzers = new LinkedHashMap<>();

  /** Every source netsight ships. */
  public static CaptureSourceRegistry standard() {
    return io.netsight.ingest.sourcekit.NodeCaptureSources.registerAll(new CaptureSourceRegistry()
        .registerPacketAnalyzer(DnsAnalyzer.NAME, DnsAnalyzer.factory())
        .registerPacketAnalyzer(TcpResetAnalyzer.NAME, TcpResetAnalyzer.factory()));
  }

  public CaptureSourceRegistry register(String name, CaptureSource.Factory factory) {
    checkNew(name);
    sources.put(name, factory);
    return this;
  }

  public CaptureSourceRegistry registerPacketAnalyzer(String name, PacketAnalyzer.Factory factory) {
    checkNew(name);
    analyzers.put(name, factory);
    return this;
  }

  private void checkNew(String name) {
    if (sources.containsKey(name) || analyzers.containsKey(name)) {
      throw new IllegalArgumentException("capture source '" + name + "' is registered twice");
    }
  }

  /** Every registered name, analyzers first, in registration order. */
  public Set<String> names() {
    Set<String> names = new LinkedHashSet<>(analyzers.keySet());
    names.addAll(sources.keySet());
    return names;
  }

  public Set<String> packetAnalyzerNames() {
    return analyzers.keySet();
  }

  /** The keys of every source (and of the shared live capture), to merge into a role's ConfigDef. */
  public ConfigDef configDef() {
    ConfigDef def = new ConfigDef(LiveCaptureSettings.configDef());
    analyzers.values().forEach(f -> addAll(def, f.config()));
    sources.values().forEach(f -> addAll(def, f.config()));
    return def;
  }

  /** The keys of the packet analyzers only (replay has no live capture). */
  public ConfigDef analyzerConfigDef() {
    ConfigDef def = new ConfigDef();
    analyzers.values().forEach(f -> addAll(def, f.config()));
    return def;
  }

  private static void addAll(ConfigDef into, ConfigDef from) {
    for (ConfigDef.ConfigKey k : from.configKeys().values()) {
      if (!into.names().contains(k.name)) {
        into.define(k);
      }
    }
  }

  /** Checks names against the registry; the message lists what exists. */
  public List<String> validate(Collection<String> names) {
    List<String> unknown = names.stream().filter(n -> !names().contains(n)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown capture source" + (unknown.size() > 1 ? "s " : " ") + unknown
          + "; the sources are " + String.join(", ", names()));
    }
    return List.copyOf(new LinkedHashSet<>(names));
  }

  /** The packet analyzers among {@code names}, created for a context (replay, bench, the live capture). */
  public List<PacketAnalyzer> createAnalyzers(Collection<String> names, SourceContext context) {
    List<PacketAnalyzer> list = new ArrayList<>();
    for (String n : validate(names)) {
      PacketAnalyzer.Factory f = analyzers.get(n);
      if (f != null) {
        list.add(f.create(context));
      }
    }
    return list;
  }

  /**
   * The sources for {@code names}: one live capture for all packet analyzers among them, then the others. The
   * sources are created, not started.
   */
  public List<CaptureSource> create(Collection<String> names, SourceContext context) {
    List<String> valid = validate(names);
    List<CaptureSource> list = new ArrayList<>();
    List<PacketAnalyzer> packet = createAnalyzers(valid, context);
    if (!packet.isEmpty()) {
      list.add(new LivePacketCaptureSource(context, LiveCaptureSettings.from(context.config()), packet));
    }
    for (String n : valid) {
      CaptureSource.Factory f = sources.get(n);
      if (f != null) {
        list.add(f.create(context));
      }
    }
    return list;
  }
}
