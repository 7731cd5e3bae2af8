package io.binlogpitr.common.ddl;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What one statement of the journal (a Query event) reaches, as {@link DdlObjects} resolved it.
 *
 * @param kind which sort of statement it is
 * @param objects the schema objects it names, each resolved to its database (empty unless {@link Kind#OBJECTS})
 * @param qualifiers where the statement's text writes a database name, so that a rename can rewrite exactly those
 * @param problem why the statement could not be resolved ({@link Kind#UNPARSEABLE}); empty otherwise
 */
public record DdlScope(Kind kind, List<DdlObject> objects, List<Qualifier> qualifiers, String problem) {

    /** The sorts of statement, by what they can change. */
    public enum Kind {
        /** It names schema objects (DDL, and DML logged as a statement); see {@link #objects()}. */
        OBJECTS,
        /** It names no schema object and changes none (SAVEPOINT, ROLLBACK TO SAVEPOINT, SET, DO 1, ...). */
        NONE,
        /** It changes accounts and privileges (GRANT, REVOKE, CREATE/ALTER/DROP/RENAME USER, roles). */
        ACCOUNTS,
        /**
         * It changes the server outside any database: tablespaces, log file groups, servers, plugins and components,
         * loadable functions ({@code CREATE FUNCTION ... SONAME}), resource groups, spatial reference systems,
         * FLUSH, replication and instance settings.
         */
        SERVER,
        /** The grammar could not parse it, or it names an object without a database and none is the default. */
        UNPARSEABLE
    }

    /**
     * A database name written in the statement.
     *
     * @param database the name as MySQL reads it (unquoted)
     * @param start the offset in the statement text (a {@link String} index) of its first character, quotes included
     * @param end the offset just after its last character
     */
    public record Qualifier(String database, int start, int end) {}

    public DdlScope {
        objects = List.copyOf(objects);
        qualifiers = List.copyOf(qualifiers);
    }

    static DdlScope of(Kind kind) {
        return new DdlScope(kind, List.of(), List.of(), "");
    }

    static DdlScope unparseable(String problem) {
        return new DdlScope(Kind.UNPARSEABLE, List.of(), List.of(), problem);
    }

    /** Every database the statement names, sorted. */
    public Set<String> databases() {
        return objects.stream().map(DdlObject::database).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The objects the statement changes. */
    public List<DdlObject> subjects() {
        return objects.stream().filter(o -> o.role() == DdlObject.Role.SUBJECT).toList();
    }

    /** The objects the statement only reads or calls. */
    public List<DdlObject> references() {
        return objects.stream()
                .filter(o -> o.role() == DdlObject.Role.REFERENCE)
                .toList();
    }
}
