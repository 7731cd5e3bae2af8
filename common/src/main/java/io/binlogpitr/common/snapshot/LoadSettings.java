package io.binlogpitr.common.snapshot;

import java.util.Objects;

/**
 * How {@link ChunkLoader} loads: the size of one multi-row INSERT (capped at the server's
 * {@code max_allowed_packet}), how many statement bytes one transaction takes at most, whether the load is written
 * to the target's binlog ({@code sql_log_bin=0} needs SYSTEM_VARIABLES_ADMIN or SUPER), and the preferred
 * {@link LoadMethod} (INSERT is the fallback whenever the preferred one cannot be used).
 */
public record LoadSettings(int statementBytes, long transactionBytes, boolean writeBinlog, LoadMethod method) {
    public static final LoadSettings DEFAULTS = new LoadSettings(1 << 20, 32L << 20, true, LoadMethod.LOAD_DATA_LOCAL);

    public LoadSettings {
        if (statementBytes < 4096) {
            throw new IllegalArgumentException("statementBytes cannot be less than 4096: " + statementBytes);
        }
        if (transactionBytes < statementBytes) {
            throw new IllegalArgumentException("transactionBytes cannot be less than statementBytes (" + statementBytes
                    + "): " + transactionBytes);
        }
        Objects.requireNonNull(method, "method");
    }

    /** With LOAD DATA LOCAL preferred where the target allows it. */
    public LoadSettings(int statementBytes, long transactionBytes, boolean writeBinlog) {
        this(statementBytes, transactionBytes, writeBinlog, LoadMethod.LOAD_DATA_LOCAL);
    }

    public LoadSettings withoutBinlog() {
        return new LoadSettings(statementBytes, transactionBytes, false, method);
    }

    public LoadSettings withMethod(LoadMethod preferred) {
        return new LoadSettings(statementBytes, transactionBytes, writeBinlog, preferred);
    }
}
