package io.binlogpitr.restore.flashback;

import io.binlogpitr.common.binlog.RowSql;
import io.binlogpitr.common.binlog.TableDefinition;

/** The SQL statement of one undo operation. */
final class InverseSql {
    private InverseSql() {}

    static void append(StringBuilder sb, InverseOp op) {
        TableDefinition t = op.table();
        switch (op.kind()) {
            case INSERT -> RowSql.insert(sb, t, t.database(), op.restore());
            case DELETE -> RowSql.delete(sb, t, t.database(), op.expected());
            case UPDATE -> RowSql.update(sb, t, t.database(), op.expected(), op.restore());
            case VERIFY -> throw new IllegalArgumentException("a check has no statement");
        }
    }
}
