package io.binlogpitr.bench;

import io.binlogpitr.common.gtid.GtidSet;
import java.util.Map;

/**
 * What one side of the restore benchmark measured: loading the base (myloader or our snapshot load), replaying to
 * the end (MySQL's replica applier or our journal replay), and how the target compared with the source.
 *
 * @param loadTool label of the load, e.g. {@code myloader -t 4}
 * @param load the load's time and rows; {@link Timing#UNKNOWN} when it could not be told apart
 * @param replayTool label of the replay
 * @param replay the replay's time and transactions; {@link Timing#UNKNOWN} when it could not be told apart
 * @param wholeNanos load and replay together as a user waits for them; -1 if not run
 * @param check the target against the source at the end; null if not run
 */
record RestoreSide(String loadTool, Timing load, String replayTool, Timing replay, long wholeNanos, TargetCheck check) {

    /** A side that did not run (e.g. the restore command is missing): every figure unknown. */
    static RestoreSide notRun(String loadTool, String replayTool) {
        return new RestoreSide(loadTool, Timing.UNKNOWN, replayTool, Timing.UNKNOWN, -1, null);
    }

    boolean ran() {
        return check != null;
    }

    /** A phase's duration and how many things (rows, transactions) it did; nanos -1 when unknown. */
    record Timing(long nanos, long count) {
        static final Timing UNKNOWN = new Timing(-1, 0);

        boolean known() {
            return nanos >= 0;
        }

        double seconds() {
            return nanos / 1e9;
        }

        /** count per second; 0 when unknown or instantaneous. */
        double rate() {
            return nanos > 0 ? count / seconds() : 0;
        }
    }

    /**
     * The target at the end against the source with writes stopped.
     *
     * @param checksums {@code CHECKSUM TABLE} of each table on the target
     * @param sourceChecksums the same on the source
     * @param gtidExecuted the target's {@code gtid_executed}
     * @param sourceGtidExecuted the source's
     */
    record TargetCheck(
            Map<String, Long> checksums,
            Map<String, Long> sourceChecksums,
            GtidSet gtidExecuted,
            GtidSet sourceGtidExecuted) {
        TargetCheck {
            checksums = Map.copyOf(checksums);
            sourceChecksums = Map.copyOf(sourceChecksums);
        }

        boolean checksumsEqual() {
            return !sourceChecksums.isEmpty() && checksums.equals(sourceChecksums);
        }

        boolean gtidEqual() {
            return gtidExecuted.equals(sourceGtidExecuted);
        }

        /** The tables whose checksum differs, e.g. {@code sbtest.sbtest2 (123 != 456)}; "" if none. */
        String differences() {
            StringBuilder sb = new StringBuilder();
            sourceChecksums.keySet().stream().sorted().forEach(t -> {
                Long ours = checksums.get(t);
                if (!sourceChecksums.get(t).equals(ours)) {
                    sb.append(sb.length() == 0 ? "" : ", ")
                            .append(t)
                            .append(" (")
                            .append(ours == null ? "missing" : ours)
                            .append(" != ")
                            .append(sourceChecksums.get(t))
                            .append(')');
                }
            });
            return sb.toString();
        }
    }
}
