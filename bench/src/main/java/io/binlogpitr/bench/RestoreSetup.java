package io.binlogpitr.bench;

/**
 * The restore benchmark's set-up, for the table's header.
 *
 * @param rows rows loaded from the base (sysbench prepare)
 * @param runTransactions transactions of the timed sysbench run, i.e. to replay
 * @param runSeconds the sysbench run's wall time
 * @param samePoint whether our snapshot and the mydumper dump were taken at the same GTID set
 * @param basePoints the two base points, described
 * @param snapshotSeconds how long our snapshot took (not part of the restore; for information)
 */
record RestoreSetup(
        RestoreBenchOptions options,
        String mysqlVersion,
        String mydumperVersion,
        long rows,
        long runTransactions,
        double runSeconds,
        boolean samePoint,
        String basePoints,
        double snapshotSeconds,
        String loadAtStart,
        String loadAtEnd) {}
