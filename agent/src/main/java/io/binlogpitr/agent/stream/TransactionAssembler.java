package io.binlogpitr.agent.stream;

import io.binlogpitr.common.gtid.Gtid;
import java.util.Arrays;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the raw replication stream into whole transactions. A transaction starts at a GTID event and ends at
 * its XID, at a QUERY {@code COMMIT}/{@code ROLLBACK} (non-transactional engines), at the single QUERY of a DDL
 * (no {@code BEGIN} after the GTID), at an XA_PREPARE, or at a TRANSACTION_PAYLOAD (a compressed transaction is
 * whole inside it). Events outside transactions (rotate, format description, heartbeats) only update state.
 *
 * <p>Pure logic over byte arrays: no I/O, driven by {@link RawEventCapture} and unit-tested with built events.
 */
final class TransactionAssembler {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionAssembler.class);

    private final TransactionSink sink;
    private final StreamStats stats;
    private int checksumLength;
    private String binlogFile = "";
    private byte[] lastFormat;

    private boolean inTransaction;
    private boolean skipping;
    private boolean explicitBody;
    private Gtid current;
    private int eventsInTransaction;
    /** Until the first transaction of a connection is journaled: its position is logged as a milestone. */
    private boolean firstSinceConnect = true;

    TransactionAssembler(TransactionSink sink, StreamStats stats) {
        this.sink = sink;
        this.stats = stats;
    }

    /** Called when a connection ends: a transaction cut in the middle is dropped, to be re-sent after reconnect. */
    void connectionLost() {
        firstSinceConnect = true;
        if (inTransaction) {
            if (!skipping) {
                sink.abortTransaction();
                LOG.info(
                        "dropped the partial transaction {} ({} events) cut by the disconnect; it will be received again",
                        current,
                        eventsInTransaction);
            }
            reset();
        }
    }

    /** 4 when the connection negotiated CRC32 checksums, else 0. */
    void checksumLength(int length) {
        checksumLength = length;
    }

    boolean inTransaction() {
        return inTransaction;
    }

    /** The binlog file the next event comes from, as announced by the last ROTATE. */
    String binlogFile() {
        return binlogFile;
    }

    /** One whole raw event, checksum already verified. */
    void onEvent(byte[] ev, int length) {
        int type = RawEvents.type(ev);
        stats.eventReceived(type == EventTypes.HEARTBEAT || type == EventTypes.HEARTBEAT_V2, length);
        if (inTransaction) {
            inside(ev, length, type);
        } else {
            outside(ev, length, type);
        }
    }

    private void outside(byte[] ev, int length, int type) {
        switch (type) {
            case EventTypes.GTID -> begin(ev, length);
            case EventTypes.ROTATE -> {
                binlogFile = RawEvents.rotateFileName(ev, length, checksumLength);
                if (firstSinceConnect) {
                    LOG.info("reading binlog {} of the source", binlogFile);
                } else {
                    LOG.debug("binlog file is now {}", binlogFile);
                }
            }
            case EventTypes.FORMAT_DESCRIPTION -> format(ev, length);
            case EventTypes.GTID_TAGGED -> throw new StreamProtocolException(
                    "the source sent a tagged GTID (MySQL 8.4 'uuid:tag:n') at " + binlogFile + ":"
                            + startPosition(ev, length) + "; this version journals untagged GTIDs only");
            case EventTypes.ANONYMOUS_GTID -> throw new StreamProtocolException(
                    "the source sent an anonymous transaction at " + binlogFile + ":" + startPosition(ev, length)
                            + ": gtid_mode is no longer ON on the source");
            case EventTypes.INCIDENT -> {
                // without a GTID (gtid_mode not ON, which the pre-flight refuses) there is no transaction to journal
                stats.incidentJournaled();
                LOG.error(
                        "the source logged an INCIDENT event without a GTID at {}:{}: it may have lost changes that"
                                + " no binlog holds; it cannot be journaled, restores across this point may not be"
                                + " exact",
                        binlogFile,
                        startPosition(ev, length));
            }
            default -> {
                // heartbeats, PREVIOUS_GTIDS, STOP and other bookkeeping events carry no transaction data
            }
        }
    }

    private void format(byte[] ev, int length) {
        byte[] fde = Arrays.copyOf(ev, length);
        // the server resends the FDE at each connect and rotate; its timestamp and position differ, the layout not
        if (lastFormat == null || !Arrays.equals(withoutVolatileFields(lastFormat), withoutVolatileFields(fde))) {
            sink.recordFormat(fde, binlogFile);
            lastFormat = fde;
        }
    }

    private static byte[] withoutVolatileFields(byte[] fde) {
        byte[] copy = Arrays.copyOfRange(fde, RawEvents.HEADER_LENGTH, fde.length - RawEvents.CHECKSUM_LENGTH);
        // body: binlog version 2, server version 50, create timestamp 4, ...: blank the create timestamp
        Arrays.fill(copy, 52, 56, (byte) 0);
        return copy;
    }

    private void begin(byte[] ev, int length) {
        GtidEvent gtid = GtidEvent.parse(ev, length, checksumLength);
        inTransaction = true;
        explicitBody = false;
        current = gtid.gtid();
        eventsInTransaction = 1;
        skipping = sink.contains(current);
        if (skipping) {
            stats.duplicateSkipped();
            LOG.warn("skipping {}: the journal already holds it (the source re-sent it)", current);
            return;
        }
        sink.beginTransaction(
                current,
                gtid.originalCommitMicros(),
                gtid.immediateCommitMicros(),
                binlogFile,
                startPosition(ev, length));
        sink.appendEvent(ev, 0, length);
    }

    private void inside(byte[] ev, int length, int type) {
        switch (type) {
            case EventTypes.HEARTBEAT, EventTypes.HEARTBEAT_V2 -> {
                return;
            }
            case EventTypes.GTID,
                    EventTypes.GTID_TAGGED,
                    EventTypes.ANONYMOUS_GTID -> throw new StreamProtocolException("a new transaction started at "
                    + binlogFile + ":" + startPosition(ev, length) + " before " + current + " ended");
            case EventTypes.ROTATE, EventTypes.FORMAT_DESCRIPTION -> {
                // a rotate inside a transaction would be a server bug; keep state right, journal nothing
                outside(ev, length, type);
                return;
            }
            default -> {
                // part of the transaction
            }
        }
        eventsInTransaction++;
        if (!skipping) {
            sink.appendEvent(ev, 0, length);
        }
        if (endsTransaction(ev, length, type)) {
            if (!skipping) {
                long end = RawEvents.nextPosition(ev);
                sink.commitTransaction(end);
                stats.transactionJournaled(current, binlogFile, end);
                if (firstSinceConnect) {
                    firstSinceConnect = false;
                    LOG.info("first transaction since connecting: {} ending at binlog {}:{}", current, binlogFile, end);
                }
            }
            reset();
        }
    }

    private boolean endsTransaction(byte[] ev, int length, int type) {
        switch (type) {
            case EventTypes.XID, EventTypes.XA_PREPARE, EventTypes.TRANSACTION_PAYLOAD:
                return true;
            case EventTypes.INCIDENT:
                // with gtid_mode=ON the source writes an incident as a transaction of its own: GTID, INCIDENT
                LOG.error(
                        "the source logged an INCIDENT event as transaction {} at {}:{}: it may have lost changes"
                                + " that no binlog holds; journaled, and restores, sql and flashback across it are"
                                + " refused (restore to before it, or take a new snapshot after it)",
                        current,
                        binlogFile,
                        startPosition(ev, length));
                stats.incidentJournaled();
                return true;
            case EventTypes.QUERY:
                String sql = RawEvents.querySql(ev, length, checksumLength).trim();
                String upper = sql.length() > 16
                        ? sql.substring(0, 16).toUpperCase(Locale.ROOT)
                        : sql.toUpperCase(Locale.ROOT);
                if (!explicitBody && (upper.equals("BEGIN") || upper.startsWith("XA START"))) {
                    explicitBody = true;
                    return false;
                }
                if (!explicitBody) {
                    return true; // DDL or XA COMMIT/ROLLBACK: one statement is the whole transaction
                }
                return upper.equals("COMMIT") || upper.equals("ROLLBACK");
            default:
                return false;
        }
    }

    private void reset() {
        inTransaction = false;
        skipping = false;
        explicitBody = false;
        current = null;
        eventsInTransaction = 0;
    }

    private static long startPosition(byte[] ev, int length) {
        long next = RawEvents.nextPosition(ev);
        return next == 0 ? 0 : next - length;
    }
}
