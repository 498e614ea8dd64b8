package io.netsight.app.analyze;

import io.netsight.ingest.lab.NamespaceLab;
import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.ingest.packet.CapturedPacket;
import io.netsight.ingest.pcap.CaptureFileReader;
import io.netsight.ingest.pcap.CaptureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * An incident recorded with the namespace lab, and the cluster state that goes with it: the lab's client pod
 * (10.244.1.2, ndots:5 in namespace default) is pod {@value #WEB_POD} of Deployment {@code web}; until shortly before
 * the capture the same address belonged to {@value #JOB_POD}, a pod of CronJob {@code report} that finished. The
 * capture is the node's {@code any} view (Linux cooked v2), where each DNS packet passes before and after the kube-dns
 * ClusterIP DNAT. This is what the demo bundles and what the analyze ITs record afresh.
 */
final class LabIncident {

  static final String WEB_POD = "web-7d9c5b6f4-x2x9q";
  static final String JOB_POD = "report-29397360-8xq2m";
  static final String PCAP = DemoCommand.PCAP;
  static final String SNAPSHOT = DemoCommand.SNAPSHOT;
  static final String WATCH = DemoCommand.WATCH;

  private LabIncident() {
  }

  /**
   * Records the demo scenario into a directory (as root, with the lab's tools): four lookups of api.example.com and
   * two of the Service {@code payments}, and the cluster state in which the web pod got its address 20 s before.
   * {@code app/src/main/resources/demo/README.md} says how to run it.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: LabIncident <directory>");
      System.exit(2);
    }
    Path dir = Files.createDirectories(Path.of(args[0]));
    Instant first = recordCapture(dir, 4, 2);
    writeCluster(dir, handoverBefore(first));
    System.out.println("recorded " + dir.resolve(PCAP) + " (first packet " + first + ") with " + SNAPSHOT + " and "
        + WATCH);
  }

  /** The hand-over 20 s before the capture (in whole seconds, as Kubernetes writes times): the web pod's lookups. */
  static Instant handoverBefore(Instant firstPacket) {
    return firstPacket.truncatedTo(ChronoUnit.SECONDS).minusSeconds(20);
  }

  /** The hand-over 5 min after the capture: the capture falls inside the Job pod's interval. */
  static Instant handoverAfter(Instant firstPacket) {
    return firstPacket.truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofMinutes(5));
  }

  /**
   * Records the capture into {@code dir}: {@code apiLookups} lookups of api.example.com (glibc: three NXDOMAIN search
   * expansions, then the name, A and AAAA each) and {@code serviceLookups} of the short Service name
   * {@code payments} (found by the first search suffix), one second apart.
   *
   * @return the time of the first packet
   */
  static Instant recordCapture(Path dir, int apiLookups, int serviceLookups) {
    Path pcap = dir.resolve(PCAP);
    try (NamespaceLab lab = NamespaceLab.start()) {
      NamespaceLab.Capture node = lab.captureNode(pcap);
      for (int i = 0; i < Math.max(apiLookups, serviceLookups); i++) {
        if (i < apiLookups) {
          expectOk(lab.lookup(NamespaceLab.API_NAME));
        }
        if (i < serviceLookups) {
          expectOk(lab.lookup("payments"));
        }
      }
      node.stop();
    }
    return firstPacket(pcap);
  }

  private static void expectOk(NamespaceLab.Result r) {
    if (r.exitCode() != 0) {
      throw new IllegalStateException("lookup failed in the lab: " + r);
    }
  }

  static Instant firstPacket(Path pcap) {
    try (CaptureFileReader reader = CaptureFiles.open(pcap, new IngestMetrics())) {
      CapturedPacket p = new CapturedPacket();
      if (!reader.next(p)) {
        throw new IllegalStateException(pcap + " holds no packet");
      }
      return Instant.EPOCH.plus(p.timestampMicros, ChronoUnit.MICROS);
    } catch (io.netsight.ingest.pcap.CaptureFileException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes the cluster state: a snapshot (node, kube-dns, CoreDNS, the owners) and a pod watch stream in which the
   * Job pod holds 10.244.1.2 from {@code handover - 10 min} until its container finished at {@code handover - 30 s},
   * and the web pod holds it from {@code handover} on.
   */
  static void writeCluster(Path dir, Instant handover) {
    Instant jobStart = handover.minus(Duration.ofMinutes(10));
    Instant jobDone = handover.minusSeconds(30);
    String snapshot = """
        # kubectl get nodes,services,endpointslices,replicasets,jobs,pods -A -o yaml (trimmed to what netsight reads)
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: Node
          metadata: {name: node-a, uid: 0b1d8f4e-node-a, creationTimestamp: "2026-11-01T00:00:00Z"}
          status:
            addresses:
            - {type: InternalIP, address: 192.168.10.11}
            - {type: Hostname, address: node-a}
        - apiVersion: v1
          kind: Service
          metadata:
            name: kube-dns
            namespace: kube-system
            uid: 5c1e2f3a-kube-dns
            creationTimestamp: "2026-11-01T00:00:00Z"
            labels: {k8s-app: kube-dns}
          spec:
            type: ClusterIP
            clusterIP: 10.96.0.10
            clusterIPs: [10.96.0.10]
            ports:
            - {name: dns, port: 53, protocol: UDP, targetPort: 53}
            - {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}
        - apiVersion: v1
          kind: Service
          metadata: {name: payments, namespace: default, uid: 77aa01b2-payments, creationTimestamp: "2026-11-01T00:00:00Z"}
          spec:
            type: ClusterIP
            clusterIP: 10.96.0.30
            clusterIPs: [10.96.0.30]
            ports:
            - {name: http, port: 80, protocol: TCP, targetPort: 8080}
        - apiVersion: discovery.k8s.io/v1
          kind: EndpointSlice
          metadata:
            name: kube-dns-7x2lq
            namespace: kube-system
            uid: 0c2d1e4f-kube-dns-slice
            creationTimestamp: "2026-11-01T00:00:00Z"
            labels: {kubernetes.io/service-name: kube-dns}
          addressType: IPv4
          ports:
          - {name: dns, port: 53, protocol: UDP}
          - {name: dns-tcp, port: 53, protocol: TCP}
          endpoints:
          - addresses: [10.244.2.2]
            conditions: {ready: true}
            nodeName: node-a
            targetRef: {kind: Pod, namespace: kube-system, name: coredns-5d78c9869d-k8vbn}
        - apiVersion: apps/v1
          kind: ReplicaSet
          metadata:
            name: web-7d9c5b6f4
            namespace: default
            uid: 3f9a5c1d-web-rs
            creationTimestamp: "2026-11-20T00:00:00Z"
            ownerReferences:
            - {apiVersion: apps/v1, kind: Deployment, name: web, uid: 9e8d7c6b-web, controller: true}
        - apiVersion: batch/v1
          kind: Job
          metadata:
            name: report-29397360
            namespace: default
            uid: 1a2b3c4d-report-job
            creationTimestamp: "%1$s"
            ownerReferences:
            - {apiVersion: batch/v1, kind: CronJob, name: report, uid: 6f5e4d3c-report, controller: true}
        - apiVersion: v1
          kind: Pod
          metadata:
            name: coredns-5d78c9869d-k8vbn
            namespace: kube-system
            uid: 8d7c6b5a-coredns
            creationTimestamp: "2026-11-01T00:00:00Z"
            labels: {k8s-app: kube-dns, pod-template-hash: 5d78c9869d}
            ownerReferences:
            - {apiVersion: apps/v1, kind: ReplicaSet, name: coredns-5d78c9869d, uid: 2b3c4d5e-coredns-rs, controller: true}
          spec:
            nodeName: node-a
            dnsPolicy: Default
            containers: [{name: coredns, image: registry.k8s.io/coredns/coredns:v1.11.3}]
          status:
            phase: Running
            startTime: "2026-11-01T00:00:01Z"
            podIP: 10.244.2.2
            podIPs: [{ip: 10.244.2.2}]
        """.formatted(jobStart);
    String watch = String.join("\n",
        event("ADDED", jobPod(jobStart, null)),
        event("MODIFIED", jobPod(jobStart, jobDone)),
        event("DELETED", jobPod(jobStart, jobDone)),
        event("ADDED", webPod(handover))) + "\n";
    try {
      Files.writeString(dir.resolve(SNAPSHOT), snapshot, StandardCharsets.UTF_8);
      Files.writeString(dir.resolve(WATCH), watch, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String event(String type, String object) {
    return "{\"type\":\"" + type + "\",\"object\":" + object + "}";
  }

  private static String jobPod(Instant start, Instant finished) {
    String status = finished == null
        ? "\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"report\",\"ready\":true,\"state\":{\"running\":"
            + "{\"startedAt\":\"" + start.plusSeconds(2) + "\"}}}]"
        : "\"phase\":\"Succeeded\",\"containerStatuses\":[{\"name\":\"report\",\"ready\":false,\"state\":"
            + "{\"terminated\":{\"exitCode\":0,\"reason\":\"Completed\",\"startedAt\":\"" + start.plusSeconds(2)
            + "\",\"finishedAt\":\"" + finished + "\"}}}]";
    return """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%1$s","namespace":"default","uid":"4c5d6e7f-report-pod",\
        "creationTimestamp":"%2$s","labels":{"job-name":"report-29397360"},"ownerReferences":[{"apiVersion":"batch/v1",\
        "kind":"Job","name":"report-29397360","uid":"1a2b3c4d-report-job","controller":true}]},\
        "spec":{"nodeName":"node-a","dnsPolicy":"ClusterFirst","restartPolicy":"Never","containers":[{"name":"report",\
        "image":"registry.example/report:1.4"}]},\
        "status":{%3$s,"startTime":"%2$s","podIP":"10.244.1.2","podIPs":[{"ip":"10.244.1.2"}],\
        "conditions":[{"type":"PodReadyToStartContainers","status":"True","lastTransitionTime":"%4$s"}]}}"""
        .formatted(JOB_POD, start, status, start.plusSeconds(1));
  }

  private static String webPod(Instant from) {
    return """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%1$s","namespace":"default","uid":"6f1c2a5e-web-pod",\
        "creationTimestamp":"%2$s","labels":{"app.kubernetes.io/name":"web","pod-template-hash":"7d9c5b6f4"},\
        "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-7d9c5b6f4",\
        "uid":"3f9a5c1d-web-rs","controller":true}]},\
        "spec":{"nodeName":"node-a","dnsPolicy":"ClusterFirst","containers":[{"name":"web","image":"nginx:1.27"}]},\
        "status":{"phase":"Running","startTime":"%3$s","podIP":"10.244.1.2","podIPs":[{"ip":"10.244.1.2"}],\
        "conditions":[{"type":"PodReadyToStartContainers","status":"True","lastTransitionTime":"%4$s"}],\
        "containerStatuses":[{"name":"web","ready":true,"state":{"running":{"startedAt":"%5$s"}}}]}}"""
        .formatted(WEB_POD, from.minusSeconds(2), from.minusSeconds(1), from, from.plusSeconds(1));
  }
}
