package io.binlogpitr.bench;

/** One live-load run: commit-to-durable lag percentiles in microseconds (-1 if none), samples, and the load. */
record LagRun(long p50, long p99, long max, long samples, long txns, double seconds) {}
