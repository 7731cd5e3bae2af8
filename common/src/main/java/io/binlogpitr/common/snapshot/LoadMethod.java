package io.binlogpitr.common.snapshot;

/**
 * How {@link ChunkLoader} sends a chunk's rows to the target. As a setting it is the preferred method; what each
 * chunk was actually loaded with is reported per chunk ({@link ChunkLoader.Loaded}), since the preferred one is not
 * always possible.
 */
public enum LoadMethod {
    /** Multi-row {@code INSERT} statements of SQL literals: works on every target, for every type. */
    INSERT,
    /**
     * {@code LOAD DATA LOCAL INFILE} from a stream of the chunk's rows: less work for both the client and the server.
     * Used only when the target's {@code local_infile} is ON and the connection allows local data (Connector/J's
     * {@code allowLoadLocalInfile=true}), for chunks with no JSON column and small enough to be checked while
     * loading; otherwise, and when the server reports any warning or a row count that differs, the chunk is rolled
     * back and loaded by {@link #INSERT}.
     */
    LOAD_DATA_LOCAL
}
