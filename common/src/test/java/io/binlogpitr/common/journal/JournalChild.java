package io.binlogpitr.common.journal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/** Runs in a child JVM for the crash and cross-process tests. Not a test itself. */
public final class JournalChild {
    private JournalChild() {}

    /** The deterministic events of transaction {@code gno}: big every 10th, small otherwise. */
    static List<byte[]> eventsOf(long gno) {
        Random r = new Random(gno);
        if (gno % 10 == 0) {
            List<byte[]> events = new ArrayList<>();
            events.add(Events.event(33, 79, r.nextLong()));
            for (int i = 0; i < 5; i++) {
                events.add(Events.event(30, 3000 + r.nextInt(5000), r.nextLong()));
            }
            return events;
        }
        return Events.transaction(r, 400);
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path dir = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        JournalSettings settings = JournalSettings.defaults()
                .withFragmentBytes(4096)
                .withSync(SyncPolicy.parse(mode.equals("write") ? "50ms" : "every-transaction"));
        JournalWriter w = JournalWriter.open(dir, settings);
        long pos = 4;
        for (long gno = 1; gno <= n; gno++) {
            pos = Events.write(w, Events.start(Events.UUID_A, gno, pos), eventsOf(gno));
        }
        w.sync();
        if (mode.equals("write")) {
            w.close();
            System.out.println("DONE");
            return;
        }
        // torn: a big transaction in flight whose fragments are in the journal, then die
        w.beginTransaction(Events.start(Events.UUID_A, n + 1, pos));
        for (int i = 0; i < 20; i++) {
            byte[] e = Events.event(30, 2000, i);
            w.appendEvent(e, 0, e.length);
        }
        if (mode.equals("torn-excerpt")) {
            // and an excerpt left open: as if killed inside Chronicle's writingDocument
            SingleChronicleQueue q = ChronicleQueues.openForWriting(dir);
            ExcerptAppender a = q.createAppender();
            DocumentContext dc = a.writingDocument();
            byte[] partial = new byte[5000];
            java.util.Arrays.fill(partial, (byte) 7);
            partial[0] = RecordFormat.VERSION;
            partial[1] = RecordFormat.FRAGMENT;
            dc.wire().bytes().write(partial);
        }
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(600_000);
    }
}
