package io.binlogpitr.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MysqlServerIT {
    private static final MysqlOptions DEFAULTS = MysqlOptions.defaults();

    @Test
    void defaultsMeetTheSourcePrerequisites() {
        MysqlServer server = MysqlServer.shared(DEFAULTS);

        assertThat(server.queryString("SELECT @@GLOBAL.log_bin")).isEqualTo("1");
        assertThat(server.queryString("SELECT @@GLOBAL.gtid_mode")).isEqualTo("ON");
        assertThat(server.queryString("SELECT @@GLOBAL.enforce_gtid_consistency"))
                .isEqualTo("ON");
        assertThat(server.queryString("SELECT @@GLOBAL.binlog_format")).isEqualTo("ROW");
        assertThat(server.queryString("SELECT @@GLOBAL.binlog_row_image")).isEqualTo("FULL");
        assertThat(server.queryString("SELECT @@GLOBAL.binlog_row_metadata")).isEqualTo("FULL");
        assertThat(server.queryString("SELECT @@GLOBAL.binlog_rows_query_log_events"))
                .isEqualTo("1");
    }

    @Test
    void sharedServersAreCachedPerOptions() {
        MysqlServer first = MysqlServer.shared(DEFAULTS);
        MysqlServer again = MysqlServer.shared(MysqlOptions.defaults());
        MysqlServer minimal = MysqlServer.shared(DEFAULTS.with("binlog_row_metadata", "MINIMAL"));

        assertThat(again).isSameAs(first);
        assertThat(minimal).isNotSameAs(first);
        assertThat(minimal.port()).isNotEqualTo(first.port());
        assertThat(minimal.serverUuid()).isNotEqualTo(first.serverUuid());
        assertThat(MysqlServer.shared(DEFAULTS.with("binlog-row-metadata", "MINIMAL")))
                .as("dashes and underscores name the same flag")
                .isSameAs(minimal);
    }

    @Test
    void flagsTakeEffect() {
        MysqlServer server = MysqlServer.shared(
                DEFAULTS.with("binlog_row_metadata", "MINIMAL").with("binlog_transaction_compression", "ON"));

        assertThat(server.queryString("SELECT @@GLOBAL.binlog_row_metadata")).isEqualTo("MINIMAL");
        assertThat(server.queryString("SELECT @@GLOBAL.binlog_transaction_compression"))
                .isEqualTo("1");
    }

    @Test
    void createDatabaseGivesEachTestItsOwn() {
        MysqlServer server = MysqlServer.shared(DEFAULTS);

        String a = server.createDatabase("Fixture-Test");
        String b = server.createDatabase("Fixture-Test");

        assertThat(a).isNotEqualTo(b).startsWith("fixture_test_");
        assertThat(server.queryString("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name IN ('" + a
                        + "', '" + b + "')"))
                .isEqualTo("2");
    }

    @Test
    void serverTimeZoneDiffersFromTheJvms() throws SQLException {
        MysqlServer server = MysqlServer.shared(DEFAULTS);
        int jvmOffsetMinutes =
                ZoneId.systemDefault().getRules().getOffset(Instant.now()).getTotalSeconds() / 60;

        assertThat(server.queryString("SELECT @@GLOBAL.time_zone")).isEqualTo(MysqlOptions.SERVER_TIME_ZONE);
        try (Connection connection = server.connect(null);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT @@SESSION.time_zone, TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), NOW())")) {
            rows.next();
            assertThat(rows.getString(1))
                    .as("the JDBC session keeps the server's zone")
                    .isEqualTo("+05:30");
            assertThat(rows.getInt(2)).isEqualTo(330).isNotEqualTo(jvmOffsetMinutes);
        }
    }

    @Test
    void gtidExecutedGrowsWithEachTransaction() {
        MysqlServer server = MysqlServer.shared(DEFAULTS);
        String db = server.createDatabase("gtid");

        server.execute("CREATE TABLE `" + db + "`.t (id INT PRIMARY KEY)", "INSERT INTO `" + db + "`.t VALUES (1)");

        assertThat(server.gtidExecuted())
                .startsWith(server.serverUuid() + ":1-")
                .doesNotContain("\n");
    }

    @Test
    void createdUserHasExactlyItsGrants() throws SQLException {
        MysqlServer server = MysqlServer.shared(DEFAULTS);
        String db = server.createDatabase("grants");
        String user = "u_" + db;
        server.execute("CREATE TABLE `" + db + "`.t (id INT PRIMARY KEY)");

        server.createUser(user, "s3cret'pw", "REPLICATION SLAVE, REPLICATION CLIENT", "SELECT ON `" + db + "`.*");

        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(db), user, "s3cret'pw");
                Statement statement = connection.createStatement()) {
            assertThat(statement.executeQuery("SELECT COUNT(*) FROM t").next()).isTrue();
            assertThatThrownBy(() -> statement.execute("INSERT INTO t VALUES (1)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("denied");
        }
    }

    @Test
    void sharedServerRefusesToBeStopped() {
        MysqlServer server = MysqlServer.shared(DEFAULTS);

        assertThatThrownBy(server::restart).hasMessageContaining("MysqlServer.startNew");
        assertThatThrownBy(server::kill).hasMessageContaining("MysqlServer.startNew");
        server.close();
        assertThat(server.queryString("SELECT 1"))
                .as("close() leaves a shared server running")
                .isEqualTo("1");
    }

    @Test
    void restartKeepsDataPortAndServerUuid() {
        assumeTrue(MysqlServer.dockerImage() == null, "restart runs on the embedded mysqld only");
        try (MysqlServer server = MysqlServer.startNew(DEFAULTS)) {
            String db = server.createDatabase("restart");
            server.execute("CREATE TABLE `" + db + "`.t (id INT PRIMARY KEY)", "INSERT INTO `" + db + "`.t VALUES (7)");
            String uuid = server.serverUuid();
            String gtids = server.gtidExecuted();
            int port = server.port();
            long pid = server.pid();

            server.restart();

            assertThat(server.port()).isEqualTo(port);
            assertThat(server.pid()).isNotEqualTo(pid);
            assertThat(server.serverUuid()).isEqualTo(uuid);
            assertThat(server.gtidExecuted()).isEqualTo(gtids);
            assertThat(server.queryString("SELECT id FROM `" + db + "`.t")).isEqualTo("7");
        }
    }

    @Test
    void killThenStartRecoversCommittedData() {
        assumeTrue(MysqlServer.dockerImage() == null, "kill runs on the embedded mysqld only");
        try (MysqlServer server = MysqlServer.startNew(DEFAULTS)) {
            String db = server.createDatabase("crash");
            server.execute(
                    "CREATE TABLE `" + db + "`.t (id INT PRIMARY KEY)", "INSERT INTO `" + db + "`.t VALUES (42)");
            long pid = server.pid();

            server.kill();

            assertThat(isAlive(pid)).isFalse();
            assertThatThrownBy(() -> server.queryString("SELECT 1")).isInstanceOf(IllegalStateException.class);

            server.start();

            assertThat(server.queryString("SELECT id FROM `" + db + "`.t")).isEqualTo("42");
        }
    }

    @Test
    void noMysqldIsLeftAfterStopOrClose() {
        assumeTrue(MysqlServer.dockerImage() == null, "pids are known on the embedded mysqld only");
        MysqlServer server = MysqlServer.startNew(DEFAULTS);
        long first = server.pid();

        server.stop();
        assertThat(isAlive(first)).isFalse();

        server.start();
        long second = server.pid();
        server.close();
        assertThat(isAlive(second)).isFalse();
    }

    private static boolean isAlive(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.isPresent() && process.get().isAlive();
    }
}
