package io.binlogpitr.agent.stream;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Streams a server's binlog as a replica and keeps every event as the raw bytes the server sent
 * (header + body + checksum), grouped into transactions like journal entries. {@code BinaryLogClient}
 * logs and swallows exceptions from deserializers and listeners, so this records them in {@link
 * #failures()} for the test to assert on.
 */
final class RawBinlogCapture implements AutoCloseable {

    /** One transaction: the FORMAT_DESCRIPTION event in force and the transaction's raw events, GTID first. */
    record Transaction(byte[] formatDescription, List<byte[]> events) {}

    private static final int HEADER_LENGTH = 19;
    private static final int ROTATE = 4;
    private static final int FORMAT_DESCRIPTION = 15;
    private static final int HEARTBEAT = 27;
    private static final int GTID = 33;

    private final BinaryLogClient client;
    private final List<Transaction> transactions = Collections.synchronizedList(new ArrayList<>());
    private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    private byte[] formatDescription;
    private List<byte[]> current;

    private RawBinlogCapture(BinaryLogClient client) {
        this.client = client;
    }

    /** Connects and starts streaming at the given binlog file and position. */
    static RawBinlogCapture start(String host, int port, String user, String password, String file, long position)
            throws IOException, TimeoutException {
        BinaryLogClient client = new BinaryLogClient(host, port, user, password);
        client.setServerId(100_000 + ThreadLocalRandom.current().nextInt(1_000_000));
        client.setBinlogFilename(file);
        client.setBinlogPosition(position);
        client.setKeepAlive(false);
        RawBinlogCapture capture = new RawBinlogCapture(client);
        client.setEventDeserializer(capture.new RawCapturingDeserializer());
        client.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onCommunicationFailure(BinaryLogClient c, Exception ex) {
                capture.failures.add(ex);
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient c, Exception ex) {
                capture.failures.add(ex);
            }
        });
        client.connect(TimeUnit.SECONDS.toMillis(10));
        return capture;
    }

    /** Waits until the client has read up to (at least) the given binlog file and position. */
    void awaitPosition(String file, long position, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String f = client.getBinlogFilename();
            if (f != null && (f.compareTo(file) > 0 || (f.equals(file) && client.getBinlogPosition() >= position))) {
                return;
            }
            if (System.nanoTime() > deadline || !failures.isEmpty()) {
                throw new TimeoutException("binlog capture reached " + f + ":" + client.getBinlogPosition() + ", not "
                        + file + ":" + position + " within " + timeout + "; failures " + failures);
            }
            Thread.sleep(20);
        }
    }

    /** Complete transactions seen so far (the one in progress is not included). */
    List<Transaction> transactions() {
        synchronized (transactions) {
            return List.copyOf(transactions);
        }
    }

    List<Throwable> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    @Override
    public void close() throws IOException {
        client.disconnect();
    }

    private synchronized void accept(byte[] raw) {
        int type = raw[4] & 0xFF;
        switch (type) {
            case ROTATE, HEARTBEAT -> {}
            case FORMAT_DESCRIPTION -> formatDescription = raw;
            case GTID -> {
                flush();
                current = new ArrayList<>();
                current.add(raw);
            }
            default -> {
                if (current != null) {
                    current.add(raw);
                }
            }
        }
        if (type == 16 /* XID */ || (type == 2 && isCommitQuery(raw)) || type == 40 /* TRANSACTION_PAYLOAD */) {
            flush();
        }
    }

    private void flush() {
        if (current != null) {
            transactions.add(new Transaction(formatDescription, List.copyOf(current)));
            current = null;
        }
    }

    private static boolean isCommitQuery(byte[] raw) {
        String tail = new String(
                raw,
                Math.max(0, raw.length - 10),
                Math.min(10, raw.length),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        return tail.contains("COMMIT");
    }

    /** Reads each event whole, keeps a copy of its bytes, then lets the connector decode the copy. */
    private final class RawCapturingDeserializer extends EventDeserializer {
        @Override
        public Event nextEvent(ByteArrayInputStream in) throws IOException {
            if (in.peek() == -1) {
                return null;
            }
            try {
                byte[] header = in.read(HEADER_LENGTH);
                long length = (header[9] & 0xFFL)
                        | (header[10] & 0xFFL) << 8
                        | (header[11] & 0xFFL) << 16
                        | (header[12] & 0xFFL) << 24;
                byte[] raw = new byte[(int) length];
                System.arraycopy(header, 0, raw, 0, HEADER_LENGTH);
                in.fill(raw, HEADER_LENGTH, raw.length - HEADER_LENGTH);
                accept(raw);
                return super.nextEvent(new ByteArrayInputStream(raw));
            } catch (IOException | RuntimeException e) {
                failures.add(e);
                throw e;
            }
        }
    }
}
