package io.binlogpitr.agent.snapshot;

import io.binlogpitr.agent.source.SourceConnections;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source connections of one {@link SnapshotTaker}: it tracks every connection it opens, so that a failure or
 * {@link #cancel()} aborts them all at once (a worker blocked in a read returns at once) and none opens after a
 * cancel. Also the two statement helpers the snapshot's classes share.
 */
final class SnapshotConnections {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotConnections.class);

    private final SourceConnections source;
    private final List<Connection> open = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;

    SnapshotConnections(SourceConnections source) {
        this.source = source;
    }

    String address() {
        return source.address();
    }

    /** A new connection to the source, aborted with the others by {@link #abortAll()}. */
    Connection open() {
        if (cancelled) {
            throw new IllegalStateException("cancelled");
        }
        Connection c = source.open();
        open.add(c);
        return c;
    }

    void cancel() {
        cancelled = true;
        abortAll();
    }

    boolean cancelled() {
        return cancelled;
    }

    void abortAll() {
        for (Connection c : open) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                LOG.debug("abort of a snapshot connection failed: {}", e.toString());
            }
        }
        open.clear();
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** The first row of the query's result, each column as a string. */
    static String[] row(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            String[] out = new String[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < out.length; i++) {
                out[i] = rs.getString(i + 1);
            }
            return out;
        }
    }
}
