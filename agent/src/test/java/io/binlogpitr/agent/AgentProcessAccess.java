package io.binlogpitr.agent;

import io.binlogpitr.testing.MysqlServer;
import java.nio.file.Path;

/** {@link AgentProcess} for tests in other packages: the agent's launcher, config and test account. */
public final class AgentProcessAccess {
    private AgentProcessAccess() {}

    /** A finished command. */
    public record Result(int exitCode, String output) {}

    /** A running command. */
    public static final class Started {
        private final AgentProcess process;

        Started(AgentProcess process) {
            this.process = process;
        }

        public String output() {
            return process.output();
        }

        public int terminate() throws InterruptedException {
            return process.terminate();
        }

        public void kill9() throws InterruptedException {
            process.kill9();
        }
    }

    public static void ensureAgentUser(MysqlServer server) {
        AgentProcess.ensureAgentUser(server, AgentProcess.USER, AgentProcess.PASSWORD);
    }

    /** agent.yml for the agent's test account, with {@code extraYaml} appended. */
    public static Path writeConfig(Path dir, MysqlServer server, String extraYaml) throws Exception {
        return AgentProcess.writeConfig(dir, server, AgentProcess.USER, AgentProcess.PASSWORD, extraYaml);
    }

    public static Path writeConfig(Path dir, MysqlServer server, String user, String password, String extraYaml)
            throws Exception {
        return AgentProcess.writeConfig(dir, server, user, password, extraYaml);
    }

    public static Result run(Path dir, String... args) throws Exception {
        AgentProcess p = AgentProcess.run(dir, args);
        return new Result(p.exitCode(), p.output());
    }

    public static Result runWithFileSizeLimit(Path dir, long kib, String... args) throws Exception {
        AgentProcess p = AgentProcess.start(dir, "-Xmx256m", kib, args);
        p.waitFor();
        return new Result(p.exitCode(), p.output());
    }

    public static Started start(Path dir, String... args) throws Exception {
        return new Started(AgentProcess.start(dir, "-Xmx256m", args));
    }
}
