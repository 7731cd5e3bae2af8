package io.binlogpitr.agent.stream;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MySqlGtid;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Benchmark ceiling: the connector alone, with its default {@code EventDeserializer} (every row event decoded into
 * Java values), reading the binlog as a replica into a sink that only counts. No journal, no checksum of ours, no
 * assembly into transactions. Used by {@code IngestBenchmark}; not part of the agent's data path.
 *
 * <p>Counts are split in two phases by the GTID number of the transaction an event belongs to: events of
 * transactions numbered above {@code splitAfterGno} (and the bookkeeping events between them) count in phase 1,
 * the rest in phase 0. The benchmark uses it to tell the workload's own events from those of its set-up.
 */
public final class NullSinkReader {
    /** Counts of one phase. Bytes are binlog event sizes as the source stores them (header, body, checksum). */
    public record Counts(long events, long rowEvents, long transactions, long bytes) {}

    /**
     * @param phases counts per phase (index 0: up to {@code splitAfterGno}, 1: after)
     * @param heartbeats heartbeats received (not counted as events)
     * @param nanos from the start of the connection to the end of the last transaction
     */
    public record Result(Counts[] phases, long heartbeats, long nanos) {
        public Counts total() {
            Counts a = phases[0];
            Counts b = phases[1];
            return new Counts(
                    a.events + b.events, a.rowEvents + b.rowEvents, a.transactions + b.transactions, a.bytes + b.bytes);
        }
    }

    private final long[] events = new long[2];
    private final long[] rowEvents = new long[2];
    private final long[] transactions = new long[2];
    private final long[] bytes = new long[2];
    private long heartbeats;
    private int phase;
    private boolean lastStarted;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Exception failure;
    private volatile long endNanos;

    private final String lastUuid;
    private final long lastGno;
    private final long splitAfterGno;

    private NullSinkReader(String lastUuid, long lastGno, long splitAfterGno) {
        this.lastUuid = lastUuid.toLowerCase(Locale.ROOT);
        this.lastGno = lastGno;
        this.splitAfterGno = splitAfterGno;
    }

    /**
     * Reads from the transactions after {@code fromGtidSet} up to and including the transaction {@code lastUuid:
     * lastGno}, then disconnects.
     */
    public static Result read(
            String host,
            int port,
            String user,
            String password,
            long serverId,
            String fromGtidSet,
            String lastUuid,
            long lastGno,
            long splitAfterGno,
            Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        NullSinkReader reader = new NullSinkReader(lastUuid, lastGno, splitAfterGno);
        BinaryLogClient client = new BinaryLogClient(host, port, user, password);
        client.setServerId(serverId);
        client.setGtidSet(fromGtidSet);
        client.setKeepAlive(false);
        client.registerEventListener(reader::onEvent);
        client.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onCommunicationFailure(BinaryLogClient c, Exception ex) {
                reader.fail(ex);
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient c, Exception ex) {
                reader.fail(ex);
            }
        });
        long started = System.nanoTime();
        try {
            client.connect(30_000);
            if (!reader.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("the null-sink reader did not reach " + lastUuid + ":" + lastGno + " within "
                        + timeout + " (" + (reader.events[0] + reader.events[1]) + " events read)");
            }
        } finally {
            client.disconnect();
        }
        if (reader.failure != null) {
            throw new IOException("null-sink reader failed: " + reader.failure, reader.failure);
        }
        Counts[] phases = new Counts[2];
        for (int i = 0; i < 2; i++) {
            phases[i] = new Counts(reader.events[i], reader.rowEvents[i], reader.transactions[i], reader.bytes[i]);
        }
        return new Result(phases, reader.heartbeats, reader.endNanos - started);
    }

    private void fail(Exception e) {
        if (done.getCount() > 0) {
            failure = e;
            done.countDown();
        }
    }

    private void onEvent(Event event) {
        if (done.getCount() == 0) {
            return;
        }
        EventHeaderV4 header = event.getHeader();
        EventType type = header.getEventType();
        if (type == EventType.HEARTBEAT) {
            heartbeats++;
            return;
        }
        if (type == EventType.GTID) {
            MySqlGtid gtid = ((GtidEventData) event.getData()).getMySqlGtid();
            long gno = gtid.getTransactionId();
            phase = gno > splitAfterGno ? 1 : 0;
            transactions[phase]++;
            lastStarted = gno == lastGno && gtid.getServerId().toString().equals(lastUuid);
        }
        events[phase]++;
        bytes[phase] += header.getEventLength();
        if (EventType.isRowMutation(type)) {
            rowEvents[phase]++;
        }
        if (lastStarted && endsTransaction(event, type)) {
            endNanos = System.nanoTime();
            done.countDown();
        }
    }

    private static boolean endsTransaction(Event event, EventType type) {
        if (type == EventType.XID || type == EventType.XA_PREPARE) {
            return true;
        }
        if (type == EventType.QUERY) {
            String sql = ((QueryEventData) event.getData()).getSql().trim();
            return !sql.equalsIgnoreCase("BEGIN");
        }
        return false;
    }
}
