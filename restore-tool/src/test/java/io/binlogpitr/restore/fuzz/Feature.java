package io.binlogpitr.restore.fuzz;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The feature classes of the differential fuzzer, each a switch. {@link #PASSING} are the ones that pass on today's
 * code and run in the test suite; the others pin open defects (issue 11) and are enabled as the fixes merge:
 * {@code -Dfuzz.features=default,+fk_cascade} or {@code bin/pitr-fuzz --features all}.
 */
enum Feature {
    /** The corpus schemas of test resources corpus/: tables, views, routines, events, their data. */
    CORPUS,
    /** Concurrent INSERT/UPDATE/DELETE on every table, single statements and multi-statement transactions. */
    DML,
    /** ALTER TABLE ADD/MODIFY/DROP COLUMN and ADD/DROP INDEX on the tables of the run. */
    ALTER,
    /** CREATE TABLE with a random mix of every column type, DROP TABLE, RENAME TABLE, TRUNCATE TABLE. */
    TABLES,
    /** DEFAULT CURRENT_TIMESTAMP, ON UPDATE CURRENT_TIMESTAMP and DEFAULT (expr) columns in random tables. */
    EXPRESSION_DEFAULTS,
    /** STORED and VIRTUAL generated columns in random tables. */
    GENERATED_COLUMNS,
    /** INVISIBLE columns in random tables. */
    INVISIBLE_COLUMNS,
    /** PARTITION BY HASH / RANGE random tables. */
    PARTITIONS,
    /** Random tables without a primary key, written with duplicate rows. */
    NO_PK,
    /** Parent/child tables with ON DELETE CASCADE / SET NULL, parents deleted and re-keyed. */
    FK_CASCADE,
    /** AFTER INSERT/UPDATE/DELETE triggers writing an audit table. */
    TRIGGERS,
    /** CREATE TABLE ... SELECT. */
    CTAS,
    /** DROP DATABASE and CREATE DATABASE of a scratch database, with tables. */
    DATABASES,
    /** Writer sessions switch binlog_transaction_compression on and off. */
    COMPRESSED,
    /** BIGINT UNSIGNED at and near 2^64-1, and the other integer limits. */
    EDGE_VALUES,
    /** utf8mb4 text with 4-byte characters, including ENUM and SET members. */
    FOUR_BYTE_CHARS,
    /** The source runs with binlog_row_metadata=MINIMAL (MySQL 8.0's default) instead of FULL. */
    MINIMAL_METADATA,
    /** A second snapshot taken with data, while writers run, between restore points. */
    MID_SNAPSHOT,
    /** pt-online-schema-change alters a table while the writers run. */
    ONLINE_SCHEMA_CHANGE,
    /** Each point is also restored into a renamed side database (--rename-db) on a server holding the first. */
    RENAME_DB,
    /** After a DML-only window, flashback --apply of that window must give the previous point's state back. */
    FLASHBACK;

    /** What passes on today's code: the in-suite fixed-seed run uses exactly these. */
    static final Set<Feature> PASSING = EnumSet.of(
            CORPUS,
            DML,
            ALTER,
            TABLES,
            EXPRESSION_DEFAULTS,
            GENERATED_COLUMNS,
            INVISIBLE_COLUMNS,
            PARTITIONS,
            NO_PK,
            FK_CASCADE,
            TRIGGERS,
            CTAS,
            DATABASES,
            COMPRESSED,
            EDGE_VALUES,
            FOUR_BYTE_CHARS,
            MINIMAL_METADATA,
            MID_SNAPSHOT,
            RENAME_DB);

    /**
     * Parses {@code default}, {@code all}, {@code none} and names (any case, {@code -} or {@code _}), each optionally
     * prefixed with {@code +} (add) or {@code -} (remove), separated by commas: {@code default,+ctas,-flashback}.
     */
    static Set<Feature> parse(String spec) {
        Set<Feature> out = EnumSet.noneOf(Feature.class);
        for (String raw : spec.split(",")) {
            String item = raw.strip();
            if (item.isEmpty()) {
                continue;
            }
            boolean remove = item.startsWith("-");
            String name = item.startsWith("+") || remove ? item.substring(1) : item;
            Set<Feature> named = named(name);
            if (remove) {
                out.removeAll(named);
            } else {
                out.addAll(named);
            }
        }
        return out;
    }

    private static Set<Feature> named(String name) {
        String key = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        return switch (key) {
            case "DEFAULT" -> EnumSet.copyOf(PASSING);
            case "ALL" -> EnumSet.allOf(Feature.class);
            case "NONE" -> EnumSet.noneOf(Feature.class);
            default -> {
                try {
                    yield EnumSet.of(valueOf(key));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "unknown feature class '" + name + "'; expected default, all, none or one of "
                                    + EnumSet.allOf(Feature.class),
                            e);
                }
            }
        };
    }
}
