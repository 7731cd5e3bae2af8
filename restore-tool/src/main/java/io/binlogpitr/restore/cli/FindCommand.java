package io.binlogpitr.restore.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.binlogpitr.common.repository.LeaseClaim;
import io.binlogpitr.common.repository.ReaderLease;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.restore.changes.ChangeCounts;
import io.binlogpitr.restore.changes.ChangeReader;
import io.binlogpitr.restore.changes.TransactionChanges;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pitr-restore find}: one line per journaled transaction that matches, to find the GTID of a mistake. */
@Command(
        name = "find",
        mixinStandardHelpOptions = true,
        description = "List the journaled transactions that match: GTID, commit time, rows per table and type, and"
                + " the original SQL when the source logged it.")
final class FindCommand implements Callable<Integer> {
    private static final int SQL_SHOWN = 300;

    @Mixin
    RangeOptions range;

    @Option(names = "--json", description = "print one JSON object per transaction (JSON lines) for scripts")
    boolean json;

    @Option(names = "--verbose", description = "print stack traces with errors")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        RepositoryLayout repo = RepositoryLayout.openExisting(range.repo);
        PrintStream out = System.out;
        long found = 0;
        try (ReaderLease lease = ReaderLease.take(repo, LeaseClaim.everything("pitr-restore find"));
                ChangeReader reader = ChangeReader.openForCounts(repo, range.filter());
                JsonGenerator g = json ? jsonOut(out) : null) {
            Optional<TransactionChanges> t;
            while ((t = reader.next()).isPresent()) {
                found++;
                if (json) {
                    writeJson(g, t.get());
                    out.print('\n');
                } else {
                    out.println(line(t.get()));
                }
            }
            if (!json) {
                out.printf(
                        "# %d matching transaction%s of %d read%n",
                        found, found == 1 ? "" : "s", reader.transactionsRead());
            }
        }
        return 0;
    }

    static String line(TransactionChanges t) {
        StringBuilder sb = new StringBuilder();
        sb.append(t.commitTime()).append("  ").append(t.header().gtid()).append("  ");
        String parts = ChangeCounts.of(t).describe();
        for (TransactionChanges.Statement s : t.statements()) {
            parts = (parts.isEmpty() ? "" : parts + "; ") + "DDL: " + shorten(s.sql())
                    + (s.triggerTableUnknown() ? " (the table of this trigger is not known: it may be selected)" : "");
        }
        sb.append(parts);
        for (String q : t.rowsQueries()) {
            sb.append("  -- ").append(shorten(q));
        }
        return sb.toString();
    }

    private static String shorten(String sql) {
        String one = sql.replaceAll("\\s+", " ").trim();
        return one.length() <= SQL_SHOWN ? one : one.substring(0, SQL_SHOWN - 3) + "...";
    }

    private static JsonGenerator jsonOut(PrintStream out) throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
        g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
        g.setRootValueSeparator(null);
        return g;
    }

    private static void writeJson(JsonGenerator g, TransactionChanges t) throws IOException {
        g.writeStartObject();
        g.writeStringField("gtid", t.header().gtid().toString());
        g.writeStringField("commitTime", t.commitTime().toString());
        g.writeStringField("binlogFile", t.header().binlogFile());
        g.writeNumberField("position", t.header().startPosition());
        ChangeCounts c = ChangeCounts.of(t);
        g.writeNumberField("rows", c.rows());
        g.writeArrayFieldStart("tables");
        for (Map.Entry<String, long[]> e : c.tables().entrySet()) {
            g.writeStartObject();
            g.writeStringField("table", e.getKey());
            g.writeNumberField("inserted", e.getValue()[0]);
            g.writeNumberField("updated", e.getValue()[1]);
            g.writeNumberField("deleted", e.getValue()[2]);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("statements");
        for (TransactionChanges.Statement s : t.statements()) {
            g.writeStartObject();
            g.writeStringField("database", s.database());
            g.writeStringField("sql", s.sql());
            if (s.triggerTableUnknown()) {
                g.writeBooleanField("triggerTableUnknown", true);
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("sql");
        for (String q : t.rowsQueries()) {
            g.writeString(q);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
    }
}
