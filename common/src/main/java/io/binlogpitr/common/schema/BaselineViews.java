package io.binlogpitr.common.schema;

/** A baseline taken into a view: the definitions it holds replace what the history had evolved to. */
final class BaselineViews {
    private BaselineViews() {}

    /**
     * A complete baseline replaces the whole view (a table it does not hold does not exist); a partial one (a
     * snapshot) replaces the databases it holds and leaves the others as they were.
     */
    static SchemaView apply(SchemaView view, SchemaBaseline baseline) {
        SchemaView.Builder b = baseline.complete()
                ? SchemaView.builder(
                        baseline.derived() == null ? null : baseline.derived().otherTables())
                : view.edit();
        String at = "baseline " + baseline.id();
        for (SchemaBaseline.Database d : baseline.databases()) {
            b.removeDatabase(d.name());
            for (SchemaBaseline.Table t : d.tables()) {
                b.put(d.name(), t.name(), definition(d.name(), t, at));
            }
        }
        return b.build();
    }

    /** One table of a baseline: its SHOW CREATE TABLE read with the grammar, or why it could not be. */
    static TableState definition(String database, SchemaBaseline.Table t, String at) {
        if (t.create() == null) {
            if (t.unknown() != null) {
                return TableState.unknown(t.unknown());
            }
            if (t.columns() == null || t.columns().isEmpty()) {
                return TableState.unknown(at + " holds neither its SHOW CREATE TABLE nor its columns");
            }
            return TableState.known(new TableSchema(
                    database, t.name(), t.columns(), t.primaryKey() == null ? java.util.List.of() : t.primaryKey()));
        }
        SchemaView one = DdlSchemaEvolver.apply(SchemaView.empty("not in " + at), database, t.create(), "", at);
        TableState s = one.table(database, t.name());
        return s.schema() != null
                ? s
                : TableState.unknown("its SHOW CREATE TABLE in " + at + " was not understood: " + s.unknownReason());
    }
}
