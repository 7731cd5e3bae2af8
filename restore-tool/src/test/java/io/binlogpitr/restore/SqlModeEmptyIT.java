package io.binlogpitr.restore;

import java.util.List;

/**
 * Source and target in the empty sql_mode of legacy applications: zero dates as column defaults and values, no
 * strict mode, backslash escapes in string literals.
 */
class SqlModeEmptyIT extends SqlModeCase {
    @Override
    String mode() {
        return "";
    }

    @Override
    List<String> schema() {
        return List.of(
                "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL DEFAULT 'a\\\\b\\'c',"
                        + " made DATE NOT NULL DEFAULT '0000-00-00', seen DATETIME NOT NULL DEFAULT"
                        + " '0000-00-00 00:00:00', code CHAR(8))",
                "CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, item INT, what VARCHAR(200))",
                "CREATE TABLE strs (id INT PRIMARY KEY, s VARCHAR(100), t TEXT, c CHAR(10),"
                        + " d DATE NOT NULL DEFAULT '0000-00-00')",
                "INSERT INTO items (id, name, made, code) VALUES (1, 'x\\\\y', '0000-00-00', 'C\\\\1'),"
                        + " (2, 'it''s', '2020-02-30', '\"q\"'), (3, DEFAULT, DEFAULT, NULL)",
                "INSERT INTO strs (id, s, t, c, d) VALUES (1, " + TRICKY + ", 'a\\\\nb', 'c\\\\', '0000-00-00'),"
                        + " (2, 'x\\\\', '\\\\\\\\', '\"', '2019-00-00'), (3, '\\'', '\\\\\\'', 'z', DEFAULT),"
                        + " (4, 'p\\\\%', " + TRICKY + ", '\\0', '2001-01-01'), (5, 'plain', NULL, '', DEFAULT),"
                        + " (6, 'tab\\t', 'new\\nline', '\\\\\\\\\\\\', '0000-01-01')",
                "CREATE VIEW v_items AS SELECT id, CONCAT(name, '\\\\', code) AS joined FROM items"
                        + " WHERE name <> 'it\\'s' AND made = '0000-00-00'",
                "CREATE TRIGGER t_items AFTER INSERT ON items FOR EACH ROW INSERT INTO audit (item, what)"
                        + " VALUES (NEW.id, CONCAT('ins\\\\', NEW.name))",
                "CREATE PROCEDURE p_count(OUT n INT) BEGIN SELECT COUNT(*) INTO n FROM strs WHERE s LIKE '%\\\\\\\\%'"
                        + " AND d = '0000-00-00'; END",
                "CREATE FUNCTION f_label(x VARCHAR(20)) RETURNS VARCHAR(40) DETERMINISTIC RETURN CONCAT('it\\'s\\\\ ',"
                        + " x)",
                "CREATE EVENT e_tick ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DISABLE DO DELETE FROM"
                        + " audit WHERE what = 'old\\\\'");
    }

    @Override
    List<String> window() {
        return List.of(
                "ALTER TABLE items ADD COLUMN memo VARCHAR(30) NOT NULL DEFAULT 'm\\\\\\'m',"
                        + " ADD COLUMN due DATE NOT NULL DEFAULT '0000-00-00'",
                "UPDATE items SET name = 'four\\\\', code = 'D''4', made = '0000-00-00' WHERE id = 3",
                "UPDATE strs SET t = CONCAT(t, '\\\\tail'), d = '0000-00-00' WHERE id IN (1, 4)",
                "CREATE TABLE later (k VARCHAR(10) PRIMARY KEY, v TEXT, at DATETIME NOT NULL DEFAULT"
                        + " '0000-00-00 00:00:00')",
                "INSERT INTO later (k, v) VALUES ('k\\\\1', 'v''1'), ('k2', " + TRICKY + ")",
                "ALTER TABLE later RENAME COLUMN v TO val",
                "CREATE OR REPLACE VIEW v_later AS SELECT CONCAT(k, val) AS kv FROM later",
                "INSERT INTO strs (id, s, t, c) VALUES (7, 'seven\\'s', 'k', NULL)");
    }
}
