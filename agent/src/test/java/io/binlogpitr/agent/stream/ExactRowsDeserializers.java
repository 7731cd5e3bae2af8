package io.binlogpitr.agent.stream;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.event.deserialization.DeleteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.UpdateRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.WriteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;

/** The connector's rows deserializers with the temporal cells it gets wrong decoded by {@link ExactTemporalCells}. */
final class ExactRowsDeserializers {

    private ExactRowsDeserializers() {}

    static final class Write extends WriteRowsEventDataDeserializer {
        Write(Map<Long, TableMapEventData> tableMaps) {
            super(tableMaps);
        }

        @Override
        protected Serializable deserializeCell(ColumnType type, int meta, int length, ByteArrayInputStream in)
                throws IOException {
            return ExactTemporalCells.handles(type)
                    ? ExactTemporalCells.decode(type, meta, in)
                    : super.deserializeCell(type, meta, length, in);
        }
    }

    static final class Update extends UpdateRowsEventDataDeserializer {
        Update(Map<Long, TableMapEventData> tableMaps) {
            super(tableMaps);
        }

        @Override
        protected Serializable deserializeCell(ColumnType type, int meta, int length, ByteArrayInputStream in)
                throws IOException {
            return ExactTemporalCells.handles(type)
                    ? ExactTemporalCells.decode(type, meta, in)
                    : super.deserializeCell(type, meta, length, in);
        }
    }

    static final class Delete extends DeleteRowsEventDataDeserializer {
        Delete(Map<Long, TableMapEventData> tableMaps) {
            super(tableMaps);
        }

        @Override
        protected Serializable deserializeCell(ColumnType type, int meta, int length, ByteArrayInputStream in)
                throws IOException {
            return ExactTemporalCells.handles(type)
                    ? ExactTemporalCells.decode(type, meta, in)
                    : super.deserializeCell(type, meta, length, in);
        }
    }
}
