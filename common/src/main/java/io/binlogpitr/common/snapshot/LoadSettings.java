package io.binlogpitr.common.snapshot;

/**
 * How {@link ChunkLoader} loads: the size of one multi-row INSERT (capped at the server's
 * {@code max_allowed_packet}), how many statement bytes one transaction takes at most, and whether the
 * load is written to the target's binlog ({@code sql_log_bin=0} needs SYSTEM_VARIABLES_ADMIN or SUPER).
 */
public record LoadSettings(int statementBytes, long transactionBytes, boolean writeBinlog) {
    public static final LoadSettings DEFAULTS = new LoadSettings(1 << 20, 32L << 20, true);

    public LoadSettings {
        if (statementBytes < 4096) {
            throw new IllegalArgumentException("statementBytes cannot be less than 4096: " + statementBytes);
        }
        if (transactionBytes < statementBytes) {
            throw new IllegalArgumentException("transactionBytes cannot be less than statementBytes (" + statementBytes
                    + "): " + transactionBytes);
        }
    }

    public LoadSettings withoutBinlog() {
        return new LoadSettings(statementBytes, transactionBytes, false);
    }
}
