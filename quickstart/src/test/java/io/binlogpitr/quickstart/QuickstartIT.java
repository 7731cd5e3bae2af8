package io.binlogpitr.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/pitr-quickstart} as a user runs it: the whole story passes every check and exits 0, it prints the
 * find, restore and flashback command lines a DBA would type, and it leaves no process behind, also when it is
 * stopped half-way.
 */
class QuickstartIT {
    /** The project root: the tests run in the module directory. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path tmp;

    @Test
    void theWholeStoryPassesEveryCheckAndLeavesNoProcess() throws Exception {
        Path dir = tmp.resolve("qs");
        Path log = tmp.resolve("quickstart.out");
        Process p = start(dir, log);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the quick start ends").isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out)
                .contains("ALL CHECKS PASSED")
                .doesNotContain("FAILED")
                .contains("$ bin/pitr-agent run --config " + dir.resolve("agent.yml"))
                .contains("$ bin/pitr-agent snapshot --config " + dir.resolve("agent.yml"))
                .contains("mysql> USE shop; DELETE FROM orders;")
                .contains("$ bin/pitr-restore find --repo " + dir.resolve("repo") + " --databases shop --type delete")
                .contains("check: find lists exactly one DELETE since ")
                .contains("check: it is the mistake: ")
                .contains("$ bin/pitr-restore restore --repo " + dir.resolve("repo"))
                .contains("--rename-db shop=shop_before")
                .contains("check: shop_before.orders equals shop.orders just before the mistake")
                .contains("check: shop_before.customers equals shop.customers just before the mistake")
                .contains("$ bin/pitr-restore flashback --repo " + dir.resolve("repo"))
                .contains("check: shop.orders equals its state just before the mistake again")
                .contains("check: shop.customers still holds the 3 legitimate writes")
                .contains("$ bin/pitr-restore verify --repo " + dir.resolve("repo"))
                .containsPattern("(?m)^ +[0-9.]+ s +in all$");
        // no password on any command line
        assertThat(out).doesNotContain("restore-demo-password").doesNotContain("pitr-demo-password");
        assertNoProcessLeft(dir);
    }

    @Test
    void stoppedHalfWayItLeavesNoProcess() throws Exception {
        Path dir = tmp.resolve("qs-stopped");
        Path log = tmp.resolve("quickstart-stopped.out");
        Process p = start(dir, log);
        // stopped while MySQL, the agent and the workload all run
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!Files.readString(log, StandardCharsets.UTF_8).contains("[4] run a write workload")) {
            assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("the workload starts").isLessThan(deadline);
            Thread.sleep(200);
        }
        Thread.sleep(1000);
        assertThat(processesNaming(dir))
                .as("mysqld and the agent run, and this test sees them")
                .anySatisfy(c -> assertThat(c).contains("mysqld"))
                .anySatisfy(c -> assertThat(c).contains("run --config " + dir.resolve("agent.yml")));
        p.destroy(); // SIGTERM, as Ctrl-C or a CI timeout would
        assertThat(p.waitFor(2, TimeUnit.MINUTES))
                .as("the quick start ends after SIGTERM")
                .isTrue();
        assertNoProcessLeft(dir);
    }

    private static Process start(Path dir, Path log) throws Exception {
        return new ProcessBuilder(ROOT.resolve("bin/pitr-quickstart").toString(), dir.toString(), "5")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static List<String> processesNaming(Path dir) {
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .map(h -> h.info().commandLine().orElse(""))
                .filter(c -> c.contains(dir.toString()))
                .toList();
    }

    /** mysqld (its --datadir) and the agent (its --config) name the work directory on their command lines. */
    private static void assertNoProcessLeft(Path dir) throws InterruptedException {
        List<String> left = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        do {
            left = processesNaming(dir);
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(200); // a process that was killed may take a moment to be reaped
        } while (System.nanoTime() < deadline);
        assertThat(left).as("processes left running").isEmpty();
    }
}
