package io.netsight.ingest.sourcekit;

import io.netsight.ingest.agent.AgentConfig;
import io.netsight.ingest.capture.CaptureSource;
import io.netsight.ingest.capture.CaptureSourceRegistry;
import io.netsight.ingest.capture.SourceContext;
import io.netsight.ingest.capture.SourceHealth;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Registers the kernel-log, conntrack, conntrack-stats and kube-proxy sources in the agent's
 * {@link CaptureSourceRegistry}: each {@link NodeSource} behind the agent's {@link CaptureSource} interface, created
 * from the agent's configuration, its records going to the agent's sink, its metrics to the agent's registry, its raw
 * input to {@code agent.record.dir} when set.
 */
public final class NodeCaptureSources {

  private NodeCaptureSources() {
  }

  /** Adds every source of this kit to the registry. */
  public static CaptureSourceRegistry registerAll(CaptureSourceRegistry registry) {
    for (String name : NodeSources.NAMES) {
      registry.register(name, factory(name));
    }
    return registry;
  }

  static CaptureSource.Factory factory(String name) {
    return new CaptureSource.Factory() {
      @Override
      public ConfigDef config() {
        return NodeSources.configDef(name);
      }

      @Override
      public CaptureSource create(SourceContext context) {
        Path recordDir = context.config() instanceof AgentConfig a ? a.recordDir() : null;
        return new Adapter(NodeSources.create(name, context.node(), context.config(), context.metrics().registry(),
            context.sink(), recordDir, context::failed));
      }
    };
  }

  /** A NodeSource as the agent's CaptureSource. */
  static final class Adapter implements CaptureSource {

    private final NodeSource source;

    Adapter(NodeSource source) {
      this.source = source;
    }

    @Override
    public String name() {
      return source.name();
    }

    @Override
    public void start() throws Exception {
      source.start();
    }

    @Override
    public SourceHealth health() {
      String detail = source.detail();
      return source.healthy() ? SourceHealth.up(source.name(), detail)
          : SourceHealth.down(source.name(), detail, null);
    }

    @Override
    public void close() {
      source.close();
    }

    NodeSource source() {
      return source;
    }
  }
}
