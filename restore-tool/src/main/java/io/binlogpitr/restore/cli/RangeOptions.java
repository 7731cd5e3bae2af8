package io.binlogpitr.restore.cli;

import io.binlogpitr.common.binlog.RowChange;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.restore.changes.ChangeFilter;
import io.binlogpitr.restore.plan.Arguments;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Option;

/** The repository, range and filter options {@code find}, {@code sql} and {@code flashback} share. */
final class RangeOptions {
    @Option(names = "--repo", required = true, paramLabel = "DIR", description = "the repository directory")
    Path repo;

    @Option(
            names = "--from-time",
            paramLabel = "TIME",
            description = "first commit time included (ISO-8601 with Z or an offset)")
    String fromTime;

    @Option(names = "--to-time", paramLabel = "TIME", description = "last commit time included")
    String toTime;

    @Option(names = "--gtid", paramLabel = "GTIDSET", description = "only these transactions (a GTID set)")
    String gtid;

    @Option(names = "--databases", split = ",", paramLabel = "DB", description = "only these databases")
    List<String> databases = List.of();

    @Option(names = "--tables", split = ",", paramLabel = "DB.TABLE", description = "only these tables")
    List<String> tables = List.of();

    @Option(
            names = "--type",
            split = ",",
            paramLabel = "TYPE",
            description = "only these changes: delete, update, insert (rows) and ddl (statements); default all")
    List<String> types = List.of();

    /** The filter the options describe. */
    ChangeFilter filter() {
        Instant from = fromTime == null ? null : Arguments.time("--from-time", fromTime);
        Instant to = toTime == null ? null : Arguments.time("--to-time", toTime);
        if (from != null && to != null && from.isAfter(to)) {
            throw new PitrException(
                    ErrorCode.USAGE,
                    "--from-time " + from + " is after --to-time " + to,
                    "give the earlier time to --from-time");
        }
        GtidSet set = null;
        if (gtid != null) {
            try {
                set = GtidSet.parse(gtid);
            } catch (IllegalArgumentException e) {
                throw new PitrException(
                        ErrorCode.USAGE,
                        "--gtid: " + e.getMessage(),
                        "give a GTID set such as 3e11fa47-71ca-11e1-9e33-c80aa9429562:812 or uuid:10-20");
            }
            if (set.isEmpty()) {
                throw new PitrException(ErrorCode.USAGE, "--gtid is empty", "name at least one transaction");
            }
        }
        Set<RowChange.Type> rowTypes = EnumSet.noneOf(RowChange.Type.class);
        boolean ddl = types.isEmpty();
        for (String t : types) {
            switch (t.trim().toLowerCase(Locale.ROOT)) {
                case "delete" -> rowTypes.add(RowChange.Type.DELETE);
                case "update" -> rowTypes.add(RowChange.Type.UPDATE);
                case "insert" -> rowTypes.add(RowChange.Type.INSERT);
                case "ddl" -> ddl = true;
                default -> throw new PitrException(
                        ErrorCode.USAGE,
                        "--type '" + t + "' is not a change type",
                        "use delete, update, insert or ddl (comma-separated for several)");
            }
        }
        if (types.isEmpty()) {
            rowTypes = EnumSet.allOf(RowChange.Type.class);
        }
        Set<String> tableSet = new LinkedHashSet<>();
        for (String t : tables) {
            if (t.indexOf('.') <= 0 || t.endsWith(".")) {
                throw new PitrException(
                        ErrorCode.USAGE, "--tables '" + t + "' is not db.table", "name each table as db.table");
            }
            tableSet.add(t);
        }
        return new ChangeFilter(from, to, set, new LinkedHashSet<>(databases), tableSet, rowTypes, ddl);
    }

    /** Whether a range was named: --gtid, or both times. */
    boolean bounded() {
        return gtid != null || (fromTime != null && toTime != null);
    }
}
