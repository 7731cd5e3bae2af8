package io.binlogpitr.bench;

import java.util.ArrayList;
import java.util.List;

/** The four dumps the snapshot benchmark compares, in the order of its table. */
enum DumpVariant {
    MYDUMPER(false),
    MYDUMPER_COMPRESSED(true),
    PITR_ZSTD(true),
    PITR_GZIP(true);

    private final boolean compressed;

    DumpVariant(boolean compressed) {
        this.compressed = compressed;
    }

    boolean mydumper() {
        return this == MYDUMPER || this == MYDUMPER_COMPRESSED;
    }

    boolean compressed() {
        return compressed;
    }

    /** The table's label: the command line for mydumper (with its {@code -r} chunking), the codec for ours. */
    String label(int threads, long mydumperRows) {
        return switch (this) {
            case MYDUMPER -> "mydumper -t " + threads + " -r " + mydumperRows;
            case MYDUMPER_COMPRESSED -> "mydumper -t " + threads + " -r " + mydumperRows + " -c";
            case PITR_ZSTD -> "pitr snapshot zstd, " + threads + " threads";
            case PITR_GZIP -> "pitr snapshot gzip, " + threads + " threads";
        };
    }

    /** A short name for the per-round lines. */
    String shortName() {
        return switch (this) {
            case MYDUMPER -> "mydumper";
            case MYDUMPER_COMPRESSED -> "mydumper -c";
            case PITR_ZSTD -> "pitr zstd";
            case PITR_GZIP -> "pitr gzip";
        };
    }

    /** The order of round {@code round} (0-based): the variants rotated by {@code round}, so each starts once. */
    static List<DumpVariant> order(int round) {
        DumpVariant[] all = values();
        List<DumpVariant> order = new ArrayList<>(all.length);
        for (int i = 0; i < all.length; i++) {
            order.add(all[(i + round) % all.length]);
        }
        return order;
    }
}
