package io.netsight.enrich.publisher;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.SharedInformerFactory;
import io.netsight.enrich.identity.IdentityState;
import io.netsight.enrich.identity.Publication;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity publisher: fabric8 shared informers on Pods, Services, EndpointSlices and Nodes (and ReplicaSets and
 * Jobs, to resolve workloads), cluster-wide; thin handlers put each change on a bounded queue; one publisher thread
 * owns the {@link IdentityState} and, while this replica leads (a {@code coordination.k8s.io} Lease), writes what each
 * change implies. Every replica keeps its state current, so a new leader can republish everything at once. See
 * {@code DESIGN.md} in {@code io.netsight.enrich}.
 */
public final class IdentityPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IdentityPublisher.class);

  /** One unit of work for the publisher thread. */
  sealed interface Work permits Change, Synced, Leadership, Republish, Stop {
  }

  record Change(HasMetadata object, boolean deleted, Instant observedAt) implements Work {
  }

  record Synced() implements Work {
  }

  record Leadership(boolean leading) implements Work {
  }

  record Republish() implements Work {
  }

  record Stop() implements Work {
  }

  /** What health checks look at. */
  public record Health(boolean informersSynced, boolean leader, String currentLeader, boolean running,
      int queued, long published, String failure) {

    public boolean healthy() {
      return running && failure == null;
    }
  }

  private final KubernetesClient client;
  private final PublisherConfig config;
  private final BindingSink sink;
  private final Clock clock;
  private final BlockingQueue<Work> queue;
  private final IdentityState state;
  private final Map<Class<? extends HasMetadata>, SharedIndexInformer<? extends HasMetadata>> informers =
      new LinkedHashMap<>();
  private final AtomicBoolean synced = new AtomicBoolean();
  private final AtomicBoolean leading = new AtomicBoolean();
  private final AtomicReference<String> currentLeader = new AtomicReference<>("");
  private final AtomicLong published = new AtomicLong();
  private final AtomicReference<String> failure = new AtomicReference<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private SharedInformerFactory factory;
  private Thread worker;
  private ScheduledExecutorService scheduler;
  private CompletableFuture<?> election;

  public IdentityPublisher(KubernetesClient client, PublisherConfig config, BindingSink sink) {
    this(client, config, sink, Clock.systemUTC());
  }

  IdentityPublisher(KubernetesClient client, PublisherConfig config, BindingSink sink, Clock clock) {
    this.client = client;
    this.config = config;
    this.sink = sink;
    this.clock = clock;
    this.queue = new ArrayBlockingQueue<>(config.getInt(PublisherConfig.QUEUE_CAPACITY));
    this.state = new IdentityState(config.derivation());
  }

  /** Starts the informers, the publisher thread, the leader election and the republish schedule. */
  public synchronized void start() {
    worker = new Thread(this::run, "netsight-identity-publisher");
    worker.setDaemon(true);
    worker.start();

    long resync = config.duration(PublisherConfig.RESYNC).toMillis();
    factory = client.informers();
    // Owners first: their caches resolve workloads for the pods that follow.
    for (Class<? extends HasMetadata> type : List.of(ReplicaSet.class, Job.class, Node.class, Service.class,
        EndpointSlice.class, Pod.class)) {
      register(type, resync);
    }
    factory.startAllRegisteredInformers();
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "netsight-identity-scheduler");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(this::checkSynced, 100, 100, TimeUnit.MILLISECONDS);
    long republishMs = config.duration(PublisherConfig.REPUBLISH_INTERVAL).toMillis();
    scheduler.scheduleAtFixedRate(() -> enqueue(new Republish()), republishMs, republishMs, TimeUnit.MILLISECONDS);

    String identity = config.identity();
    election = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
            .withName("netsight-identity")
            .withLock(new LeaseLock(config.getString(PublisherConfig.LEASE_NAMESPACE),
                config.getString(PublisherConfig.LEASE_NAME), identity))
            .withLeaseDuration(config.duration(PublisherConfig.LEASE_DURATION))
            .withRenewDeadline(config.duration(PublisherConfig.RENEW_DEADLINE))
            .withRetryPeriod(config.duration(PublisherConfig.RETRY_PERIOD))
            .withReleaseOnCancel(true)
            .withLeaderCallbacks(new LeaderCallbacks(
                () -> enqueue(new Leadership(true)),
                () -> enqueue(new Leadership(false)),
                currentLeader::set))
            .build())
        .build().start();
    LOG.info("Identity publisher {} started: informers on pods, services, endpointslices, nodes (resync {} ms), "
        + "Lease {}/{}", identity, resync, config.getString(PublisherConfig.LEASE_NAMESPACE),
        config.getString(PublisherConfig.LEASE_NAME));
  }

  private <T extends HasMetadata> void register(Class<T> type, long resyncMs) {
    SharedIndexInformer<T> informer = factory.sharedIndexInformerFor(type, resyncMs);
    informer.addEventHandler(new IdentityEventHandler<>(queue, clock));
    informers.put(type, informer);
  }

  private void checkSynced() {
    if (!synced.get() && !informers.isEmpty() && informers.values().stream().allMatch(SharedIndexInformer::hasSynced)
        && synced.compareAndSet(false, true)) {
      enqueue(new Synced());
    }
  }

  public Health health() {
    return new Health(synced.get(), leading.get(), currentLeader.get(), worker != null && worker.isAlive(),
        queue.size(), published.get(), failure.get());
  }

  private void enqueue(Work work) {
    try {
      queue.put(work);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    boolean ready = false;
    boolean lead = false;
    try {
      while (true) {
        Work work = queue.take();
        if (work instanceof Stop) {
          return;
        }
        if (work instanceof Change c) {
          List<Publication> out = state.apply(c.object(), c.deleted(), c.observedAt());
          if (ready && lead) {
            publish(out);
          }
        } else if (work instanceof Synced) {
          ready = true;
          // The caches are complete: make sure the state holds every cached object (events may still be queued).
          for (SharedIndexInformer<? extends HasMetadata> informer : informers.values()) {
            for (HasMetadata o : informer.getStore().list()) {
              state.apply(o, false, clock.instant());
            }
          }
          LOG.info("Informers synced: {} addresses held", state.heldAddresses());
          if (lead) {
            restate("informers synced");
          }
        } else if (work instanceof Leadership l) {
          lead = l.leading();
          leading.set(lead);
          LOG.info(lead ? "Became the identity leader" : "Lost identity leadership; no longer publishing");
          if (lead && ready) {
            restate("became leader");
          }
        } else if (work instanceof Republish && lead && ready) {
          restate("periodic republish");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure.set(e.getMessage() == null ? e.toString() : e.getMessage());
      LOG.error("Identity publisher stopped: {}", e.toString(), e);
    } finally {
      leading.set(false);
    }
  }

  private void restate(String why) {
    List<Publication> all = state.restate(clock.instant());
    publish(all);
    LOG.info("Republished {} binding records ({})", all.size(), why);
  }

  private void publish(List<Publication> records) {
    if (records.isEmpty()) {
      return;
    }
    sink.send(new ArrayList<>(records));
    published.addAndGet(records.size());
  }

  /** Releases the Lease (a successor takes over at once), stops the informers and the thread. Idempotent. */
  @Override
  public synchronized void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (election != null) {
      election.cancel(true);
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    if (factory != null) {
      factory.stopAllRegisteredInformers();
    }
    if (worker != null) {
      queue.clear();
      queue.offer(new Stop());
      try {
        worker.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    sink.close();
  }
}
