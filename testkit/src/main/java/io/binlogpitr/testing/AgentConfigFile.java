package io.binlogpitr.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an agent.yml (and the password file it names) for a {@link MysqlServer}, as the tests' agents run with:
 * {@code source} and {@code repository}, then whichever of {@code reconnect}, {@code snapshots}, {@code http} and
 * extra YAML the test sets, in that order. A section left unset is not written (the agent's default applies). Plain
 * text, no product class: the agent's own reader checks what this writes.
 *
 * <pre>{@code
 * Path config = AgentConfigFile.of(source, "pitr_agent", "agent-pw", 7311)
 *         .snapshots("{every: 0, threads: 2}")
 *         .anyHttpPort()
 *         .writeIn(dir);
 * }</pre>
 */
public final class AgentConfigFile {
    /** The reconnect settings the tests use to ride a source restart quickly. */
    public static final String FAST_RECONNECT = "{initialBackoff: 200ms, maxBackoff: 2s}";

    private String host;
    private int port;
    private final String user;
    private final String password;
    private final long serverId;
    private Path repository;
    private String configName = "agent.yml";
    private String passwordName = "source.pw";
    private String reconnect;
    private String snapshots;
    private String http;
    private String extraYaml = "";

    private AgentConfigFile(String host, int port, String user, String password, long serverId) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.serverId = serverId;
    }

    /** An agent of {@code server} as {@code user}, a replica with {@code serverId}; the repository is dir/repo. */
    public static AgentConfigFile of(MysqlServer server, String user, String password, long serverId) {
        return new AgentConfigFile(server.host(), server.port(), user, password, serverId);
    }

    /** An agent of the source at host:port (none need listen there: a test of the agent's refusals). */
    public static AgentConfigFile of(String host, int port, String user, String password, long serverId) {
        return new AgentConfigFile(host, port, user, password, serverId);
    }

    /** Connects to host:port instead of the server's own address (e.g. through a {@link TcpProxy}). */
    public AgentConfigFile source(String host, int port) {
        this.host = host;
        this.port = port;
        return this;
    }

    public AgentConfigFile repository(Path repository) {
        this.repository = repository;
        return this;
    }

    /** The names of agent.yml and of the password file in the folder (several agents in one folder). */
    public AgentConfigFile fileNames(String configName, String passwordName) {
        this.configName = configName;
        this.passwordName = passwordName;
        return this;
    }

    /** {@code reconnect:} as a YAML flow mapping, e.g. {@link #FAST_RECONNECT}. */
    public AgentConfigFile reconnect(String flowMapping) {
        this.reconnect = flowMapping;
        return this;
    }

    public AgentConfigFile fastReconnect() {
        return reconnect(FAST_RECONNECT);
    }

    /** {@code snapshots:} as a YAML flow mapping, e.g. {@code {every: 0, threads: 2}}. */
    public AgentConfigFile snapshots(String flowMapping) {
        this.snapshots = flowMapping;
        return this;
    }

    /** {@code http: {bind: ...}}. */
    public AgentConfigFile httpBind(String bind) {
        this.http = "{bind: '" + bind + "'}";
        return this;
    }

    /** HTTP on any free port: a fixed one would collide between tests, and with other agents on the machine. */
    public AgentConfigFile anyHttpPort() {
        return httpBind("127.0.0.1:0");
    }

    /** YAML written last, as it is (whole lines, each ending in a newline). */
    public AgentConfigFile extraYaml(String yaml) {
        this.extraYaml = yaml;
        return this;
    }

    /** Writes the password file and agent.yml in {@code dir}; returns agent.yml's path. */
    public Path writeIn(Path dir) throws IOException {
        Path pw = dir.resolve(passwordName);
        Files.writeString(pw, password + "\n");
        Path repo = repository != null ? repository : dir.resolve("repo");
        StringBuilder yaml = new StringBuilder()
                .append("source: {host: ")
                .append(host)
                .append(", port: ")
                .append(port)
                .append(", user: ")
                .append(user)
                .append(", passwordFile: ")
                .append(pw)
                .append(", serverId: ")
                .append(serverId)
                .append("}\n")
                .append("repository: ")
                .append(repo)
                .append('\n');
        section(yaml, "reconnect", reconnect);
        section(yaml, "snapshots", snapshots);
        section(yaml, "http", http);
        yaml.append(extraYaml);
        Path config = dir.resolve(configName);
        Files.writeString(config, yaml);
        return config;
    }

    private static void section(StringBuilder yaml, String key, String flowMapping) {
        if (flowMapping != null) {
            yaml.append(key).append(": ").append(flowMapping).append('\n');
        }
    }
}
