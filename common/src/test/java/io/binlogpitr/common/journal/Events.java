package io.binlogpitr.common.journal;

import io.binlogpitr.common.gtid.Gtid;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Synthetic binlog events and transactions for journal tests, and a helper to start a child JVM. */
/** Synthetic raw events and transactions for journal tests; public so other modules' tests can build journals. */
public final class Events {
    public static final String UUID_A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    public static final String UUID_B = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    private Events() {}

    /** A raw event of {@code size} bytes (>= 19): a 19-byte header with the size at 9..12, then a body. */
    public static byte[] event(int type, int size, long seed) {
        byte[] e = new byte[size];
        Random r = new Random(seed);
        r.nextBytes(e);
        e[4] = (byte) type;
        RecordFormat.putIntLE(e, 9, size);
        return e;
    }

    /** One synthetic transaction: a GTID event, some row events, an XID event. */
    public static List<byte[]> transaction(Random r, int maxEventSize) {
        List<byte[]> events = new ArrayList<>();
        events.add(event(33, 79, r.nextLong()));
        int n = 1 + r.nextInt(12);
        for (int i = 0; i < n; i++) {
            events.add(event(30, 19 + r.nextInt(maxEventSize), r.nextLong()));
        }
        events.add(event(16, 31, r.nextLong()));
        return events;
    }

    public static TransactionStart start(String uuid, long gno, long position) {
        long micros = 1_700_000_000_000_000L + gno * 1000;
        return new TransactionStart(new Gtid(uuid, gno), micros, micros + 7, "binlog.000001", position);
    }

    /** Writes one transaction; returns its end position. */
    public static long write(JournalWriter w, TransactionStart s, List<byte[]> events) {
        w.beginTransaction(s);
        long size = 0;
        for (byte[] e : events) {
            w.appendEvent(e, 0, e.length);
            size += e.length;
        }
        w.commitTransaction(s.startPosition() + size);
        return s.startPosition() + size;
    }

    static List<byte[]> drain(Iterator<byte[]> it) {
        List<byte[]> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }

    static boolean same(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Starts {@code main} in a child JVM with this JVM's classpath and JVM flags (Chronicle's among them). */
    static Process child(Class<?> main, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-") || a.startsWith("-Dchronicle")) {
                cmd.add(a);
            }
        }
        cmd.add("-Xmx256m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd)
                .redirectError(log.toFile())
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .start();
    }

    /** Waits for a line on the child's stdout. */
    static String awaitLine(Process p, String prefix) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IOException("child exited without printing " + prefix);
    }

    static void kill9(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL on Linux
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("child did not die");
        }
    }
}
