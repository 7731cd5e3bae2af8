package io.binlogpitr.agent.stream;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import java.io.Serializable;

/**
 * One changed row decoded from a rows event. {@code before} is null for an INSERT, {@code after} for a
 * DELETE. Values are the connector's cell values (see {@link RawEventDecoder} for the representation);
 * {@code tableMap} is the TABLE_MAP event in force (column types and metadata).
 */
public record RowChange(
        String database,
        String table,
        Kind kind,
        Serializable[] before,
        Serializable[] after,
        TableMapEventData tableMap) {

    public enum Kind {
        INSERT,
        UPDATE,
        DELETE
    }
}
