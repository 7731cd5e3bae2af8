package io.binlogpitr.common.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.binlogpitr.common.gtid.GtidSet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reader's lease on what it reads: {@code leases/<pid>-<nonce>.json} under the repository, naming the
 * snapshots and the journal range it needs, its pid, host and command. Written atomically while holding the
 * {@link LeaseLock} (so retention, which holds the same lock for its whole pass, either sees it or has finished
 * deleting before the reader looks at the repository), refreshed every {@link #REFRESH} by a daemon thread, and
 * deleted on {@link #close()}. A lease not refreshed for {@link #STALE}, or held by a pid that no longer runs on
 * this host, has expired: its reader was killed.
 *
 * <p>A repository the reader cannot write (read-only mount) gets no lease: the reader goes on, with a warning.
 */
public final class ReaderLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReaderLease.class);
    /** How often a live reader rewrites its lease. */
    public static final Duration REFRESH = Duration.ofSeconds(10);
    /** A lease not rewritten for this long has expired. */
    public static final Duration STALE = Duration.ofSeconds(60);

    static final String DIR = "leases";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Instant takenAt;
    private volatile LeaseClaim claim;
    private final Thread heartbeat;

    private ReaderLease(Path file, LeaseClaim claim, Instant takenAt) {
        this.file = file;
        this.claim = claim;
        this.takenAt = takenAt;
        this.heartbeat = file == null ? null : startHeartbeat();
    }

    /** A held lease, as retention reads it. */
    public record Holder(Path file, long pid, String host, Instant takenAt, Instant refreshedAt, LeaseClaim claim) {
        /** Who holds it, for log lines: "pitr-restore restore (pid 123 on db1, since ...)". */
        public String describe() {
            return claim.command() + " (pid " + pid + " on " + host + ", since " + takenAt + ")";
        }
    }

    /** Takes a lease on {@code claim}; never fails the reader (a lease that cannot be written is logged). */
    public static ReaderLease take(RepositoryLayout layout, LeaseClaim claim) {
        Path dir = layout.root().resolve(DIR);
        Path file = dir.resolve(ProcessHandle.current().pid() + "-" + UUID.randomUUID() + ".json");
        Instant now = Instant.now();
        try (LeaseLock.Held held = LeaseLock.hold(layout)) {
            write(file, claim, now, now);
            return new ReaderLease(file, claim, now);
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "cannot take a reader lease in {} ({}); a running agent's retention may delete what this"
                            + " command reads",
                    dir,
                    e.toString());
            return new ReaderLease(null, claim, now);
        }
    }

    /** Narrows the lease to what the reader now knows it needs (a restore, once it has chosen its snapshot). */
    public void narrow(LeaseClaim narrower) {
        claim = narrower;
        refresh();
    }

    public LeaseClaim claim() {
        return claim;
    }

    /** Leases of live readers of the repository; expired ones are deleted, with a log line each. */
    public static List<Holder> live(RepositoryLayout layout, Clock clock) {
        List<Holder> live = new ArrayList<>();
        Path dir = layout.root().resolve(DIR);
        if (!Files.isDirectory(dir)) {
            return live;
        }
        String host = localHost();
        try (var files = Files.newDirectoryStream(dir, "[!.]*.json")) {
            for (Path f : files) {
                Holder h = read(f);
                if (h == null) {
                    continue;
                }
                String expired = expiry(h, host, clock.instant());
                if (expired == null) {
                    live.add(h);
                } else {
                    LOG.info("reader lease of {} has expired ({}); deleting {}", h.describe(), expired, f);
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot read the reader leases in {}: {}; keeping everything", dir, e.toString());
            live.add(new Holder(dir, -1, "?", clock.instant(), clock.instant(), LeaseClaim.everything("unknown")));
        }
        return live;
    }

    /** Why the lease has expired, or null while it is live. */
    static String expiry(Holder h, String localHost, Instant now) {
        if (h.host().equals(localHost)
                && ProcessHandle.of(h.pid()).map(p -> !p.isAlive()).orElse(true)) {
            return "pid " + h.pid() + " no longer runs";
        }
        Duration silent = Duration.between(h.refreshedAt(), now);
        if (silent.compareTo(STALE) > 0) {
            return "not refreshed for " + silent.toSeconds() + " s, more than " + STALE.toSeconds() + " s";
        }
        return null;
    }

    private static Holder read(Path f) {
        try {
            JsonNode n = JSON.readTree(Files.readAllBytes(f));
            List<String> ids = new ArrayList<>();
            n.path("snapshots").forEach(s -> ids.add(s.asText()));
            LeaseClaim claim = new LeaseClaim(
                    n.path("command").asText("?"),
                    n.path("allSnapshots").asBoolean(true),
                    ids,
                    GtidSet.parse(n.path("journalAfter").asText("")));
            return new Holder(
                    f,
                    n.path("pid").asLong(-1),
                    n.path("host").asText("?"),
                    Instant.parse(n.path("takenAt").asText()),
                    Instant.parse(n.path("refreshedAt").asText()),
                    claim);
        } catch (java.nio.file.NoSuchFileException gone) {
            return null; // its reader ended while we listed
        } catch (IOException | RuntimeException e) {
            // written atomically, so a damaged one was not written by us: keep everything rather than guess
            LOG.warn("reader lease {} is unreadable ({}); treating it as a lease on everything", f, e.toString());
            Instant now = Instant.now();
            return new Holder(f, -1, "?", now, now, LeaseClaim.everything("unreadable lease " + f.getFileName()));
        }
    }

    static void write(Path file, LeaseClaim claim, Instant takenAt, Instant refreshedAt) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("version", 1);
        n.put("pid", ProcessHandle.current().pid());
        n.put("host", localHost());
        n.put("command", claim.command());
        n.put("allSnapshots", claim.allSnapshots());
        claim.snapshots().forEach(n.putArray("snapshots")::add);
        n.put("journalAfter", claim.journalAfter().toString());
        n.put("takenAt", takenAt.toString());
        n.put("refreshedAt", refreshedAt.toString());
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
    }

    static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    private void refresh() {
        if (file == null) {
            return;
        }
        try {
            write(file, claim, takenAt, Instant.now());
        } catch (IOException e) {
            LOG.warn("cannot refresh the reader lease {}: {}", file, e.toString());
        }
    }

    private Thread startHeartbeat() {
        Thread t = new Thread(
                () -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            Thread.sleep(REFRESH.toMillis());
                            refresh();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "pitr-lease-heartbeat");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void close() {
        if (file == null) {
            return;
        }
        heartbeat.interrupt();
        try {
            heartbeat.join(REFRESH.toMillis());
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete the reader lease {}: {}; it expires by itself", file, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
