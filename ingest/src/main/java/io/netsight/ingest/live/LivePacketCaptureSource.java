package io.netsight.ingest.live;

import io.netsight.ingest.capture.CaptureSource;
import io.netsight.ingest.capture.PacketAnalyzer;
import io.netsight.ingest.capture.PacketPipeline;
import io.netsight.ingest.capture.SourceContext;
import io.netsight.ingest.capture.SourceHealth;
import io.netsight.ingest.packet.CapturedPacket;
import io.netsight.ingest.packet.LinkType;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.RawPacketListener;
import org.pcap4j.packet.namednumber.DataLinkType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live capture behind every packet analyzer: one libpcap handle (pcap4j 1.8.2, immediate mode, the OR of the
 * analyzers' BPF filters), read on one thread with the raw-packet API; decoding is netsight's own
 * ({@link PacketPipeline}). On {@code any} it asks for Linux cooked v2 headers, whose interface index names the veth
 * a packet crossed. libpcap's own counters are read on the capture thread (a pcap handle is not thread-safe) and
 * exported as metrics.
 */
public final class LivePacketCaptureSource implements CaptureSource {

  private static final Logger LOG = LoggerFactory.getLogger(LivePacketCaptureSource.class);
  private static final long STATS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long INTERFACE_NAMES_TTL_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final SourceContext context;
  private final LiveCaptureSettings settings;
  private final List<PacketAnalyzer> analyzers;
  private final String filter;
  private final CountDownLatch opened = new CountDownLatch(1);
  private volatile boolean running;
  private volatile Throwable lastError;
  private volatile Thread thread;
  private volatile String linkTypeName = "not open";
  // libpcap counters: those of handles already closed (restarts) plus the current one
  private volatile long received;
  private volatile long droppedKernel;
  private volatile long droppedInterface;
  private long receivedBefore;
  private long droppedKernelBefore;
  private long droppedInterfaceBefore;
  private boolean closed;

  public LivePacketCaptureSource(SourceContext context, LiveCaptureSettings settings, List<PacketAnalyzer> analyzers) {
    this.context = context;
    this.settings = settings;
    this.analyzers = List.copyOf(analyzers);
    this.filter = settings.filter().isBlank() ? combinedFilter(analyzers) : settings.filter();
    context.metrics().counter("netsight_pcap_received_total",
        "Packets libpcap received (ps_recv) on the capture handle.", () -> received);
    context.metrics().counter("netsight_pcap_kernel_dropped_total",
        "Packets dropped because the kernel capture buffer was full (ps_drop): raise capture.buffer.bytes.",
        () -> droppedKernel);
    context.metrics().counter("netsight_pcap_interface_dropped_total",
        "Packets dropped by the interface or its driver (ps_ifdrop).", () -> droppedInterface);
  }

  /** The OR of the analyzers' filters. */
  public static String combinedFilter(List<PacketAnalyzer> analyzers) {
    return analyzers.stream().map(a -> "(" + a.bpfFilter() + ")").distinct().collect(Collectors.joining(" or "));
  }

  @Override
  public String name() {
    return analyzers.stream().map(PacketAnalyzer::name).collect(Collectors.joining("+", "packets[", "]"));
  }

  public String filter() {
    return filter;
  }

  @Override
  public synchronized void start() throws Exception {
    running = true;
    lastError = null;
    Thread t = new Thread(this::run, "netsight-capture-" + settings.interfaceName());
    t.setDaemon(true);
    thread = t;
    t.start();
    // Surface an open failure (no such interface, no permission, bad filter) to the caller rather than later.
    if (!opened.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the capture on " + settings.interfaceName() + " did not open within 30 s");
    }
    if (lastError != null) {
      Throwable e = lastError;
      close();
      throw e instanceof Exception ex ? ex : new IllegalStateException(e);
    }
  }

  private void run() {
    PcapHandle handle = null;
    PacketPipeline pipeline = null;
    try {
      if (!settings.netns().isBlank()) {
        NetworkNamespaces.enter(settings.netns());
      }
      handle = open();
      Map<Integer, String> names = new HashMap<>();
      long[] namesAt = {System.nanoTime()};
      pipeline = new PacketPipeline(analyzers, context.metrics(), index -> {
        if (System.nanoTime() - namesAt[0] > INTERFACE_NAMES_TTL_NANOS) {
          names.clear(); // interfaces come and go with pods; indexes can be reused
          namesAt[0] = System.nanoTime();
        }
        // "" remembers an index with no interface (gone already), so it is not looked up for every packet.
        String name = names.computeIfAbsent(index, i -> {
          String n = NetworkNamespaces.interfaceName(i);
          return n == null ? "" : n;
        });
        return name.isEmpty() ? null : name;
      });
      int linkType = handle.getDlt().value();
      linkTypeName = LinkType.name(linkType);
      LOG.info("Capturing on {}{} ({}, snaplen {}, buffer {} bytes), filter: {}", settings.interfaceName(),
          settings.netns().isBlank() ? "" : " in network namespace " + settings.netns(), linkTypeName,
          settings.snaplen(), settings.bufferBytes(), filter);
      opened.countDown();
      loop(handle, pipeline, linkType);
    } catch (Throwable e) {
      lastError = e;
      if (opened.getCount() == 0 && running) {
        LOG.error("Capture on {} failed: {}", settings.interfaceName(), e.toString());
        context.failed(e);
      }
    } finally {
      opened.countDown();
      if (pipeline != null) {
        pipeline.finish(); // on this thread: the analyzers are single-threaded
      }
      if (handle != null) {
        readStats(handle);
        receivedBefore = received;
        droppedKernelBefore = droppedKernel;
        droppedInterfaceBefore = droppedInterface;
        handle.close();
      }
    }
  }

  private PcapHandle open() throws Exception {
    PcapHandle handle = new PcapHandle.Builder(settings.interfaceName())
        .snaplen(settings.snaplen())
        .promiscuousMode(settings.promiscuous() ? PcapNetworkInterface.PromiscuousMode.PROMISCUOUS
            : PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
        .timeoutMillis(settings.readTimeoutMs())
        .bufferSize(settings.bufferBytes())
        .immediateMode(true)
        .build();
    try {
      if (handle.getDlt().value() == LinkType.LINUX_SLL) {
        // Cooked v2 carries the interface index; libpcap >= 1.10 offers it on 'any' when asked.
        for (DataLinkType dlt : handle.listDatalinks()) {
          if (dlt.value() == LinkType.LINUX_SLL2) {
            handle.setDlt(dlt);
            break;
          }
        }
      }
      if (!LinkType.supported(handle.getDlt().value())) {
        throw new IllegalArgumentException("interface " + settings.interfaceName() + " has "
            + LinkType.name(handle.getDlt().value()) + ", which netsight does not decode");
      }
      handle.setFilter(filter, BpfProgram.BpfCompileMode.OPTIMIZE);
      return handle;
    } catch (Exception e) {
      handle.close();
      throw e;
    }
  }

  private void loop(PcapHandle handle, PacketPipeline pipeline, int linkType) throws Exception {
    CapturedPacket packet = new CapturedPacket();
    int[] delivered = {0};
    // Raw API: pcap4j copies each packet into a byte[] and makes its Timestamp; no packet dissection.
    RawPacketListener listener = raw -> {
      Timestamp ts = handle.getTimestamp();
      long micros = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000L + ts.getNanos() / 1000;
      Integer orig = handle.getOriginalLength();
      packet.set(micros, linkType, raw, 0, raw.length, orig == null ? raw.length : orig);
      packet.interfaceName = settings.interfaceName();
      pipeline.onPacket(packet);
      delivered[0]++;
    };
    // In immediate mode libpcap uses TPACKET_V2 and polls without a timeout, so an idle capture would never return
    // and timeouts would never fire. pcap_breakloop wakes that poll (through libpcap's eventfd), so a waker calls it
    // every read timeout. pcap_dispatch, unlike pcap_next, has handed every packet it read to the listener when it
    // returns "broken": no packet is lost to a wake-up.
    Thread waker = new Thread(() -> {
      while (running) {
        try {
          Thread.sleep(settings.readTimeoutMs());
          handle.breakLoop();
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          LOG.debug("breakloop: {}", e.toString());
          return; // the handle is closed
        }
      }
    }, "netsight-capture-waker");
    waker.setDaemon(true);
    waker.start();
    long statsAt = System.nanoTime();
    try {
      while (running) {
        delivered[0] = 0;
        try {
          handle.dispatch(-1, listener);
        } catch (InterruptedException woken) {
          // pcap4j's word for "broken by pcap_breakloop", not a thread interrupt
        }
        if (delivered[0] == 0) {
          // Nothing was waiting in the ring: every packet up to now is processed, so the wall clock is event time.
          pipeline.advanceTo(System.currentTimeMillis() * 1000L);
        }
        if (System.nanoTime() - statsAt > STATS_EVERY_NANOS) {
          statsAt = System.nanoTime();
          readStats(handle);
        }
      }
    } finally {
      waker.interrupt();
      waker.join(1000);
    }
  }

  private void readStats(PcapHandle handle) {
    try {
      PcapStat s = handle.getStats();
      received = receivedBefore + s.getNumPacketsReceived();
      droppedKernel = droppedKernelBefore + s.getNumPacketsDropped();
      droppedInterface = droppedInterfaceBefore + s.getNumPacketsDroppedByIf();
    } catch (Exception e) {
      LOG.debug("pcap_stats failed: {}", e.toString());
    }
  }

  @Override
  public SourceHealth health() {
    Thread t = thread;
    String detail = String.format("%s on %s (%s): %d received, %d dropped by the kernel, %d by the interface",
        name(), settings.interfaceName(), linkTypeName, received, droppedKernel, droppedInterface);
    return t != null && t.isAlive() && running ? SourceHealth.up(name(), detail) : SourceHealth.down(name(), detail, lastError);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    running = false;
    Thread t = thread;
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
