package io.binlogpitr.restore.flashback;

import java.util.List;

/**
 * The session settings under which generated row statements mean exactly the journaled values: TIMESTAMP text in
 * UTC, an explicit 0 in an AUTO_INCREMENT column kept as 0, zero and invalid dates a permissive source stored
 * accepted as they are, and anything that would be truncated or converted refused (strict).
 */
public final class SessionSetup {
    public static final List<String> STATEMENTS = List.of(
            "SET NAMES utf8mb4",
            "SET SESSION time_zone = '+00:00'",
            "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_AUTO_VALUE_ON_ZERO,ALLOW_INVALID_DATES,NO_ENGINE_SUBSTITUTION'");

    private SessionSetup() {}

    /** The settings as the first statements of a script. */
    public static void write(io.binlogpitr.restore.changes.SqlScript script) {
        for (String s : STATEMENTS) {
            script.statement(s);
        }
    }
}
