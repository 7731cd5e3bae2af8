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

    /**
     * flashback --apply of {@code window} on {@code target} (which holds the state {@code now}); its databases must
     * be as at the previous point ({@code before}). The undo is one transaction, all or nothing, which a
     * non-transactional table (the corpus's MyISAM {@code mediawiki.searchindex}) cannot take part in: when the
     * window changed one, flashback must refuse naming only such tables (as the target's information_schema gives
     * their engines) and change nothing; then the undo of every other table ({@code --tables}) must give the
     * previous point back, those tables as the window left them.
     */
    void flashback(
            MysqlServer target,
            GtidSet point,
            GtidSet window,
            Map<String, DatabaseState> before,
            Map<String, DatabaseState> now)
            throws Exception {
        String what = "flashback --gtid " + window;
        Map<String, String> nonTransactional;
        List<String> others = new ArrayList<>();
        try (Connection c = target.connect(null)) {
            nonTransactional = nonTransactional(c, before.keySet());
            for (String db : before.keySet()) {
                for (String[] t : DatabaseState.rows(
                        c,
                        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE' AND"
                                + " TABLE_SCHEMA = " + DatabaseState.literal(db) + " ORDER BY TABLE_NAME")) {
                    if (!nonTransactional.containsKey(db + "." + t[0])) {
                        others.add(db + "." + t[0]);
                    }
                }
            }
        }
        List<String> written = new ArrayList<>();
        for (String t : nonTransactional.keySet()) {
            String db = t.substring(0, t.indexOf('.'));
            String table = t.substring(t.indexOf('.') + 1);
            if (!java.util.Objects.equals(
                    before.get(db).tables().get(table), now.get(db).tables().get(table))) {
                written.add(t);
            }
        }
        String[] apply = {
            "flashback",
            "--repo",
            repo.toString(),
            "--gtid",
            window.toString(),
            "--apply",
            "--target",
            address(target),
            "--target-user",
            target.rootUser()
        };
        Launchers.Result r = Launchers.run(dir, Map.of("PITR_TARGET_PASSWORD", ""), "pitr-restore", apply);
        if (r.exitCode() == 0) {
            if (!written.isEmpty()) {
                throw new Mismatch(header(what, point) + "the window changed the non-transactional tables " + written
                        + " " + nonTransactional + ", and flashback --apply did not refuse:\n" + r.output());
            }
            compareTarget("flashback of " + window, target, point, before);
            return;
        }
        String refusal = "error[FLASHBACK_REFUSED]: the undo would write non-transactional table";
        int at = r.output().indexOf(refusal);
        int end = r.output().indexOf(" on the target: flashback undoes everything in one transaction", at);
        if (at < 0 || end < 0) {
            throw new Mismatch(header(what, point) + "pitr-restore exited " + r.exitCode() + ":\n" + r.output());
        }
        String list = r.output().substring(at + refusal.length(), end).replaceFirst("^s? ", "");
        java.util.Set<String> named = new java.util.TreeSet<>();
        for (String item : list.split(", ")) {
            int paren = item.lastIndexOf(" (");
            String table = item.substring(0, paren);
            String engine = item.substring(paren + 2, item.length() - 1);
            if (!engine.equals(nonTransactional.get(table))) {
                throw new Mismatch(header(what, point) + "the refusal names " + item + ", the target's"
                        + " non-transactional tables are " + nonTransactional + ":\n" + r.output());
            }
            named.add(table);
        }
        if (!named.containsAll(written)) {
            throw new Mismatch(header(what, point) + "the refusal names " + named + ", the window changed " + written
                    + ":\n" + r.output());
        }
        compareTarget("flashback refused (nothing changed)", target, point, now);
        String[] rest = java.util.Arrays.copyOf(apply, apply.length + 2);
        rest[apply.length] = "--tables";
        rest[apply.length + 1] = String.join(",", others);
        run(what + " --tables <all but " + named + ">", point, rest);
        Map<String, DatabaseState> expected = new java.util.TreeMap<>();
        for (Map.Entry<String, DatabaseState> e : before.entrySet()) {
            java.util.Set<String> left = new java.util.TreeSet<>();
            for (String t : nonTransactional.keySet()) {
                if (t.startsWith(e.getKey() + ".")) {
                    left.add(t.substring(e.getKey().length() + 1));
                }
            }
            expected.put(e.getKey(), e.getValue().withTablesOf(now.get(e.getKey()), left));
        }
        compareTarget("flashback of " + window + " but " + named, target, point, expected);
    }

    /** The base tables ({@code db.table}) of {@code dbs} whose engine information_schema.ENGINES says has no transactions. */
    private static Map<String, String> nonTransactional(Connection c, java.util.Collection<String> dbs)
            throws SQLException {
        Map<String, String> out = new java.util.TreeMap<>();
        for (String db : dbs) {
            for (String[] t : DatabaseState.rows(
                    c,
                    "SELECT t.TABLE_NAME, t.ENGINE FROM information_schema.TABLES t LEFT JOIN"
                            + " information_schema.ENGINES e ON e.ENGINE = t.ENGINE WHERE t.TABLE_TYPE = 'BASE TABLE'"
                            + " AND t.TABLE_SCHEMA = " + DatabaseState.literal(db)
                            + " AND COALESCE(e.TRANSACTIONS, 'NO') <> 'YES'")) {
                out.put(db + "." + t[0], t[1]);
            }
        }
        return out;
    }

    private void compareTarget(String what, MysqlServer target, GtidSet point, Map<String, DatabaseState> expected)
            throws SQLException {
        try (Connection c = target.connect(null)) {
            compare(what, point, expected, DatabaseState.captureAll(c, new ArrayList<>(expected.keySet())));
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
