package io.binlogpitr.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.testing.AgentAccount;
import io.binlogpitr.testing.AgentConfigFile;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flashback of parent rows whose ON DELETE CASCADE / SET NULL children hold ENUM and SET columns, on a source with
 * {@code binlog_row_metadata=MINIMAL} (MySQL 8.0's default): its TABLE_MAP has no member lists, so the journal gives
 * an ENUM as its index and a SET as its bitmask, where the snapshot the children are rebuilt from holds their text.
 * The members have a quote, a backslash and a newline in them, one SET is latin1 and one has 64 members. The oracle
 * is the source's own CHECKSUM TABLE of every table, recorded just before the mistake.
 */
class FlashbackEnumCascadeIT {
    @TempDir
    static Path dir;

    private static MysqlServer source;
    private static Path repo;
    private static Path config;
    private static Launchers.Started agent;

    @BeforeAll
    static void startAgent() throws Exception {
        source = MysqlServer.shared(MysqlOptions.defaults().with("binlog_row_metadata", "MINIMAL"));
        AgentAccount.ensure(source, History.USER, History.PASSWORD);
        repo = dir.resolve("repo");
        config = AgentConfigFile.of(source, History.USER, History.PASSWORD, 7324)
                .repository(repo)
                .snapshots("{every: 0, threads: 2}")
                .anyHttpPort()
                .writeIn(dir);
        agent = StreamingAgent.start(dir, config);
        History.awaitCaughtUp(source, repo, agent);
    }

    @AfterAll
    static void stopAgent() throws Exception {
        StreamingAgent.stop(agent);
    }

    private static GtidSet executed() {
        return GtidSet.parse(source.gtidExecuted());
    }

    private static Launchers.Result restoreTool(String... args) throws Exception {
        History.awaitCaughtUp(source, repo, agent);
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, "--repo");
        all.add(2, repo.toString());
        return Launchers.run(
                dir, Map.of("PITR_TARGET_PASSWORD", source.rootPassword()), "pitr-restore", all.toArray(String[]::new));
    }

    @Test
    void parentsDeletedUnderMinimalMetadataComeBackWithTheirEnumAndSetChildren() throws Exception {
        assertThat(source.queryString("SELECT @@binlog_row_metadata")).isEqualTo("MINIMAL");
        String db = source.createDatabase("fbenum");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            many.append(i > 0 ? "," : "").append("'m").append(i).append('\'');
        }
        String q = "`" + db + "`.";
        source.execute(
                "CREATE TABLE " + q + "owners (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL,"
                        + " tier ENUM('basic','gold','it''s') NOT NULL DEFAULT 'basic', flags SET('x','y','z'))",
                // a child with a key, a child without one (rows matched by every column), a SET NULL child
                "CREATE TABLE " + q + "pets (id INT PRIMARY KEY, owner_id INT NOT NULL,"
                        + " kind ENUM('cat','dog','back\\\\slash','new\\nline','it''s') NOT NULL,"
                        + " tags SET('a','b','c','d''e') CHARACTER SET latin1, many SET(" + many + "),"
                        + " FOREIGN KEY (owner_id) REFERENCES owners (id) ON DELETE CASCADE)",
                "CREATE TABLE " + q + "visits (owner_id INT NOT NULL, kind ENUM('cat','dog','fish'),"
                        + " what SET('bath','cut','nails'), note VARCHAR(20),"
                        + " FOREIGN KEY (owner_id) REFERENCES owners (id) ON DELETE CASCADE)",
                "CREATE TABLE " + q + "referrals (id INT PRIMARY KEY, owner_id INT NULL,"
                        + " source ENUM('web','friend','ad') NOT NULL, channels SET('mail','sms','call') NOT NULL,"
                        + " FOREIGN KEY (owner_id) REFERENCES owners (id) ON DELETE SET NULL)");
        StringBuilder o = new StringBuilder("INSERT INTO " + q + "owners VALUES ");
        StringBuilder p = new StringBuilder("INSERT INTO " + q + "pets VALUES ");
        StringBuilder v = new StringBuilder("INSERT INTO " + q + "visits VALUES ");
        StringBuilder r = new StringBuilder("INSERT INTO " + q + "referrals VALUES ");
        String[] kinds = {"'cat'", "'dog'", "'back\\\\slash'", "'new\\nline'", "'it''s'"};
        String[] tags = {"NULL", "''", "'a'", "'b,d''e'", "'a,b,c,d''e'", "'c'"};
        for (int i = 1; i <= 60; i++) {
            String sep = i > 1 ? "," : "";
            o.append(sep)
                    .append(String.format(
                            "(%d,'owner %d',%s,%s)",
                            i,
                            i,
                            i % 3 == 0 ? "'gold'" : i % 3 == 1 ? "'basic'" : "'it''s'",
                            i % 4 == 0 ? "NULL" : "'x,z'"));
            for (int k = 0; k < 3; k++) {
                int id = i * 10 + k;
                p.append(i > 1 || k > 0 ? "," : "")
                        .append(String.format(
                                "(%d,%d,%s,%s,%s)",
                                id,
                                i,
                                kinds[id % kinds.length],
                                tags[id % tags.length],
                                id % 5 == 0 ? "NULL" : id % 5 == 1 ? "'m63'" : "'m0,m31,m32,m63'"));
                // keyless: two equal rows for some owners
                v.append(i > 1 || k > 0 ? "," : "")
                        .append(String.format(
                                "(%d,%s,%s,%s)",
                                i,
                                k == 2 ? "NULL" : k == 0 ? "'cat'" : "'fish'",
                                k == 1 ? "'bath,nails'" : "'cut'",
                                i % 2 == 0 ? "'same'" : "'v" + k + "'"));
            }
            r.append(sep)
                    .append(String.format(
                            "(%d,%d,%s,%s)",
                            i, i, i % 2 == 0 ? "'friend'" : "'ad'", i % 3 == 0 ? "''" : "'mail,call'"));
        }
        source.execute(o.toString(), p.toString(), v.toString(), r.toString());
        StreamingAgent.snapshot(dir, config);
        // journaled changes to the children between the snapshot and the mistake: the rebuild must follow them, and
        // locate each row by its ENUM/SET values (visits has no key)
        source.execute(
                "UPDATE " + q + "pets SET kind = 'it''s', tags = 'b,c', many = 'm1,m62' WHERE id % 7 = 0",
                "UPDATE " + q + "visits SET what = 'bath,cut,nails' WHERE owner_id % 5 = 0 AND kind = 'cat'",
                "DELETE FROM " + q + "visits WHERE owner_id % 6 = 0 AND kind = 'fish'",
                "INSERT INTO " + q + "visits VALUES (3, 'dog', 'nails,bath', 'new')",
                "UPDATE " + q + "referrals SET source = 'web', channels = 'sms' WHERE id % 4 = 0",
                "DELETE FROM " + q + "owners WHERE id = 59");
        Map<String, String> before = History.checksums(source, db);
        GtidSet start = executed();
        source.execute(
                "UPDATE " + q + "owners SET tier = 'gold', flags = 'y' WHERE id % 5 = 1",
                "DELETE FROM " + q + "owners WHERE id % 2 = 0 OR id % 5 = 1");
        GtidSet mistakes = executed().subtract(start);
        assertThat(source.queryString("SELECT COUNT(*) FROM " + q + "pets")).isEqualTo("69");
        assertThat(source.queryString("SELECT COUNT(*) FROM " + q + "referrals WHERE owner_id IS NULL"))
                .isEqualTo("37");

        Launchers.Result undo = restoreTool(
                "flashback",
                "--gtid",
                mistakes.toString(),
                "--apply",
                "--target",
                source.host() + ":" + source.port(),
                "--target-user",
                source.rootUser());
        assertThat(undo.exitCode()).as(undo.output()).isZero();
        assertThat(undo.output()).contains("cascaded ").doesNotContain("conflict");
        assertThat(History.checksums(source, db)).as(undo.output()).isEqualTo(before);
    }
}
