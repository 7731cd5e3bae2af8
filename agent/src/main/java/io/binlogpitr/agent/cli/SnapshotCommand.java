package io.binlogpitr.agent.cli;

import io.binlogpitr.agent.SnapshotService;
import io.binlogpitr.agent.config.AgentConfig;
import io.binlogpitr.agent.source.SourceConnections;
import io.binlogpitr.agent.source.SourcePreflight;
import io.binlogpitr.common.cli.ToolRunner;
import io.binlogpitr.common.error.PitrException;
import io.binlogpitr.common.gtid.GtidSet;
import io.binlogpitr.common.repository.RepositoryLayout;
import io.binlogpitr.common.snapshot.SnapshotCatalog;
import io.binlogpitr.common.snapshot.SnapshotManifest;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code pitr-agent snapshot}: one consistent snapshot now, then exit. It may run beside {@code pitr-agent run}
 * (the snapshot lock keeps two snapshots apart); it deletes snapshots beyond {@code snapshots.keep}, and prunes
 * the journal unless an agent runs on the repository (that agent does it then). SIGTERM stops it and removes the
 * partial snapshot.
 */
@Command(
        name = "snapshot",
        mixinStandardHelpOptions = true,
        description = "Take one consistent base snapshot of the source now, then exit.")
final class SnapshotCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
        AgentConfig config = options.read();
        SourceConnections connections = SourceConnections.of(config.source());
        SourcePreflight.check(
                connections, config.source().serverId(), config.source().user());
        RepositoryLayout layout = RepositoryLayout.createOrOpen(config.repository());
        SnapshotService service = new SnapshotService(
                config, connections, layout, Optional.of(SnapshotService.pruneUnlessAgentRuns(layout)));
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    service.stop();
                    try {
                        done.await(30, TimeUnit.SECONDS); // let the partial snapshot be removed first
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "pitr-snapshot-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Instant start = Instant.now();
            SnapshotManifest m = service.takeNow();
            print(System.out, m, layout, Duration.between(start, Instant.now()));
            return 0;
        } catch (PitrException e) {
            // reported here, before the shutdown hook may let a SIGTERM end the JVM
            return ToolRunner.report(e, new PrintWriter(System.err, true), options.verbose);
        } finally {
            done.countDown();
        }
    }

    private static void print(PrintStream out, SnapshotManifest m, RepositoryLayout layout, Duration took) {
        out.printf("snapshot      %s%n", m.id());
        out.printf("directory     %s%n", SnapshotCatalog.snapshotDir(layout, m.id()));
        out.printf(
                "source        %s (MySQL %s, %s)%n",
                m.source().address(), m.source().version(), m.source().uuid());
        out.printf("GTID set      %s%n", GtidSet.parse(m.gtidSet()).abbreviated());
        out.printf(
                "data          %d databases, %d tables, %d rows%n",
                m.databases().size(), m.totals().tables(), m.totals().rows());
        out.printf(
                "size          %.1f MiB on disk (%s), %.1f MiB uncompressed%n",
                m.totals().bytes() / 1048576.0, m.compression(), m.totals().uncompressedBytes() / 1048576.0);
        out.printf(
                "writes        blocked %d ms (%s; %d ms waiting for the lock)%s%n",
                m.consistency().writesBlockedMillis(),
                m.consistency().method(),
                m.consistency().lockWaitMillis(),
                m.consistency().ddlLock() ? "; DDL held back by LOCK INSTANCE FOR BACKUP" : "");
        out.printf("took          %.1f s with %d threads%n", took.toMillis() / 1000.0, m.threads());
    }
}
