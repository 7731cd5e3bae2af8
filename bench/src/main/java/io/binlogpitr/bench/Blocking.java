package io.binlogpitr.bench;

/**
 * How long one dump blocked writes, measured three ways (four for ours).
 *
 * @param probes the write probes' longest writes during the dump
 * @param readLockMillis how long the global read lock was held by the server's clock ({@link ReadLockRecorder}); -1
 *     if a session ended holding it
 * @param manifestMillis our manifest's {@code consistency.writesBlockedMillis}; -1 for mydumper
 */
record Blocking(WriteProbes.Stalls probes, double readLockMillis, long manifestMillis) {}
