package io.netsight.ingest.dns;

import io.netsight.schema.Micros;
import io.netsight.ingest.capture.CapturedRecord;
import io.netsight.ingest.capture.RecordSink;
import io.netsight.ingest.metrics.IngestMetrics;
import io.netsight.ingest.packet.DecodedPacket;
import io.netsight.ingest.packet.IpAddresses;
import io.netsight.schema.Topics;
import io.netsight.schema.v1.DnsAnswer;
import io.netsight.schema.v1.DnsOutcome;
import io.netsight.schema.v1.DnsTransaction;
import io.netsight.schema.v1.Transport;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs DNS queries with responses into {@link DnsTransaction} records, in event time.
 *
 * <p>A lookup is keyed by (client address, client port, DNS id, qname, qtype, transport): the server is deliberately
 * not in the key, because a node's {@code any} capture shows each message of a ClusterIP lookup twice, once with the
 * Service VIP and once with the CoreDNS pod after DNAT (and bridges add more copies). Copies of the query within
 * {@link DnsSettings#duplicateWindowMicros()} are one query: the first copy's destination is the server the client
 * chose ({@code serverIp}), a different destination is the backend ({@code backendIp}). A query copy after the window
 * is a retransmission. A response from either address completes the lookup; a response from a third address is the
 * translated reply whose query copy was not seen, so it becomes the backend. The transaction is emitted one window
 * after the first response copy, so that the client-side copy (from the VIP) sets the response time, and later copies
 * of the response are absorbed instead of counted as unmatched.
 *
 * <p>Memory is bounded: at most {@link DnsSettings#maxPending()} lookups; beyond, the oldest is dropped and counted.
 * Not thread-safe: one pairer per capture thread.
 */
public final class DnsTransactionPairer {

  private enum State { WAITING, HOLDING, DONE }

  /** The lookup key; hand-written equals/hashCode: it is built and hashed for every DNS packet. */
  private static final class Key {
    final long hi;
    final long lo;
    final int portAndId;
    final int typeAndTransport;
    final String qname;
    final int hash;

    Key(long hi, long lo, int portAndId, int typeAndTransport, String qname) {
      this.hi = hi;
      this.lo = lo;
      this.portAndId = portAndId;
      this.typeAndTransport = typeAndTransport;
      this.qname = qname;
      int h = Long.hashCode(lo) * 31 + Long.hashCode(hi);
      h = h * 31 + portAndId;
      h = h * 31 + typeAndTransport;
      this.hash = h * 31 + qname.hashCode();
    }

    long hi() {
      return hi;
    }

    long lo() {
      return lo;
    }

    int portAndId() {
      return portAndId;
    }

    int typeAndTransport() {
      return typeAndTransport;
    }

    String qname() {
      return qname;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.hash == hash && k.lo == lo && k.hi == hi && k.portAndId == portAndId
          && k.typeAndTransport == typeAndTransport && k.qname.equals(qname);
    }
  }

  /** Text of recently formatted addresses: a node's lookups come from few pods and go to one or two servers. */
  private final long[] cacheHi = new long[256];
  private final long[] cacheLo = new long[256];
  private final String[] cacheText = new String[256];

  private String address(long hi, long lo) {
    int slot = (int) ((lo ^ (lo >>> 17) ^ hi) & 255);
    String s = cacheText[slot];
    if (s != null && cacheLo[slot] == lo && cacheHi[slot] == hi) {
      return s;
    }
    s = IpAddresses.format(hi, lo);
    cacheHi[slot] = hi;
    cacheLo[slot] = lo;
    cacheText[slot] = s;
    return s;
  }

  private static final class Lookup {
    final Key key;
    final long firstMicros;
    long roundMicros;
    int retransmissions;
    final long serverHi;
    final long serverLo;
    final int serverPort;
    boolean hasBackend;
    long backendHi;
    long backendLo;
    int backendPort;
    final Transport transport;
    final int ednsUdpSize;
    final String interfaceName;
    State state = State.WAITING;
    long firstResponseMicros;
    long responseMicros;
    boolean clientSideResponse;
    int rcode;
    boolean truncated;
    int answerCount;
    List<DnsAnswer> answers;

    Lookup(Key key, long ts, long serverHi, long serverLo, int serverPort, Transport transport, int ednsUdpSize,
        String interfaceName) {
      this.key = key;
      this.firstMicros = ts;
      this.roundMicros = ts;
      this.serverHi = serverHi;
      this.serverLo = serverLo;
      this.serverPort = serverPort;
      this.transport = transport;
      this.ednsUdpSize = ednsUdpSize;
      this.interfaceName = interfaceName;
    }

    boolean isServer(long hi, long lo) {
      return hi == serverHi && lo == serverLo;
    }
  }

  private final String node;
  private final DnsSettings settings;
  private final IngestMetrics metrics;
  private final RecordSink sink;
  private final DnsMessageDecoder decoder;
  private final Map<Key, Lookup> pending = new HashMap<>();
  /** Every pending lookup in query-time order (DONE ones are removed lazily). */
  private final ArrayDeque<Lookup> byQueryTime = new ArrayDeque<>();
  /** Answered lookups in response-time order, waiting one duplicate window before they are emitted. */
  private final ArrayDeque<Lookup> byResponseTime = new ArrayDeque<>();

  public DnsTransactionPairer(String node, DnsSettings settings, IngestMetrics metrics, RecordSink sink,
      DnsMessageDecoder decoder) {
    this.node = node;
    this.settings = settings;
    this.metrics = metrics;
    this.sink = sink;
    this.decoder = decoder;
  }

  /** A decoded DNS message carried by {@code p} (for TCP: the segment that completed it). */
  public void onMessage(DecodedPacket p, DnsMessage m, Transport transport) {
    long ts = p.timestampMicros;
    if (!m.response) {
      metrics.dnsQueries.inc();
      Key key = new Key(p.srcHi(), p.srcLo(), (p.srcPort << 16) | m.id, (m.qtype << 2) | transport.ordinal(),
          m.qname);
      Lookup l = pending.get(key);
      if (l == null) {
        if (pending.size() >= settings.maxPending()) {
          evictOldest();
        }
        l = new Lookup(key, ts, p.dstHi(), p.dstLo(), p.dstPort, transport, m.edns ? m.ednsUdpSize : -1,
            p.interfaceName);
        pending.put(key, l);
        byQueryTime.addLast(l);
        metrics.dnsPending(pending.size());
      } else if (l.state == State.WAITING && ts - l.roundMicros > settings.duplicateWindowMicros()) {
        l.retransmissions++;
        l.roundMicros = ts;
        metrics.dnsRetransmissions.inc();
      } else {
        metrics.dnsDuplicateCopies.inc();
        if (!l.hasBackend && !l.isServer(p.dstHi(), p.dstLo())) {
          setBackend(l, p.dstHi(), p.dstLo(), p.dstPort);
        }
      }
      return;
    }
    metrics.dnsResponses.inc();
    Key key = new Key(p.dstHi(), p.dstLo(), (p.dstPort << 16) | m.id, (m.qtype << 2) | transport.ordinal(),
        m.qname);
    Lookup l = pending.get(key);
    if (l == null) {
      metrics.dnsUnmatchedResponses.inc();
      return;
    }
    boolean fromServer = l.isServer(p.srcHi(), p.srcLo());
    if (l.state == State.WAITING) {
      if (!fromServer && !l.hasBackend) {
        setBackend(l, p.srcHi(), p.srcLo(), p.srcPort);
      }
      l.state = State.HOLDING;
      l.firstResponseMicros = ts;
      l.responseMicros = ts;
      l.clientSideResponse = fromServer;
      l.rcode = m.rcode();
      l.truncated = m.truncated;
      l.answerCount = m.answerCount;
      l.answers = m.answerCount == 0 ? List.of() : decoder.answers(m, metrics);
      byResponseTime.addLast(l);
    } else {
      metrics.dnsDuplicateCopies.inc();
      if (fromServer && !l.clientSideResponse) {
        l.responseMicros = ts; // the copy that reached the client's side of the capture
        l.clientSideResponse = true;
      }
    }
  }

  private static void setBackend(Lookup l, long hi, long lo, int port) {
    l.hasBackend = true;
    l.backendHi = hi;
    l.backendLo = lo;
    l.backendPort = port;
  }

  /** Emits answered lookups whose duplicate window passed and queries that timed out. */
  public void advanceTo(long nowMicros) {
    while (!byResponseTime.isEmpty()) {
      Lookup l = byResponseTime.peekFirst();
      if (l.state == State.DONE) {
        byResponseTime.pollFirst();
      } else if (l.firstResponseMicros + settings.duplicateWindowMicros() <= nowMicros) {
        byResponseTime.pollFirst();
        emit(l, DnsOutcome.ANSWERED);
      } else {
        break;
      }
    }
    while (!byQueryTime.isEmpty()) {
      Lookup l = byQueryTime.peekFirst();
      if (l.state == State.DONE) {
        byQueryTime.pollFirst();
      } else if (l.state == State.WAITING && l.firstMicros + settings.timeoutMicros() <= nowMicros) {
        byQueryTime.pollFirst();
        emit(l, DnsOutcome.TIMEOUT);
      } else {
        break; // an answered head leaves within one window; timeouts behind it wait that long at most
      }
    }
  }

  /**
   * The query time of the oldest lookup not emitted yet (answered ones too: they are in query-time order as well).
   * Packets a few milliseconds out of order (several CPUs feed an 'any' capture) make this approximate; replay keeps
   * a slack for that.
   */
  public long pendingSinceMicros() {
    while (!byQueryTime.isEmpty() && byQueryTime.peekFirst().state == State.DONE) {
      byQueryTime.pollFirst();
    }
    return byQueryTime.isEmpty() ? Long.MAX_VALUE : byQueryTime.peekFirst().firstMicros;
  }

  /** End of input: answered lookups are emitted, the rest become UNKNOWN (the capture ended before the timeout). */
  public void finish() {
    for (Lookup l : byResponseTime) {
      if (l.state == State.HOLDING) {
        emit(l, DnsOutcome.ANSWERED);
      }
    }
    byResponseTime.clear();
    for (Lookup l : byQueryTime) {
      if (l.state == State.WAITING) {
        emit(l, DnsOutcome.UNKNOWN);
      }
    }
    byQueryTime.clear();
    pending.clear();
    metrics.dnsPending(0);
  }

  private void evictOldest() {
    while (!byQueryTime.isEmpty()) {
      Lookup l = byQueryTime.pollFirst();
      if (l.state == State.HOLDING) {
        emit(l, DnsOutcome.ANSWERED); // it has its response: emit early rather than lose it
        return;
      }
      if (l.state == State.WAITING) {
        l.state = State.DONE;
        pending.remove(l.key);
        metrics.dnsPendingEvicted.inc();
        return;
      }
    }
  }

  private void emit(Lookup l, DnsOutcome outcome) {
    l.state = State.DONE;
    pending.remove(l.key);
    metrics.dnsPending(pending.size());
    String client = address(l.key.hi(), l.key.lo());
    boolean answered = outcome == DnsOutcome.ANSWERED;
    switch (outcome) {
      case ANSWERED -> metrics.transactionsAnswered.inc();
      case TIMEOUT -> metrics.transactionsTimedOut.inc();
      default -> metrics.transactionsUnknown.inc();
    }
    // The all-arguments constructor in schema order: the builder deep-copies defaults, too slow for the packet path.
    DnsTransaction t = new DnsTransaction(
        node,
        Micros.toInstant(l.firstMicros),
        client,
        l.key.portAndId() >>> 16,
        address(l.serverHi, l.serverLo),
        l.serverPort,
        l.hasBackend ? address(l.backendHi, l.backendLo) : null,
        l.hasBackend ? l.backendPort : null,
        l.transport,
        l.key.portAndId() & 0xffff,
        l.key.qname(),
        DnsTypes.mnemonic(l.key.typeAndTransport() >>> 2),
        outcome,
        answered ? DnsTypes.rcode(l.rcode) : null,
        answered ? l.rcode : null,
        answered ? Micros.toInstant(l.responseMicros) : null,
        answered ? l.responseMicros - l.firstMicros : null,
        answered ? l.answers : List.of(),
        answered ? l.answerCount : 0,
        answered && l.truncated,
        l.ednsUdpSize >= 0 ? l.ednsUdpSize : null,
        l.retransmissions,
        l.interfaceName);
    sink.accept(new CapturedRecord(Topics.CAPTURE_DNS, client, l.firstMicros, t));
  }

}
