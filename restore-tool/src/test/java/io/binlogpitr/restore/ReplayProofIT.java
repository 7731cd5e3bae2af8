package io.binlogpitr.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.Gtid;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.journal.JournalEntry;
import io.binlogpitr.common.journal.JournalReader;
import io.binlogpitr.common.journal.JournalSettings;
import io.binlogpitr.common.journal.JournalWriter;
import io.binlogpitr.common.journal.TransactionHeader;
import io.binlogpitr.common.journal.TransactionStart;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.restore.engine.ProgressReporter;
import io.binlogpitr.restore.engine.RestoreJob;
import io.binlogpitr.restore.engine.RestoreOptions;
import io.binlogpitr.restore.engine.RestoreState;
import io.binlogpitr.restore.engine.TargetConnections;
import io.binlogpitr.restore.plan.RestorePlanner;
import io.binlogpitr.restore.plan.RestorePoint;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * No success without proof, and CREATE TABLE ... SELECT in the replay window, on a real mysqld. Restores that
 * succeed print the proof line and equal the source at the point ({@code CHECKSUM TABLE}); restores that lose a
 * transaction on the way fail loudly and never say complete: an applier that dies of an {@code Error} (a target
 * whose connections throw one), the applier's connection killed mid-batch, a journal that ends before the planned
 * last transaction.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang guard: the old per-transaction replay waited forever
class ReplayProofIT {
    @TempDir
    static Path dir;

    private static WindowHistory history;
    private static final List<MysqlServer> targets = new ArrayList<>();

    @BeforeAll
    static void makeHistory() throws Exception {
        history = WindowHistory.build(MysqlServer.shared(MysqlOptions.defaults()), dir, "ctas", 31);
    }

    @AfterAll
    static void stopTargets() {
        targets.forEach(MysqlServer::close);
    }

    private static MysqlServer freshTarget() {
        MysqlServer t = MysqlServer.startNew(MysqlOptions.defaults());
        targets.add(t);
        return t;
    }

    private static Launchers.Result restore(MysqlServer target, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(
                "restore",
                "--repo",
                history.repo().toString(),
                "--target",
                target.host() + ":" + target.port(),
                "--target-user",
                target.rootUser(),
                "--to-gtid",
                history.point()));
        all.addAll(List.of(args));
        return Launchers.run(
                dir, Map.of("PITR_TARGET_PASSWORD", target.rootPassword()), "pitr-restore", all.toArray(String[]::new));
    }

    @Test
    void ctasInTheWindowRestoresExactlyAndTheProofIsPrinted() throws Exception {
        MysqlServer target = freshTarget();
        Launchers.Result r = restore(target, "--threads", "2");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output())
                .contains("restore       complete")
                .containsPattern("(?m)^proof         planned (\\d+) transactions, applied \\1 \\(in the target's"
                        + " gtid_executed\\), snapshot chunks verified (\\d+)/\\2$");
        assertThat(History.checksums(target, history.db())).isEqualTo(history.checkpoint());
        assertThat(GtidSet.parse(target.gtidExecuted())).isEqualTo(history.gtidAtCheckpoint());

        Launchers.Result again = restore(target);
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("already complete");
    }

    @Test
    void ctasInTheWindowRestoresExactlyOneTransactionAtATime() throws Exception {
        MysqlServer target = freshTarget();
        Launchers.Result r = restore(target, "--per-transaction", "--threads", "2");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).containsPattern("(?m)^proof         planned (\\d+) transactions, applied \\1 ");
        assertThat(History.checksums(target, history.db())).isEqualTo(history.checkpoint());
        assertThat(GtidSet.parse(target.gtidExecuted())).isEqualTo(history.gtidAtCheckpoint());
    }

    @Test
    void ctasInTheWindowRestoresIntoARenamedSideDatabase() throws Exception {
        MysqlServer target = freshTarget();
        String side = history.db() + "_side";
        Launchers.Result r = restore(target, "--rename-db", history.db() + "=" + side);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).containsPattern("(?m)^proof         planned (\\d+) transactions, applied \\1,");
        assertThat(History.checksums(target, side)).isEqualTo(history.checkpoint());

        String perTransaction = history.db() + "_side2";
        Launchers.Result p = restore(target, "--rename-db", history.db() + "=" + perTransaction, "--per-transaction");
        assertThat(p.exitCode()).as(p.output()).isZero();
        assertThat(History.checksums(target, perTransaction)).isEqualTo(history.checkpoint());
    }

    @Test
    void anApplierThatDiesOfAnErrorFailsTheBatchedRestore() throws Exception {
        assertAnErrorFailsTheRestore(false);
    }

    @Test
    void aWorkerThatDiesOfAnErrorFailsThePerTransactionRestore() throws Exception {
        assertAnErrorFailsTheRestore(true);
    }

    private static void assertAnErrorFailsTheRestore(boolean perTransaction) throws Exception {
        MysqlServer target = freshTarget();
        TargetConnections throwing = new ErrorOnBinlog(target, 3);
        assertThatThrownBy(() -> job(target, throwing, perTransaction, RestorePlanner::plan)
                        .run())
                .isInstanceOfSatisfying(PitrException.class, e -> assertThat(e.code())
                        .isIn(ErrorCode.INTERNAL, ErrorCode.REPLAY_FAILED))
                .hasMessageContaining(history.source().serverUuid() + ":")
                .hasMessageContaining("injected");
        assertNotComplete(target);
    }

    @Test
    void theApplierConnectionKilledMidBatchFailsTheRestoreAndARunAgainCompletesIt() throws Exception {
        MysqlServer target = freshTarget();
        TargetConnections connections = connections(target);
        CompletableFuture<RestoreJob.Summary> run = CompletableFuture.supplyAsync(() -> {
            try {
                return job(target, connections, false, RestorePlanner::plan).run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        boolean killed = false;
        try (Connection c = target.connect(null);
                Statement st = c.createStatement()) {
            while (!killed && !run.isDone()) {
                try (ResultSet rs = st.executeQuery("SELECT ID FROM information_schema.PROCESSLIST"
                        + " WHERE INFO LIKE 'BINLOG %' AND LENGTH(INFO) >= 65535")) {
                    if (rs.next()) {
                        st.execute("KILL " + rs.getLong(1));
                        killed = true;
                    }
                }
            }
        }
        assertThat(killed)
                .as("a long BINLOG statement of the replay was seen and killed")
                .isTrue();
        assertThatThrownBy(run::get)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        PitrException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REPLAY_FAILED))
                .hasMessageContaining(history.source().serverUuid() + ":");
        assertNotComplete(target);

        RestoreJob.Summary again =
                job(target, connections, false, RestorePlanner::plan).run();
        assertThat(again.proof()).isPresent();
        assertThat(again.proof().get().applied()).isEqualTo(again.proof().get().planned());
        assertThat(History.checksums(target, history.db())).isEqualTo(history.checkpoint());
        assertThat(GtidSet.parse(target.gtidExecuted())).isEqualTo(history.gtidAtCheckpoint());
    }

    @Test
    void aJournalEndingBeforeThePlannedLastTransactionFailsBothReplays() throws Exception {
        RepositoryLayout full = RepositoryLayout.openExisting(history.repo());
        Gtid last = Gtid.parse(history.point());
        Path shortRepo = dir.resolve("repo-short");
        copyJournalUpTo(full, RepositoryLayout.createOrOpen(shortRepo), last);
        RestoreJob.Planner fromTheFullJournal = (repo, point) -> RestorePlanner.plan(full, point);
        for (boolean perTransaction : new boolean[] {false, true}) {
            MysqlServer target = freshTarget();
            RestoreOptions options = options(shortRepo, perTransaction);
            assertThatThrownBy(() -> new RestoreJob(options, connections(target), quiet(), fromTheFullJournal).run())
                    .isInstanceOfSatisfying(
                            PitrException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REPLAY_FAILED))
                    .hasMessageContaining("the first missing is " + last);
            assertNotComplete(target);
        }
    }

    /** Every journaled transaction before {@code stop}, as the agent wrote it; nothing from {@code stop} on. */
    private static void copyJournalUpTo(RepositoryLayout from, RepositoryLayout to, Gtid stop) {
        try (JournalReader reader = JournalReader.open(from.journal());
                JournalWriter writer = JournalWriter.open(to.journal(), JournalSettings.defaults())) {
            writer.recordBase(reader.baseGtidSet(), reader.sourceUuid().orElse(null));
            Optional<JournalEntry> next;
            while ((next = reader.next()).isPresent()
                    && !next.get().header().gtid().equals(stop)) {
                JournalEntry entry = next.get();
                TransactionHeader h = entry.header();
                if (entry.formatDescription() != null) {
                    writer.recordFormat(entry.formatDescription(), h.binlogFile());
                }
                writer.beginTransaction(new TransactionStart(
                        h.gtid(),
                        h.originalCommitMicros(),
                        h.immediateCommitMicros(),
                        h.binlogFile(),
                        h.startPosition()));
                for (Iterator<byte[]> events = entry.events(); events.hasNext(); ) {
                    byte[] e = events.next();
                    writer.appendEvent(e, 0, e.length);
                }
                writer.commitTransaction(h.endPosition());
            }
            writer.sync();
        }
    }

    /** The target does not record the restore as done, and (GTIDs preserved) lacks part of the plan. */
    private static void assertNotComplete(MysqlServer target) throws SQLException {
        try (Connection c = target.connect(null);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT phase FROM `" + RestoreState.SCHEMA + "`.progress")) {
            while (rs.next()) {
                assertThat(rs.getString(1)).isNotEqualTo("DONE");
            }
        }
        assertThat(GtidSet.parse(target.gtidExecuted()).containsAll(history.gtidAtCheckpoint()))
                .as("the target's gtid_executed must not claim the whole plan")
                .isFalse();
    }

    private static RestoreJob job(
            MysqlServer target, TargetConnections connections, boolean perTransaction, RestoreJob.Planner planner) {
        return new RestoreJob(options(history.repo(), perTransaction), connections, quiet(), planner);
    }

    private static RestoreOptions options(Path repo, boolean perTransaction) {
        return new RestoreOptions(
                RepositoryLayout.openExisting(repo),
                new RestorePoint.ToGtid(Gtid.parse(history.point())),
                Set.of(),
                Set.of(),
                Map.of(),
                false,
                2,
                2,
                perTransaction);
    }

    private static TargetConnections connections(MysqlServer target) {
        return new TargetConnections(target.host(), target.port(), target.rootUser(), target.rootPassword());
    }

    private static ProgressReporter quiet() {
        return new ProgressReporter() {
            @Override
            public void phase(String name, long total) {}

            @Override
            public void progress(long done, String detail) {}

            @Override
            public void done() {}
        };
    }

    /** Thrown by {@link ErrorOnBinlog}: an {@code Error}, not an exception, as an OutOfMemoryError would be. */
    static final class InjectedError extends Error {
        InjectedError(String message) {
            super(message);
        }
    }

    /** A target whose connections throw an {@link InjectedError} on the n-th BINLOG statement sent to any of them. */
    static final class ErrorOnBinlog extends TargetConnections {
        private final AtomicInteger binlogStatements = new AtomicInteger();
        private final int n;

        ErrorOnBinlog(MysqlServer target, int n) {
            super(target.host(), target.port(), target.rootUser(), target.rootPassword());
            this.n = n;
        }

        @Override
        public Connection open() {
            Connection real = super.open();
            InvocationHandler statements = (proxy, method, args) -> {
                Object result = invoke(real, method, args);
                return method.getName().equals("createStatement") ? throwingStatement((Statement) result) : result;
            };
            return (Connection) Proxy.newProxyInstance(
                    Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, statements);
        }

        private Statement throwingStatement(Statement real) {
            InvocationHandler h = (proxy, method, args) -> {
                if (method.getName().equals("execute")
                        && args != null
                        && args[0] instanceof String sql
                        && sql.startsWith("BINLOG")
                        && binlogStatements.incrementAndGet() == n) {
                    throw new InjectedError("injected failure of BINLOG statement " + n);
                }
                return invoke(real, method, args);
            };
            return (Statement)
                    Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {Statement.class}, h);
        }

        private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
