package io.binlogpitr.quickstart;

import io.binlogpitr.common.gtid.GtidSet;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The second half of the quick start, the story the product is built for: record the state, make the mistake
 * ({@code DELETE FROM orders} without {@code WHERE}) while the application carries on, find it in the journal,
 * restore the database as it was just before it beside the live one, and undo it in place with flashback. Every
 * result is proved with {@code CHECKSUM TABLE} against the recorded state.
 */
final class QuickstartRecovery {
    /** Opens a root connection to a database of the demo server (null: none). */
    @FunctionalInterface
    interface Sql {
        Connection open(String database) throws SQLException;
    }

    /**
     * Where the demo runs.
     *
     * @param target the demo server as {@code HOST:PORT}
     * @param restoreUser the DBA's restore account, whose password is in {@code restorePassword}
     */
    record Demo(Path config, Path repo, String target, String restoreUser, Path restorePassword, Path agentLog) {}

    static final String MISTAKE = "DELETE FROM orders";

    /** The application carries on after the mistake: new and changed customers, nothing that touches orders. */
    static final List<String> LATER_WRITES = List.of(
            "INSERT INTO customers (name, email, tier, created_at) VALUES ('Zoë Late', 'zoe@example.com', 'silver',"
                    + " NOW(6))",
            "UPDATE customers SET tier = 'gold', balance = balance + 250.00 WHERE id = 7",
            "UPDATE customers SET email = 'c42@example.org' WHERE id = 42");

    private static final Pattern FIND_LINE = Pattern.compile("^(\\S+)  (\\S+)  (.*)$");
    private static final Pattern UNDONE = Pattern.compile("flashback +(\\d+) rows of (\\d+) transactions undone");
    private static final Pattern APPLIED = Pattern.compile("applied +(\\d+) rows on ");

    private final QuickstartConsole console;
    private final QuickstartLaunchers launchers;
    private final Sql sql;
    private final Demo demo;
    private final Process agent;

    private Instant beforeMistake;
    private GtidSet gtidsBefore;
    private TableChecksums recorded;
    private TableChecksums afterLaterWrites;
    private String mistakeGtid;
    private long deletedRows;

    QuickstartRecovery(QuickstartConsole console, QuickstartLaunchers launchers, Sql sql, Demo demo, Process agent) {
        this.console = console;
        this.launchers = launchers;
        this.sql = sql;
        this.demo = demo;
        this.agent = agent;
    }

    /** Runs the steps in order; a failed check is recorded in the console and the story goes on where it can. */
    void run() throws Exception {
        recordState();
        makeTheMistake();
        if (findTheMistake()) {
            restoreBeside();
            flashback();
        }
    }

    private void recordState() throws Exception {
        console.step("record the state just before the mistake (the workload is over: no writes)");
        // a whole second the DBA can name: every workload commit is before it, the mistake after it
        beforeMistake = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), beforeMistake).toMillis() + 20));
        try (Connection c = sql.open(null)) {
            recorded = checksums(c, "shop");
            console.sql("SELECT @@global.gtid_executed;");
            gtidsBefore = GtidSet.parse(query(c, "SELECT @@global.gtid_executed"));
            console.output(gtidsBefore.toString());
        }
        console.done("recorded at " + beforeMistake);
    }

    private void makeTheMistake() throws Exception {
        console.step("the mistake: DELETE without WHERE on shop.orders; then the application carries on");
        try (Connection c = sql.open("shop");
                Statement st = c.createStatement()) {
            deletedRows = st.executeUpdate(MISTAKE);
            console.sql("USE shop; " + MISTAKE + ";   -- oops: " + deletedRows + " rows deleted");
            GtidSet after = GtidSet.parse(query(c, "SELECT @@global.gtid_executed"));
            GtidSet mistake = after.subtract(gtidsBefore);
            console.check(mistake.size() == 1, "the mistake is one transaction (" + mistake + ")");
            mistakeGtid = mistake.toString();
            for (String w : LATER_WRITES) {
                st.executeUpdate(w);
                console.sql(w + ";");
            }
            afterLaterWrites = TableChecksums.read(c, "shop", TableChecksums.SHOP_TABLES);
        }
        console.check(
                deletedRows == recorded.rows("orders") && deletedRows > 0,
                "every order is gone (" + deletedRows + " of " + recorded.rows("orders") + " rows deleted)");
        console.done("the mistake is " + mistakeGtid + "; " + LATER_WRITES.size() + " legitimate writes since");
    }

    /** Waits for the journal to hold the mistake, then finds it the way a DBA would; false if it is not found. */
    private boolean findTheMistake() throws Exception {
        console.step("find the mistake in the journal");
        long behind = launchers.awaitCaughtUp(demo.config(), agent, demo.agentLog(), Duration.ofSeconds(60));
        QuickstartLaunchers.Result status = launchers.quiet(
                "bin/pitr-agent", "status", "--config", demo.config().toString());
        console.shell(QuickstartLaunchers.commandLine(
                        "bin/pitr-agent", "status", "--config", demo.config().toString())
                + "   # (lines of its output)");
        status.output()
                .lines()
                .filter(l -> l.startsWith("GTID set") || l.startsWith("last commit") || l.startsWith("lag"))
                .forEach(console::output);
        console.check(behind == 0, "the journal holds the mistake and what followed (0 transactions behind)");

        QuickstartLaunchers.Result find = launchers.run(
                "bin/pitr-restore",
                "find",
                "--repo",
                demo.repo().toString(),
                "--databases",
                "shop",
                "--type",
                "delete",
                "--from-time",
                beforeMistake.toString());
        List<Matcher> found = find.output()
                .lines()
                .filter(l -> !l.startsWith("#"))
                .map(FIND_LINE::matcher)
                .filter(Matcher::matches)
                .toList();
        console.check(find.exitCode() == 0, "'pitr-restore find' exits 0 (it exited " + find.exitCode() + ")");
        boolean one = found.size() == 1;
        console.check(one, "find lists exactly one DELETE since " + beforeMistake + " (it lists " + found.size() + ")");
        if (!one) {
            console.done("");
            return false;
        }
        String gtid = found.get(0).group(2);
        String rows = found.get(0).group(3);
        console.check(gtid.equals(mistakeGtid), "it is the mistake: " + gtid + " (expected " + mistakeGtid + ")");
        console.check(
                rows.startsWith("shop.orders: " + deletedRows + " deleted"),
                "with its rows: shop.orders: " + deletedRows + " deleted");
        console.done("G = " + gtid);
        return true;
    }

    private void restoreBeside() throws Exception {
        console.step("restore shop as it was just before G into shop_before, beside the live shop");
        QuickstartLaunchers.Result restore = launchers.run(
                "bin/pitr-restore",
                "restore",
                "--repo",
                demo.repo().toString(),
                "--target",
                demo.target(),
                "--target-user",
                demo.restoreUser(),
                "--target-password-file",
                demo.restorePassword().toString(),
                "--before-gtid",
                mistakeGtid,
                "--rename-db",
                "shop=shop_before");
        console.check(restore.exitCode() == 0, "'pitr-restore restore' exits 0 (it exited " + restore.exitCode() + ")");
        if (restore.exitCode() == 0) {
            try (Connection c = sql.open(null)) {
                TableChecksums before = checksums(c, "shop_before");
                for (String t : TableChecksums.SHOP_TABLES) {
                    console.check(
                            before.checksum(t) == recorded.checksum(t),
                            "shop_before." + t + " equals shop." + t + " just before the mistake (checksum "
                                    + recorded.checksum(t) + ", " + recorded.rows(t) + " rows)");
                }
            }
        }
        console.done("");
    }

    private void flashback() throws Exception {
        console.step("undo G in place on the live shop with flashback (every row checked first)");
        QuickstartLaunchers.Result flashback = launchers.run(
                "bin/pitr-restore",
                "flashback",
                "--repo",
                demo.repo().toString(),
                "--gtid",
                mistakeGtid,
                "--apply",
                "--target",
                demo.target(),
                "--target-user",
                demo.restoreUser(),
                "--target-password-file",
                demo.restorePassword().toString());
        console.check(
                flashback.exitCode() == 0, "'pitr-restore flashback' exits 0 (it exited " + flashback.exitCode() + ")");
        Matcher undone = UNDONE.matcher(flashback.output());
        Matcher applied = APPLIED.matcher(flashback.output());
        console.check(
                undone.find()
                        && Long.parseLong(undone.group(1)) == deletedRows
                        && undone.group(2).equals("1")
                        && applied.find()
                        && Long.parseLong(applied.group(1)) == deletedRows,
                "it undid and applied the " + deletedRows + " deleted rows of 1 transaction, with no conflict");
        try (Connection c = sql.open(null)) {
            TableChecksums now = checksums(c, "shop");
            console.check(
                    now.checksum("orders") == recorded.checksum("orders"),
                    "shop.orders equals its state just before the mistake again (checksum "
                            + recorded.checksum("orders") + ", " + recorded.rows("orders") + " rows)");
            console.check(
                    now.checksum("customers") == afterLaterWrites.checksum("customers")
                            && afterLaterWrites.checksum("customers") != recorded.checksum("customers"),
                    "shop.customers still holds the " + LATER_WRITES.size()
                            + " legitimate writes made after the mistake (checksum "
                            + afterLaterWrites.checksum("customers") + ")");
        }
        console.done("");
    }

    private TableChecksums checksums(Connection c, String database) throws SQLException {
        console.sql(TableChecksums.statement(database, TableChecksums.SHOP_TABLES) + ";");
        TableChecksums t = TableChecksums.read(c, database, TableChecksums.SHOP_TABLES);
        for (String table : TableChecksums.SHOP_TABLES) {
            console.output(String.format(
                    "%-24s checksum %-12d %d rows", database + "." + table, t.checksum(table), t.rows(table)));
        }
        return t;
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
