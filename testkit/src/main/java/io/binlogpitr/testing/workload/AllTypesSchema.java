package io.binlogpitr.testing.workload;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Tables that cover every MySQL column type, for round-trip tests. Three tables share the same value
 * columns and differ only in their keys: an auto-increment primary key, a composite primary key, and
 * no primary key at all (rows there are a multiset, identified by the non-unique {@code rid}).
 */
public final class AllTypesSchema {

    /** What kind of value a column holds; {@link RandomRows} generates values by kind. */
    public enum Kind {
        INT,
        DECIMAL,
        FLOAT,
        DOUBLE,
        BIT,
        ENUM,
        SET,
        JSON,
        BLOB,
        TEXT,
        CHAR,
        BINARY,
        DATE,
        TIME,
        DATETIME,
        TIMESTAMP,
        YEAR,
        GEOMETRY,
        POINT
    }

    /**
     * One column. {@code size} is the bit width of an INT, the precision of a DECIMAL, the bit count of a
     * BIT, the maximum length (characters or bytes) of a string; {@code scale} is the DECIMAL scale or the
     * fractional-seconds precision; {@code charset} is null for non-text columns.
     */
    public record Column(
            String name, String sqlType, Kind kind, int size, int scale, boolean unsigned, String charset) {

        /** The SQL placeholder that turns the bound JDBC parameter into a value of this column. */
        public String placeholder() {
            return switch (kind) {
                case GEOMETRY, POINT -> "ST_GeomFromText(?)";
                default -> "?";
            };
        }
    }

    /** One table; {@code primaryKey} is empty for the table without a primary key. */
    public record Table(String name, List<Column> keyColumns, List<Column> valueColumns, List<String> primaryKey) {

        public List<Column> allColumns() {
            List<Column> all = new ArrayList<>(keyColumns);
            all.addAll(valueColumns);
            return all;
        }

        public boolean autoIncrement() {
            return keyColumns.stream().anyMatch(c -> c.sqlType().contains("AUTO_INCREMENT"));
        }

        public String createSql() {
            String cols = allColumns().stream()
                    .map(c -> "`" + c.name() + "` " + c.sqlType())
                    .collect(Collectors.joining(",\n  "));
            String pk = primaryKey.isEmpty()
                    ? ",\n  KEY (rid)"
                    : ",\n  PRIMARY KEY (" + String.join(", ", primaryKey) + ")";
            return "CREATE TABLE `" + name + "` (\n  " + cols + pk + "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
        }
    }

    public static final String AUTO_PK = "all_types_auto";
    public static final String COMPOSITE_PK = "all_types_composite";
    public static final String NO_PK = "all_types_nopk";

    private AllTypesSchema() {}

    /** The three all-types tables. */
    public static List<Table> tables() {
        List<Column> values = valueColumns();
        return List.of(
                new Table(
                        AUTO_PK,
                        List.of(new Column(
                                "id", "BIGINT UNSIGNED NOT NULL AUTO_INCREMENT", Kind.INT, 64, 0, true, null)),
                        values,
                        List.of("id")),
                new Table(
                        COMPOSITE_PK,
                        List.of(
                                new Column("k1", "INT NOT NULL", Kind.INT, 32, 0, false, null),
                                new Column(
                                        "k2",
                                        "VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL",
                                        Kind.TEXT,
                                        16,
                                        0,
                                        false,
                                        "ascii")),
                        values,
                        List.of("k1", "k2")),
                new Table(
                        NO_PK,
                        List.of(new Column("rid", "INT NOT NULL", Kind.INT, 32, 0, false, null)),
                        values,
                        List.of()));
    }

    public static Table table(String name) {
        return tables().stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no all-types table named " + name));
    }

    /**
     * The three tables with the ENUM member '😀' replaced by '€': MySQL 8.0 shows a member with a 4-byte character as
     * '?' in SHOW CREATE TABLE and information_schema, so a table created from the shown DDL rejects those rows. For
     * tests whose target tables are created from the source's shown DDL (snapshots).
     */
    public static List<Table> tablesWithShowableDdl() {
        return tables().stream()
                .map(t -> new Table(
                        t.name(),
                        t.keyColumns(),
                        t.valueColumns().stream()
                                .map(c -> c.name().equals("c_enum")
                                        ? new Column(
                                                c.name(),
                                                c.sqlType().replace("😀", "€"),
                                                c.kind(),
                                                c.size(),
                                                c.scale(),
                                                c.unsigned(),
                                                c.charset())
                                        : c)
                                .toList(),
                        t.primaryKey()))
                .toList();
    }

    /** The members of an {@code ENUM(...)} or {@code SET(...)} type, in order. */
    static List<String> members(String sqlType) {
        List<String> members = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("'((?:[^']|'')*)'")
                .matcher(sqlType.substring(0, sqlType.lastIndexOf(')') + 1));
        while (m.find()) {
            members.add(m.group(1).replace("''", "'"));
        }
        return members;
    }

    /** Creates the three tables in the connection's current database. */
    public static void create(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            for (Table t : tables()) {
                st.execute(t.createSql());
            }
        }
    }

    static List<Column> valueColumns() {
        List<Column> c = new ArrayList<>();
        integers(c);
        c.add(new Column("c_dec65_30", "DECIMAL(65,30) NULL", Kind.DECIMAL, 65, 30, false, null));
        c.add(new Column("c_dec10_2", "DECIMAL(10,2) NULL", Kind.DECIMAL, 10, 2, false, null));
        c.add(new Column("c_dec20_0", "DECIMAL(20,0) NULL", Kind.DECIMAL, 20, 0, false, null));
        c.add(new Column("c_dec9_9", "DECIMAL(9,9) NULL", Kind.DECIMAL, 9, 9, false, null));
        c.add(new Column("c_float", "FLOAT NULL", Kind.FLOAT, 0, 0, false, null));
        c.add(new Column("c_double", "DOUBLE NULL", Kind.DOUBLE, 0, 0, false, null));
        c.add(new Column("c_bit1", "BIT(1) NULL", Kind.BIT, 1, 0, false, null));
        c.add(new Column("c_bit13", "BIT(13) NULL", Kind.BIT, 13, 0, false, null));
        c.add(new Column("c_bit64", "BIT(64) NULL", Kind.BIT, 64, 0, false, null));
        c.add(new Column("c_enum", "ENUM('a','b','c d','é','😀','') NULL", Kind.ENUM, 6, 0, false, null));
        c.add(new Column("c_set64", "SET(" + setMembers() + ") NULL", Kind.SET, 64, 0, false, null));
        c.add(new Column("c_json", "JSON NULL", Kind.JSON, 0, 0, false, null));
        c.add(new Column("c_tinyblob", "TINYBLOB NULL", Kind.BLOB, 255, 0, false, null));
        c.add(new Column("c_blob", "BLOB NULL", Kind.BLOB, 2000, 0, false, null));
        c.add(new Column("c_mediumblob", "MEDIUMBLOB NULL", Kind.BLOB, 70_000, 0, false, null));
        c.add(new Column("c_longblob", "LONGBLOB NULL", Kind.BLOB, 3000, 0, false, null));
        c.add(new Column("c_tinytext_utf8", "TINYTEXT CHARACTER SET utf8mb4 NULL", Kind.TEXT, 60, 0, false, "utf8mb4"));
        c.add(new Column("c_text_latin1", "TEXT CHARACTER SET latin1 NULL", Kind.TEXT, 500, 0, false, "latin1"));
        c.add(new Column("c_mediumtext_bin", "MEDIUMTEXT CHARACTER SET binary NULL", Kind.BLOB, 500, 0, false, null));
        c.add(new Column(
                "c_longtext_utf8", "LONGTEXT CHARACTER SET utf8mb4 NULL", Kind.TEXT, 1000, 0, false, "utf8mb4"));
        strings(c);
        temporals(c);
        c.add(new Column("c_year", "YEAR NULL", Kind.YEAR, 0, 0, false, null));
        c.add(new Column("c_geometry", "GEOMETRY NULL", Kind.GEOMETRY, 0, 0, false, null));
        c.add(new Column("c_point", "POINT NULL", Kind.POINT, 0, 0, false, null));
        return List.copyOf(c);
    }

    private static void integers(List<Column> c) {
        String[] names = {"tinyint", "smallint", "mediumint", "int", "bigint"};
        int[] bits = {8, 16, 24, 32, 64};
        for (int i = 0; i < names.length; i++) {
            String type = names[i].toUpperCase();
            c.add(new Column("c_" + names[i], type + " NULL", Kind.INT, bits[i], 0, false, null));
            c.add(new Column("c_u" + names[i], type + " UNSIGNED NULL", Kind.INT, bits[i], 0, true, null));
        }
    }

    private static void strings(List<Column> c) {
        c.add(new Column("c_char_utf8", "CHAR(10) CHARACTER SET utf8mb4 NULL", Kind.CHAR, 10, 0, false, "utf8mb4"));
        c.add(new Column("c_char_latin1", "CHAR(10) CHARACTER SET latin1 NULL", Kind.CHAR, 10, 0, false, "latin1"));
        c.add(new Column("c_char_ascii", "CHAR(5) CHARACTER SET ascii NULL", Kind.CHAR, 5, 0, false, "ascii"));
        c.add(new Column("c_char_gbk", "CHAR(6) CHARACTER SET gbk NULL", Kind.CHAR, 6, 0, false, "gbk"));
        c.add(new Column(
                "c_varchar_utf8", "VARCHAR(300) CHARACTER SET utf8mb4 NULL", Kind.TEXT, 300, 0, false, "utf8mb4"));
        c.add(new Column(
                "c_varchar_latin1", "VARCHAR(40) CHARACTER SET latin1 NULL", Kind.TEXT, 40, 0, false, "latin1"));
        c.add(new Column("c_varchar_utf16", "VARCHAR(20) CHARACTER SET utf16 NULL", Kind.TEXT, 20, 0, false, "utf16"));
        c.add(new Column("c_varchar_sjis", "VARCHAR(20) CHARACTER SET sjis NULL", Kind.TEXT, 20, 0, false, "sjis"));
        c.add(new Column("c_binary8", "BINARY(8) NULL", Kind.BINARY, 8, 0, false, null));
        c.add(new Column("c_varbinary", "VARBINARY(300) NULL", Kind.BLOB, 300, 0, false, null));
    }

    private static void temporals(List<Column> c) {
        c.add(new Column("c_date", "DATE NULL", Kind.DATE, 0, 0, false, null));
        for (int fsp = 0; fsp <= 6; fsp++) {
            c.add(new Column("c_time" + fsp, "TIME(" + fsp + ") NULL", Kind.TIME, 0, fsp, false, null));
        }
        for (int fsp : new int[] {0, 3, 6}) {
            c.add(new Column("c_datetime" + fsp, "DATETIME(" + fsp + ") NULL", Kind.DATETIME, 0, fsp, false, null));
        }
        for (int fsp : new int[] {0, 2, 6}) {
            c.add(new Column(
                    "c_timestamp" + fsp,
                    "TIMESTAMP(" + fsp + ") NULL DEFAULT NULL",
                    Kind.TIMESTAMP,
                    0,
                    fsp,
                    false,
                    null));
        }
    }

    /** Sixty-four members, so the highest one sets the sign bit of the SET bitmask. */
    static String setMembers() {
        return IntStream.range(0, 64)
                .mapToObj(AllTypesSchema::setMember)
                .map(m -> "'" + m + "'")
                .collect(Collectors.joining(","));
    }

    static String setMember(int i) {
        return i == 1 ? "é" : "m" + i;
    }
}
