package io.binlogpitr.restore.fuzz;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.restore.Launchers;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Our side of each comparison: restore to the point onto a fresh target, restore one database into a renamed side
 * database, flashback of the window since the previous point; each state compared with the replica's.
 */
final class Checks {
    /** A failed comparison, with everything needed to reproduce it. */
    static final class Mismatch extends AssertionError {
        Mismatch(String message) {
            super(message);
        }
    }

    private final MysqlServer source;
    private final Path dir;
    private final Path repo;
    private final String context;

    Checks(MysqlServer source, Path dir, Path repo, String context) {
        this.source = source;
        this.dir = dir;
        this.repo = repo;
        this.context = context;
    }

    /** The last GTID of {@code point} (one source UUID): what {@code --to-gtid} names. */
    static String lastGtid(GtidSet point) {
        String uuid = point.sourceKeys().get(0);
        List<GtidSet.Interval> intervals = point.intervals(uuid);
        return uuid + ":" + intervals.get(intervals.size() - 1).end();
    }

    /** A fresh mysqld restored to {@code point}; compared with the replica's state; returned for the next checks. */
    MysqlServer restoreFresh(GtidSet point, Map<String, DatabaseState> expected) throws Exception {
        MysqlServer target = MysqlServer.startNew(MysqlOptions.defaults());
        try {
            run(
                    "restore to " + lastGtid(point),
                    point,
                    "restore",
                    "--repo",
                    repo.toString(),
                    "--target",
                    address(target),
                    "--target-user",
                    target.rootUser(),
                    "--to-gtid",
                    lastGtid(point),
                    "--threads",
                    "2");
            try (Connection c = target.connect(null)) {
                List<String> dbs = DatabaseState.userDatabases(c);
                if (!dbs.equals(new ArrayList<>(expected.keySet()))) {
                    throw new Mismatch(header("restore", point) + "databases differ\n  expected (replica): "
                            + expected.keySet() + "\n  actual   (ours):    " + dbs);
                }
                compare("restore", point, expected, DatabaseState.captureAll(c, dbs));
                compareEventStatuses(c, dbs, point);
            }
            return target;
        } catch (Exception | Error e) {
            target.close();
            throw e;
        }
    }

    /** {@code --databases db --rename-db db=db_side} onto {@code target}, which holds {@code db} already. */
    void restoreRenamed(MysqlServer target, GtidSet point, DatabaseState expected) throws Exception {
        String side = expected.db() + "_side";
        run(
                "restore --rename-db " + expected.db() + "=" + side,
                point,
                "restore",
                "--repo",
                repo.toString(),
                "--target",
                address(target),
                "--target-user",
                target.rootUser(),
                "--to-gtid",
                lastGtid(point),
                "--databases",
                expected.db(),
                "--rename-db",
                expected.db() + "=" + side,
                "--threads",
                "2");
        try (Connection c = target.connect(null)) {
            compare("restore --rename-db", point, Map.of(side, expected), Map.of(side, DatabaseState.capture(c, side)));
        }
    }

    /** flashback --apply of {@code window} on {@code target}; its databases must be as at the previous point. */
    void flashback(MysqlServer target, GtidSet point, GtidSet window, Map<String, DatabaseState> before)
            throws Exception {
        run(
                "flashback --gtid " + window,
                point,
                "flashback",
                "--repo",
                repo.toString(),
                "--gtid",
                window.toString(),
                "--apply",
                "--target",
                address(target),
                "--target-user",
                target.rootUser());
        try (Connection c = target.connect(null)) {
            compare(
                    "flashback of " + window,
                    point,
                    before,
                    DatabaseState.captureAll(c, new ArrayList<>(before.keySet())));
        }
    }

    /** Event status, which a replica cannot show, against the source's (the generator never alters events). */
    private void compareEventStatuses(Connection target, List<String> dbs, GtidSet point) throws SQLException {
        try (Connection s = source.connect(null)) {
            for (String db : dbs) {
                Map<String, String> expected = DatabaseState.eventStatuses(s, db);
                Map<String, String> actual = DatabaseState.eventStatuses(target, db);
                if (!expected.equals(actual)) {
                    throw new Mismatch(header("restore", point) + "database " + db + ": event status\n"
                            + "  expected (source): " + expected + "\n  actual   (ours):   " + actual);
                }
            }
        }
    }

    private void compare(
            String what, GtidSet point, Map<String, DatabaseState> expected, Map<String, DatabaseState> actual) {
        for (Map.Entry<String, DatabaseState> e : expected.entrySet()) {
            Optional<DatabaseState.Difference> d = e.getValue().firstDifference(actual.get(e.getKey()));
            if (d.isPresent()) {
                throw new Mismatch(header(what, point) + "database " + e.getKey() + ": " + d.get());
            }
        }
    }

    private void run(String what, GtidSet point, String... args) throws Exception {
        Launchers.Result r = Launchers.run(dir, Map.of("PITR_TARGET_PASSWORD", ""), "pitr-restore", args);
        if (r.exitCode() != 0) {
            throw new Mismatch(header(what, point) + "pitr-restore exited " + r.exitCode() + ":\n" + r.output());
        }
    }

    private String header(String what, GtidSet point) {
        return "fuzz mismatch: " + context + ", point " + point + ", " + what + ": ";
    }

    private static String address(MysqlServer server) {
        return server.host() + ":" + server.port();
    }
}
