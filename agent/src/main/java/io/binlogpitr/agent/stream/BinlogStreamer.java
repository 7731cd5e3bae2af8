package io.binlogpitr.agent.stream;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.network.AuthenticationException;
import com.github.shyiko.mysql.binlog.network.ServerException;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the source's binlog as a replica, with GTID auto-positioning from the journal's own GTID set, into a
 * {@link TransactionSink}. Each connection starts from what the journal holds, so a reconnect can neither skip nor
 * repeat a transaction; a transaction cut by a disconnect is aborted and received again whole.
 *
 * <p>Transient failures (network, source restart, a killed connection, a damaged event) are retried with
 * exponential backoff, each attempt logged. Failures retrying cannot fix (GTIDs the source purged, rejected
 * credentials, a protocol violation) end {@link #run()} with a {@link PitrException}.
 */
public final class BinlogStreamer {
    private static final Logger LOG = LoggerFactory.getLogger(BinlogStreamer.class);
    /** ER_MASTER_FATAL_ERROR_READING_BINLOG: purged GTIDs, missing binlog, duplicate server id. */
    private static final int ER_SOURCE_FATAL_ERROR_READING_BINLOG = 1236;

    private final StreamSettings settings;
    private final TransactionSink sink;
    private final Supplier<GtidSet> resumeFrom;
    private final PurgedGapReporter gapReporter;
    private final Runnable beforeConnect;
    private final StreamStats stats;
    private final TransactionAssembler assembler;
    private final RawEventCapture capture;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private volatile boolean stopping;
    private volatile BinaryLogClient client;
    private volatile Exception connectionFailure;
    private volatile String droppedBecause;

    /** Names the GTIDs the source no longer has, for the error that ends streaming. */
    public interface PurgedGapReporter {
        PitrException purgedGap(GtidSet journal, String serverMessage);
    }

    /**
     * {@code beforeConnect} runs before each replication login; the agent uses it for a JDBC login, which both
     * tells an unreachable source (retried) from rejected credentials (fatal) and fills the source's
     * caching_sha2_password cache, which a replication login over plain TCP needs after a source restart.
     */
    public BinlogStreamer(
            StreamSettings settings,
            TransactionSink sink,
            Supplier<GtidSet> resumeFrom,
            PurgedGapReporter gapReporter,
            Runnable beforeConnect,
            StreamStats stats) {
        this.settings = settings;
        this.sink = sink;
        this.resumeFrom = resumeFrom;
        this.gapReporter = gapReporter;
        this.beforeConnect = beforeConnect;
        this.stats = stats;
        this.assembler = new TransactionAssembler(sink, stats);
        this.capture = new RawEventCapture(assembler);
    }

    /** Streams until {@link #stop()} (returns normally) or a failure retrying cannot fix (throws). */
    public void run() throws InterruptedException {
        Thread watchdog = startWatchdog();
        try {
            Duration backoff = settings.initialBackoff();
            int attempt = 0;
            while (!stopping) {
                long transactionsBefore = stats.transactions();
                long started = System.nanoTime();
                String reason = connectOnce();
                if (stopping) {
                    break;
                }
                boolean madeProgress = stats.transactions() > transactionsBefore
                        || System.nanoTime() - started > TimeUnit.SECONDS.toNanos(30);
                if (madeProgress) {
                    backoff = settings.initialBackoff();
                    attempt = 0;
                }
                attempt++;
                stats.reconnecting();
                LOG.warn(
                        "replication from {} stopped ({}); reconnecting in {} ms (attempt {})",
                        settings.address(),
                        reason,
                        backoff.toMillis(),
                        attempt);
                if (stopped.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
                backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0
                        ? settings.maxBackoff()
                        : backoff.multipliedBy(2);
            }
        } finally {
            watchdog.interrupt();
            assembler.connectionLost();
            stats.connected(false);
        }
    }

    /** One connection, from connect to disconnect; returns why it ended, or throws if that is fatal. */
    private String connectOnce() {
        try {
            beforeConnect.run();
        } catch (PitrException e) {
            if (e.code() == ErrorCode.SOURCE_UNREACHABLE) {
                stats.errorSeen(e.code());
                return e.getMessage();
            }
            throw e;
        }
        GtidSet from = resumeFrom.get();
        BinaryLogClient c = new BinaryLogClient(settings.host(), settings.port(), settings.user(), settings.password());
        c.setServerId(settings.serverId());
        c.setGtidSet(from.toString());
        c.setKeepAlive(false);
        c.setHeartbeatInterval(settings.heartbeat().toMillis());
        c.setConnectTimeout(10_000);
        capture.resetForConnect();
        c.setEventDeserializer(capture);
        connectionFailure = null;
        droppedBecause = null;
        c.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onConnect(BinaryLogClient connected) {
                stats.connected(true);
                LOG.info(
                        "connected to {} as replica server id {} (connection {}), resuming after {}",
                        settings.address(),
                        settings.serverId(),
                        connected.getConnectionId(),
                        from.isEmpty() ? "nothing (from the oldest binlog)" : from.abbreviated());
            }

            @Override
            public void onCommunicationFailure(BinaryLogClient failed, Exception ex) {
                connectionFailure = ex;
            }
        });
        client = c;
        try {
            if (stopping) {
                return "stopping";
            }
            c.connect();
        } catch (AuthenticationException e) {
            throw new PitrException(
                    ErrorCode.SOURCE_ACCESS_DENIED,
                    "source " + settings.address() + " refused the replication login of '" + settings.user() + "': "
                            + e.getMessage(),
                    "check source.user and the password in source.passwordFile or PITR_SOURCE_PASSWORD",
                    e);
        } catch (ServerException e) {
            return classify(e, from);
        } catch (IOException e) {
            return "cannot connect: " + rootMessage(e);
        } finally {
            client = null;
            stats.connected(false);
            assembler.connectionLost();
        }
        return endOfStream(from);
    }

    private String endOfStream(GtidSet from) {
        RuntimeException ours = capture.failure();
        if (ours instanceof StreamProtocolException) {
            throw new PitrException(
                    ErrorCode.REPLICATION_FAILED,
                    ours.getMessage(),
                    "nothing partial was journaled; report this with the source version and binlog position",
                    ours);
        }
        if (ours instanceof PitrException p) {
            throw p; // the journal failed (disk full, I/O): stop, the sink already said why
        }
        if (ours != null) {
            return ours.getMessage();
        }
        if (droppedBecause != null) {
            return droppedBecause;
        }
        Exception failure = connectionFailure;
        if (failure instanceof ServerException se) {
            return classify(se, from);
        }
        return failure == null ? "the source closed the connection" : rootMessage(failure);
    }

    private String classify(ServerException e, GtidSet from) {
        if (e.getErrorCode() == ER_SOURCE_FATAL_ERROR_READING_BINLOG) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains("purged")) {
                throw gapReporter.purgedGap(from, message);
            }
            throw new PitrException(
                    ErrorCode.REPLICATION_FAILED,
                    "source " + settings.address() + " refused to stream: " + message + " (MySQL error 1236)",
                    "if another replica or agent uses server id " + settings.serverId()
                            + ", give this agent a unique source.serverId",
                    e);
        }
        if (e.getErrorCode() == 1045 || e.getErrorCode() == 1227) {
            throw new PitrException(
                    ErrorCode.SOURCE_ACCESS_DENIED,
                    "source " + settings.address() + " refused replication to '" + settings.user() + "': "
                            + e.getMessage() + " (MySQL error " + e.getErrorCode() + ")",
                    "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO the agent's user",
                    e);
        }
        return "server error " + e.getErrorCode() + ": " + e.getMessage();
    }

    private Thread startWatchdog() {
        long silentLimit = settings.heartbeat().toNanos() * 4;
        Thread t = new Thread(
                () -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            Thread.sleep(Math.max(100, settings.heartbeat().toMillis() / 2));
                            BinaryLogClient c = client;
                            if (c != null && stats.connected() && stats.nanosSinceLastEvent() > silentLimit) {
                                LOG.warn(
                                        "no event or heartbeat from {} for {} ms; dropping the connection",
                                        settings.address(),
                                        TimeUnit.NANOSECONDS.toMillis(stats.nanosSinceLastEvent()));
                                droppedBecause = "no event or heartbeat for "
                                        + TimeUnit.NANOSECONDS.toMillis(stats.nanosSinceLastEvent())
                                        + " ms: network cut or source hung";
                                stats.connected(false);
                                disconnect(c);
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "pitr-stream-watchdog");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Ends {@link #run()}: disconnects now; an open transaction is aborted, to be received whole next time. */
    public void stop() {
        stopping = true;
        stopped.countDown();
        BinaryLogClient c = client;
        if (c != null) {
            disconnect(c);
        }
    }

    private static void disconnect(BinaryLogClient c) {
        try {
            c.disconnect();
        } catch (IOException e) {
            LOG.debug("disconnect failed: {}", e.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + t.getMessage();
    }
}
