package io.binlogpitr.common.ddl;

/**
 * One schema object a statement names, resolved to its database.
 *
 * @param kind what it is
 * @param database the database it lives in: its qualifier, or the database an unqualified name resolves to there
 *     (the statement's default database; inside a routine, trigger or event body the object's own database)
 * @param name the object's name; for {@link Kind#DATABASE} the database name again
 * @param role whether the statement changes it or only reads or calls it
 * @param qualified whether the statement wrote the database name
 */
public record DdlObject(Kind kind, String database, String name, Role role, boolean qualified) {

    /** What a statement names. Index names and column names are not objects of their own. */
    public enum Kind {
        DATABASE,
        /** A table, or a view where the grammar cannot tell them apart (a reference in a query). */
        TABLE,
        VIEW,
        TRIGGER,
        PROCEDURE,
        FUNCTION,
        EVENT
    }

    /** How the statement involves the object. */
    public enum Role {
        /** Created, altered, renamed, dropped or truncated by the statement (both sides of a rename). */
        SUBJECT,
        /**
         * Only read or called: a {@code LIKE} source, the query of a view or CTAS, a foreign key's parent table,
         * anything named inside a routine, trigger or event body.
         */
        REFERENCE
    }

    /** {@code db.name} (just {@code db} for a database). */
    public String qualifiedName() {
        return kind == Kind.DATABASE ? database : database + "." + name;
    }
}
