package io.binlogpitr.restore;

import java.util.List;

/**
 * Source and target in {@code ANSI,NO_BACKSLASH_ESCAPES} (REAL_AS_FLOAT, PIPES_AS_CONCAT, ANSI_QUOTES, IGNORE_SPACE,
 * ONLY_FULL_GROUP_BY): SHOW CREATE quotes with double quotes in such a session, a backslash is an ordinary character
 * in a string literal, and the schema is written in that dialect.
 */
class SqlModeAnsiIT extends SqlModeCase {
    @Override
    String mode() {
        return "ANSI,NO_BACKSLASH_ESCAPES";
    }

    @Override
    List<String> schema() {
        return List.of(
                "CREATE TABLE \"items\" (\"id\" INT PRIMARY KEY, \"name\" VARCHAR(64) NOT NULL DEFAULT 'a\\b''c',"
                        + " \"code\" CHAR(8), \"price\" REAL)",
                // not changed in the window: a sql script writes the generated columns of rows it changes (open)
                "CREATE TABLE \"gen\" (\"a\" VARCHAR(10) PRIMARY KEY, \"b\" VARCHAR(10), \"ab\" VARCHAR(21) AS"
                        + " (\"a\" || '\\' || \"b\"))",
                "INSERT INTO \"gen\" (\"a\", \"b\") VALUES ('x''', 'y\\')",
                "CREATE TABLE \"audit\" (\"id\" INT AUTO_INCREMENT PRIMARY KEY, \"item\" INT, \"what\" VARCHAR(200))",
                "CREATE TABLE \"strs\" (\"id\" INT PRIMARY KEY, \"s\" VARCHAR(100), \"t\" TEXT, \"c\" CHAR(10))",
                "INSERT INTO \"items\" (\"id\", \"name\", \"code\", \"price\") VALUES (1, 'x\\y', 'C\\1', 1.5),"
                        + " (2, 'it''s', '\"q\"', 2.25), (3, DEFAULT, NULL, NULL)",
                "INSERT INTO \"strs\" VALUES (1, " + TRICKY + ", 'a\\nb', 'c\\'), (2, 'x\\', '\\\\', '\"'),"
                        + " (3, '''', '\\''', 'z'), (4, 'p\\%', " + TRICKY + ", '\\0'), (5, 'plain', NULL, ''),"
                        + " (6, 'tab\\t', 'new\\nline', '\\\\\\')",
                "CREATE VIEW \"v_items\" AS SELECT \"id\", \"name\" || '\\' || \"code\" AS \"joined\" FROM \"items\""
                        + " WHERE \"name\" <> 'it''s'",
                "CREATE TRIGGER \"t_items\" AFTER INSERT ON \"items\" FOR EACH ROW INSERT INTO \"audit\" (\"item\","
                        + " \"what\") VALUES (NEW.\"id\", 'ins\\' || NEW.\"name\")",
                "CREATE PROCEDURE \"p_count\"(OUT \"n\" INT) BEGIN SELECT COUNT(*) INTO \"n\" FROM \"strs\" WHERE"
                        + " \"s\" LIKE '%\\%'; END",
                "CREATE FUNCTION \"f_label\"(\"x\" VARCHAR(20)) RETURNS VARCHAR(40) DETERMINISTIC RETURN 'it''s\\ '"
                        + " || \"x\"",
                "CREATE EVENT \"e_tick\" ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DISABLE DO DELETE FROM"
                        + " \"audit\" WHERE \"what\" = 'old\\'");
    }

    @Override
    List<String> window() {
        return List.of(
                "ALTER TABLE \"items\" ADD COLUMN \"memo\" VARCHAR(30) NOT NULL DEFAULT 'm\\''m'",
                "UPDATE \"items\" SET \"name\" = 'four\\', \"code\" = 'D''4' WHERE \"id\" = 3",
                "UPDATE \"strs\" SET \"t\" = \"t\" || '\\tail' WHERE \"id\" IN (1, 4)",
                "CREATE TABLE \"later\" (\"k\" VARCHAR(10) PRIMARY KEY, \"v\" TEXT)",
                "INSERT INTO \"later\" VALUES ('k\\1', 'v''1'), ('k2', " + TRICKY + ")",
                "ALTER TABLE \"later\" RENAME COLUMN \"v\" TO \"val\"",
                "CREATE OR REPLACE VIEW \"v_later\" AS SELECT \"k\" || \"val\" AS \"kv\" FROM \"later\"",
                "INSERT INTO \"strs\" VALUES (7, 'seven\\''s', 'k', NULL)");
    }
}
