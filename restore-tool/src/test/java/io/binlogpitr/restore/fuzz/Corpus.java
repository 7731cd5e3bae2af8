package io.binlogpitr.restore.fuzz;

import io.binlogpitr.testing.MysqlServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The corpus of test resources {@code corpus/<name>/}: {@code schema.sql} (tables, views, triggers, routines,
 * events), optionally {@code views.sql} (views kept apart from tables other tests load too) and {@code data.sql}, each a script of statements ended by {@code ;} at a line's end, or by the
 * delimiter a {@code DELIMITER} line sets (as the mysql client reads them). Each loads into the database
 * {@code <name>}. Sources and licences: {@code corpus/README.md}.
 */
public final class Corpus {
    static final List<String> NAMES =
            List.of("sakila", "employees", "chinook", "wordpress", "gitea", "mtr", "mediawiki");

    private Corpus() {}

    /**
     * Loads {@code <name>/schema.sql}, its {@code views.sql} if present, its {@code triggers.sql} if asked and
     * present, then {@code data.sql}.
     */
    static void load(MysqlServer source, String name, boolean triggers) throws SQLException {
        source.execute("CREATE DATABASE `" + name + "`");
        try (Connection c = source.connect(name);
                Statement st = c.createStatement()) {
            List<String> files = new java.util.ArrayList<>(List.of("schema.sql"));
            if (Corpus.class.getResource("/corpus/" + name + "/views.sql") != null) {
                files.add("views.sql");
            }
            if (triggers && Corpus.class.getResource("/corpus/" + name + "/triggers.sql") != null) {
                files.add("triggers.sql");
            }
            files.add("data.sql");
            for (String file : files) {
                for (String sql : statements(read(name + "/" + file))) {
                    try {
                        st.execute(sql);
                    } catch (SQLException e) {
                        throw new SQLException("corpus " + name + "/" + file + ": " + e.getMessage() + ": " + sql, e);
                    }
                }
            }
        }
    }

    /**
     * The statements of test resources, in order, each a script as {@link #statements(String)} reads it: {@code
     * corpus/employees/schema.sql} then {@code flashback/employees-fk.sql} for the foreign-key tests.
     */
    public static List<String> statementsOf(String... resources) {
        List<String> out = new ArrayList<>();
        for (String resource : resources) {
            try (InputStream in = Corpus.class.getResourceAsStream("/" + resource)) {
                if (in == null) {
                    throw new IllegalStateException("no test resource " + resource);
                }
                out.addAll(statements(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    static String read(String path) {
        try (InputStream in = Corpus.class.getResourceAsStream("/corpus/" + path)) {
            if (in == null) {
                throw new IllegalStateException("no test resource corpus/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read corpus/" + path + ": " + e.getMessage(), e);
        }
    }

    /** The statements of a script, comments ({@code -- } lines) dropped, DELIMITER lines obeyed. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        String delimiter = ";";
        StringBuilder cur = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            String trimmed = line.strip();
            if (cur.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("-- "))) {
                continue;
            }
            if (trimmed.toUpperCase(java.util.Locale.ROOT).startsWith("DELIMITER ")) {
                delimiter = trimmed.substring("DELIMITER ".length()).strip();
                continue;
            }
            if (trimmed.endsWith(delimiter)) {
                cur.append(line, 0, line.lastIndexOf(delimiter));
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(line).append('\n');
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().strip());
        }
        return out;
    }
}
