package io.binlogpitr.common.schema;

import java.util.Optional;

/**
 * What the schema history says of one table at one point: its definition, or why it cannot be known there.
 *
 * @param schema the definition, or null when unknown
 * @param unknownReason why the definition cannot be known (lower case, fits after "because"), or null when known
 */
public record TableState(TableSchema schema, String unknownReason) {
    public TableState {
        if ((schema == null) == (unknownReason == null)) {
            throw new IllegalArgumentException("a table state is either known or unknown with a reason");
        }
    }

    public static TableState known(TableSchema schema) {
        return new TableState(schema, null);
    }

    public static TableState unknown(String reason) {
        return new TableState(null, reason);
    }

    public Optional<TableSchema> known() {
        return Optional.ofNullable(schema);
    }
}
