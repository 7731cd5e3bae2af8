package io.binlogpitr.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.testing.AgentAccount;
import io.binlogpitr.testing.MysqlOptions;
import io.binlogpitr.testing.MysqlServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs binlog-pitr-VERSION.tar.gz as docs/install.md says (unpack into an empty directory, write a config) and
 * runs both tools from there, with an empty HOME (no ~/.m2) and a {@code mvn} on the PATH that records any call:
 * a production install must never need Maven.
 */
class DistributionIT {
    private static final String VERSION = System.getProperty("project.version", "0.1.0-SNAPSHOT");

    @TempDir
    Path tmp;

    private Path home;
    private Path install;
    private Path mavenCalled;
    private Path fakeBin;

    @BeforeEach
    void unpack() throws Exception {
        Path tarball = Path.of("target", "binlog-pitr-" + VERSION + ".tar.gz").toAbsolutePath();
        assertThat(tarball).as("built by package").isRegularFile();
        Path opt = Files.createDirectories(tmp.resolve("opt"));
        assertThat(run(opt, Map.of(), "tar", "xzf", tarball.toString()).exitCode)
                .isZero();
        install = opt.resolve("binlog-pitr-" + VERSION);
        home = Files.createDirectories(tmp.resolve("home"));
        fakeBin = Files.createDirectories(tmp.resolve("fakebin"));
        mavenCalled = tmp.resolve("mvn-was-called");
        Path mvn = fakeBin.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\necho \"$@\" >> " + mavenCalled + "\nexit 1\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void theTarballHoldsWhatTheInstallPageNames() throws IOException {
        for (String file : List.of(
                "bin/pitr-agent",
                "bin/pitr-restore",
                "bin/lib/java-flags.sh",
                "lib/pitr-agent.jar",
                "lib/pitr-restore.jar",
                "etc/agent.yml",
                "systemd/pitr-agent.service",
                "LICENSE",
                "THIRD-PARTY.txt",
                "docs/install.md")) {
            assertThat(install.resolve(file)).as(file).isRegularFile();
        }
        assertThat(Files.isExecutable(install.resolve("bin/pitr-agent"))).isTrue();
        assertThat(Files.readString(install.resolve("THIRD-PARTY.txt")))
                .contains("mysql-connector-j")
                .contains("chronicle-queue")
                .doesNotContain("junit")
                .doesNotContain("testcontainers");
        try (Stream<Path> all = Files.walk(install)) {
            assertThat(all.map(p -> install.relativize(p).toString()))
                    .as("nothing of the source tree, the tests or the benchmarks")
                    .noneMatch(p -> p.equals("pom.xml") || p.contains("pitr-bench") || p.contains("quickstart.jar"));
        }
    }

    @Test
    void bothToolsRunFromTheInstallWithoutMaven() throws Exception {
        for (String tool : List.of("bin/pitr-agent", "bin/pitr-restore")) {
            Result r = tool(tool, "--version");
            assertThat(r.exitCode).as(r.output).isZero();
            assertThat(r.output).contains("binlog-pitr " + VERSION);
        }

        MysqlServer server = MysqlServer.shared(MysqlOptions.defaults());
        AgentAccount.ensure(server, "pitr_dist", "dist-secret");
        Files.writeString(tmp.resolve("source.pw"), "dist-secret\n");
        Path repo = tmp.resolve("repo");
        Path config = tmp.resolve("agent.yml");
        // the shipped example, changed where a DBA changes it
        String example = Files.readString(install.resolve("etc/agent.yml"));
        Files.writeString(
                config,
                example.replace("host: 127.0.0.1", "host: " + server.host())
                        .replace("port: 3306", "port: " + server.port())
                        .replace("user: pitr ", "user: pitr_dist ")
                        .replace("/etc/pitr/source.pw", tmp.resolve("source.pw").toString())
                        .replace(
                                "serverId: 4242",
                                "serverId: 7" + ProcessHandle.current().pid() % 1000)
                        .replace("/var/lib/pitr/repo", repo.toString())
                        .replace("127.0.0.1:9405", "127.0.0.1:0")
                        .replace("every: 24h", "every: 0"));

        Process agent = start("bin/pitr-agent", "run", "--config", config.toString());
        try {
            awaitStreaming(config, agent);
            String db = server.createDatabase("dist");
            server.execute(
                    "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(20))",
                    "INSERT INTO " + db + ".t VALUES (1, 'one'), (2, 'two'), (3, 'three')");
            Result snapshot = tool("bin/pitr-agent", "snapshot", "--config", config.toString());
            assertThat(snapshot.exitCode).as(snapshot.output).isZero();
            Result status = tool("bin/pitr-agent", "status", "--config", config.toString());
            assertThat(status.exitCode)
                    .as("no alert once a snapshot exists: " + status.output)
                    .isZero();
            Result list = tool("bin/pitr-restore", "list", "--repo", repo.toString());
            assertThat(list.exitCode).as(list.output).isZero();
            assertThat(list.output).contains("1 usable as a restore base").contains("3 rows");
            Result verify = tool("bin/pitr-restore", "verify", "--repo", repo.toString());
            assertThat(verify.exitCode).as(verify.output).isZero();
        } finally {
            agent.destroy(); // SIGTERM, as systemd stops it
            assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(agent.exitValue()).as("a clean stop exits 0").isZero();

        assertThat(mavenCalled).as("the launchers called mvn").doesNotExist();
        try (Stream<Path> inHome = Files.list(home)) {
            assertThat(inHome.map(Path::toString))
                    .as("nothing written to HOME (no ~/.m2)")
                    .isEmpty();
        }
    }

    @Test
    void theShippedExampleConfigIsValid() throws Exception {
        // a source that is not there and a repository that does not exist, but the file itself must pass every check
        Result r = tool(
                "bin/pitr-agent",
                "status",
                "--config",
                install.resolve("etc/agent.yml").toString());
        assertThat(r.output).doesNotContain("CONFIG_");
    }

    @Test
    void anIncompleteInstallSaysSoAndNeverBuilds() throws Exception {
        Files.delete(install.resolve("lib/pitr-restore.jar"));
        Result r = tool("bin/pitr-restore", "--version");
        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.output)
                .contains("lib/pitr-restore.jar is missing: this installation of binlog-pitr is incomplete")
                .contains("HINT: unpack binlog-pitr-VERSION.tar.gz again");
        assertThat(mavenCalled).doesNotExist();
    }

    @Test
    void aJavaOlderThan17IsNamed() throws Exception {
        Path oldJdk = Files.createDirectories(tmp.resolve("jdk-11/bin"));
        Path java = oldJdk.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'should not run' >&2\nexit 3\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(tmp.resolve("jdk-11/release"), "JAVA_VERSION=\"11.0.2\"\n");

        Result r = run(install, Map.of("JAVA", java.toString()), "bin/pitr-agent", "--version");
        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.output)
                .contains("is Java 11.0.2; binlog-pitr needs Java 17 or later")
                .contains("HINT:");
    }

    /** {@code status} until it shows the journal caught up with the source, for up to 60 s. */
    private Result awaitStreaming(Path config, Process agent) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Result last;
        do {
            assertThat(agent.isAlive()).as("the agent is running").isTrue();
            last = tool("bin/pitr-agent", "status", "--config", config.toString());
            if (last.output.contains("0 transactions behind the source")) {
                return last;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the agent never caught up; last status: " + last.output);
    }

    private Process start(String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, install.resolve(cmd.get(0)).toString());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(install.toFile())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("agent.log").toFile());
        environment(pb);
        return pb.start();
    }

    private void environment(ProcessBuilder pb) {
        pb.environment().put("HOME", home.toString());
        pb.environment().put("PATH", fakeBin + ":" + System.getenv("PATH"));
        pb.environment().remove("MAVEN_OPTS");
    }

    private Result tool(String... command) throws Exception {
        return run(install, Map.of(), command);
    }

    private Result run(Path dir, Map<String, String> env, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(command));
        if (cmd.get(0).startsWith("bin/")) {
            cmd.set(0, dir.resolve(cmd.get(0)).toString());
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        if (home != null) {
            environment(pb);
        }
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {}
}
