package io.binlogpitr.common.snapshot;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.snapshot.SnapshotManifest.Database;
import io.binlogpitr.common.snapshot.SnapshotManifest.DdlObject;
import io.binlogpitr.common.sql.SqlLiteral;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the views, routines, triggers and events of the loaded databases, in that order, each in its target
 * database with the {@code sql_mode}, {@code character_set_client} and {@code collation_connection} it was
 * created with (the session's own are put back after each). Views that depend on views not yet created are
 * retried until a round creates none.
 *
 * <p>The statement text reaches the server in the connection's character set (utf8mb4): when the recorded
 * client character set is another one and the text is not plain ASCII, the object is created with
 * {@code character_set_client=utf8mb4} (and the recorded collation), which the server converts from; only the
 * object's recorded client character set differs then, and a warning says so.
 */
final class SchemaObjectWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaObjectWriter.class);

    private record Pending(String schema, DdlObject object, String sql) {}

    private final Statement st;
    private final SnapshotLoadSettings settings;
    private final String sessionSqlMode;
    private final String sessionCharset;
    private final String sessionCollation;

    SchemaObjectWriter(Statement st, SnapshotLoadSettings settings) throws SQLException {
        this.st = st;
        this.settings = settings;
        try (ResultSet rs = st.executeQuery(
                "SELECT @@session.sql_mode, @@session.character_set_client," + " @@session.collation_connection")) {
            rs.next();
            this.sessionSqlMode = rs.getString(1);
            this.sessionCharset = rs.getString(2);
            this.sessionCollation = rs.getString(3);
        }
    }

    /** Creates every object of {@code databases}; returns how many. */
    int createAll(List<Database> databases) throws SQLException {
        List<Pending> views = new ArrayList<>();
        List<Pending> others = new ArrayList<>();
        for (Database db : databases) {
            String schema = settings.targetName(db.name());
            db.views()
                    .forEach(v -> views.add(
                            new Pending(schema, v, SnapshotDdl.renameQualifiers(v.create(), settings.renames()))));
            db.routines().forEach(r -> others.add(new Pending(schema, r, r.create())));
        }
        for (Database db : databases) {
            String schema = settings.targetName(db.name());
            db.triggers().forEach(t -> others.add(new Pending(schema, t, t.create())));
        }
        for (Database db : databases) {
            String schema = settings.targetName(db.name());
            db.events()
                    .forEach(e -> others.add(new Pending(
                            schema, e, settings.enableEvents() ? e.create() : SnapshotDdl.disableEvent(e.create()))));
        }
        createViews(views);
        for (Pending p : others) {
            try {
                create(p);
            } catch (SQLException e) {
                throw failed(p, e);
            }
        }
        return views.size() + others.size();
    }

    /** Rounds over the views not created yet, until all are or a round creates none. */
    private void createViews(List<Pending> views) throws SQLException {
        List<Pending> pending = new ArrayList<>(views);
        while (!pending.isEmpty()) {
            List<Pending> failedNow = new ArrayList<>();
            SQLException last = null;
            for (Pending p : pending) {
                try {
                    create(p);
                } catch (SQLException e) {
                    failedNow.add(p);
                    last = e;
                }
            }
            if (failedNow.size() == pending.size()) {
                throw failed(failedNow, last);
            }
            pending = failedNow;
        }
    }

    private void create(Pending p) throws SQLException {
        st.execute("USE " + SqlLiteral.identifier(p.schema()));
        DdlObject o = p.object();
        String charset = o.characterSet();
        if (charset != null && !charset.toLowerCase(Locale.ROOT).startsWith("utf8") && !SnapshotDdl.isAscii(p.sql())) {
            LOG.warn(
                    "{} {}.{} was created with character_set_client {}; it is not ASCII, so it is created with"
                            + " utf8mb4 (and collation_connection {})",
                    o.type(),
                    p.schema(),
                    o.name(),
                    charset,
                    o.collation());
            charset = "utf8mb4";
        }
        try {
            if (o.sqlMode() != null) {
                st.execute("SET SESSION sql_mode = " + SnapshotDdl.literal(o.sqlMode()));
            }
            if (charset != null) {
                st.execute("SET SESSION character_set_client = " + SnapshotDdl.literal(charset));
            }
            if (o.collation() != null) {
                st.execute("SET SESSION collation_connection = " + SnapshotDdl.literal(o.collation()));
            }
            if (o.timeZone() != null) {
                st.execute("SET SESSION time_zone = " + SnapshotDdl.literal(o.timeZone()));
            }
            st.execute(p.sql());
        } finally {
            st.execute("SET SESSION sql_mode = " + SnapshotDdl.literal(sessionSqlMode) + ", character_set_client = "
                    + SnapshotDdl.literal(sessionCharset) + ", collation_connection = "
                    + SnapshotDdl.literal(sessionCollation) + ", time_zone = '+00:00'");
        }
    }

    private static PitrException failed(Pending p, SQLException e) {
        return failed(List.of(p), e);
    }

    private static PitrException failed(List<Pending> ps, SQLException last) {
        List<String> names = ps.stream()
                .map(p -> p.object().type().toLowerCase(Locale.ROOT) + " " + p.schema() + "."
                        + p.object().name())
                .toList();
        return new PitrException(
                ErrorCode.SNAPSHOT_LOAD_FAILED,
                "cannot create " + String.join(", ", names) + ": " + PitrException.firstLine(last.getMessage())
                        + ParallelChunkLoad.mysqlCode(last),
                "the tables are loaded; fix the cause (a missing referenced object or database, a definer account"
                        + " without SET_USER_ID) and create it by hand, or drop the target databases and load again",
                last);
    }
}
