package io.binlogpitr.common.snapshot;

import io.binlogpitr.common.sql.SqlLiteral;
import io.binlogpitr.testing.MysqlServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A snapshot directory made the simple way, for loader tests: one transaction with a consistent snapshot (no
 * writes may run meanwhile), each keyed table cut into {@code ranges} chunks, the DDL from {@code SHOW CREATE}.
 * {@code tableDdl} can give a table's DDL instead: MySQL 8.0 shows an ENUM member with a 4-byte character as
 * {@code ?} (see the chunk format's known limits), so tests of all types hand in the DDL they created.
 */
final class SnapshotFixture {
    private SnapshotFixture() {}

    static SnapshotManifest build(
            MysqlServer mysql,
            List<String> databases,
            Path dir,
            ChunkCompression compression,
            int ranges,
            Map<String, String> tableDdl)
            throws Exception {
        Files.createDirectories(dir);
        String gtid;
        List<SnapshotManifest.Database> dbs = new ArrayList<>();
        try (Connection c = mysql.connect(null);
                Statement st = c.createStatement()) {
            st.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            st.execute("SET SESSION time_zone = '+00:00'");
            st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
            gtid = mysql.gtidExecuted();
            for (String db : databases) {
                dbs.add(database(c, db, dir, compression, ranges, tableDdl));
            }
            st.execute("COMMIT");
        }
        long rows = dbs.stream()
                .flatMap(d -> d.tables().stream())
                .mapToLong(SnapshotManifest.Table::rows)
                .sum();
        List<SnapshotManifest.Chunk> chunks = dbs.stream()
                .flatMap(d -> d.tables().stream())
                .flatMap(t -> t.chunks().stream())
                .toList();
        SnapshotManifest manifest = new SnapshotManifest(
                SnapshotManifest.FORMAT,
                dir.getFileName().toString(),
                new SnapshotManifest.Source(mysql.serverUuid(), "8.0.31", mysql.host() + ":" + mysql.port()),
                gtid,
                Instant.now().toString(),
                Instant.now().toString(),
                new SnapshotManifest.Consistency("test fixture, no writes", false, 0, 0),
                compression.name().toLowerCase(),
                1,
                new SnapshotManifest.Totals(
                        dbs.stream().mapToInt(d -> d.tables().size()).sum(),
                        rows,
                        chunks.stream().mapToLong(SnapshotManifest.Chunk::bytes).sum(),
                        chunks.stream()
                                .mapToLong(SnapshotManifest.Chunk::uncompressedBytes)
                                .sum()),
                dbs);
        Files.write(dir.resolve(SnapshotManifest.FILE_NAME), manifest.toJson());
        return manifest;
    }

    private static SnapshotManifest.Database database(
            Connection c, String db, Path dir, ChunkCompression compression, int ranges, Map<String, String> tableDdl)
            throws Exception {
        String q = SqlLiteral.identifier(db);
        List<SnapshotManifest.Table> tables = new ArrayList<>();
        for (String name : names(
                c,
                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?"
                        + " AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
                db)) {
            TableSpec spec = TableSpec.read(c, db, name);
            List<KeyRange> keyRanges = spec.primaryKey().isEmpty() || count(c, db, name) < ranges
                    ? List.of(KeyRange.ALL)
                    : SnapshotChunkRoundTripIT.ranges(c, spec, ranges);
            List<SnapshotManifest.Chunk> chunks = new ArrayList<>();
            Files.createDirectories(dir.resolve(db));
            for (int i = 0; i < keyRanges.size(); i++) {
                String file = db + "/" + name + "." + i + ".chunk" + compression.suffix();
                ChunkInfo info =
                        new TableChunkExporter(compression).export(c, spec, keyRanges.get(i), dir.resolve(file));
                chunks.add(SnapshotManifest.Chunk.of(file, info));
            }
            String create = tableDdl.getOrDefault(
                    name, show(c, "SHOW CREATE TABLE " + q + "." + SqlLiteral.identifier(name), 2));
            long rows = chunks.stream().mapToLong(SnapshotManifest.Chunk::rows).sum();
            tables.add(new SnapshotManifest.Table(name, create, spec.primaryKey(), rows, chunks));
        }
        List<SnapshotManifest.DdlObject> views = objects(
                c, db, "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?", "VIEW", n -> "VIEW");
        List<SnapshotManifest.DdlObject> routines = objects(
                c,
                db,
                "SELECT CONCAT(ROUTINE_TYPE, ' ', ROUTINE_NAME) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?",
                null,
                n -> n.substring(0, n.indexOf(' ')));
        List<SnapshotManifest.DdlObject> triggers = objects(
                c,
                db,
                "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?",
                "TRIGGER",
                n -> "TRIGGER");
        List<SnapshotManifest.DdlObject> events = objects(
                c,
                db,
                "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?",
                "EVENT",
                n -> "EVENT");
        return new SnapshotManifest.Database(
                db, show(c, "SHOW CREATE DATABASE " + q, 2), tables, views, triggers, routines, events);
    }

    /** Objects named by {@code sql}; for routines the name is "TYPE name". */
    private static List<SnapshotManifest.DdlObject> objects(
            Connection c, String db, String sql, String fixedType, Function<String, String> typeOf)
            throws SQLException {
        List<SnapshotManifest.DdlObject> objects = new ArrayList<>();
        for (String n : names(c, sql + " ORDER BY 1", db)) {
            String type = fixedType != null ? fixedType : typeOf.apply(n);
            String name = fixedType != null ? n : n.substring(n.indexOf(' ') + 1);
            String show = "SHOW CREATE " + type + " " + SqlLiteral.identifier(db) + "." + SqlLiteral.identifier(name);
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(show)) {
                rs.next();
                if (type.equals("VIEW")) {
                    objects.add(new SnapshotManifest.DdlObject(type, name, rs.getString(2), null, null, null));
                } else {
                    String create =
                            rs.getString(type.equals("TRIGGER") ? "SQL Original Statement" : "Create " + capital(type));
                    objects.add(new SnapshotManifest.DdlObject(
                            type,
                            name,
                            create,
                            rs.getString("sql_mode"),
                            rs.getString("character_set_client"),
                            rs.getString("collation_connection")));
                }
            }
        }
        return objects;
    }

    private static String capital(String type) {
        return type.charAt(0) + type.substring(1).toLowerCase();
    }

    private static List<String> names(Connection c, String sql, String db) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static String show(Connection c, String sql, int column) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(column);
        }
    }

    private static long count(Connection c, String db, String table) throws SQLException {
        return Long.parseLong(
                show(c, "SELECT COUNT(*) FROM " + SqlLiteral.identifier(db) + "." + SqlLiteral.identifier(table), 1));
    }
}
