package io.binlogpitr.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.binlogpitr.agent.cli.AgentMain;
import io.binlogpitr.agent.config.AgentConfig;
import io.binlogpitr.agent.config.AgentConfigReader;
import io.binlogpitr.common.config.Passwords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * docker/ cannot be run here (no Docker engine), so its files are checked against each other and against the code:
 * the compose file's structure, the mysqld options the agent needs, agent.yml read by the real reader, the init
 * script's grants, and the Dockerfile (non-root, and the JVM flags of the launcher it runs, none of its own).
 */
class DockerFilesTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path DOCKER = ROOT.resolve("docker");
    private static final String SECRETS_DIR = "/run/secrets/";
    private static final Pattern JVM_FLAG = Pattern.compile("--add-(?:opens|exports)[= ]\\S+|-D[a-z.]+=\\S+");

    private static JsonNode compose() throws IOException {
        return new ObjectMapper(new YAMLFactory())
                .readTree(DOCKER.resolve("compose.yml").toFile());
    }

    private static AgentConfig agentConfig() {
        return AgentConfigReader.read(DOCKER.resolve("agent.yml"));
    }

    private static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** {@code --binlog_row_image=FULL} and {@code --binlog-row-image=FULL} both as binlog-row-image -> FULL. */
    private static Map<String, String> mysqldOptions(JsonNode command) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : strings(command)) {
            assertThat(arg).as("mysqld argument").startsWith("--");
            int eq = arg.indexOf('=');
            String name = (eq < 0 ? arg.substring(2) : arg.substring(2, eq)).replace('_', '-');
            options.put(name, eq < 0 ? "" : arg.substring(eq + 1));
        }
        return options;
    }

    /** Volume entries "source:target[:mode]" as target -> source. */
    private static Map<String, String> mounts(JsonNode service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (String v : strings(service.path("volumes"))) {
            String[] parts = v.split(":");
            assertThat(parts.length).as("volume entry %s", v).isBetween(2, 3);
            mounts.put(parts[1], parts[0]);
        }
        return mounts;
    }

    @Test
    void theSourceIsAMysql84ConfiguredForTheAgent() throws IOException {
        JsonNode mysql = compose().path("services").path("mysql");
        assertThat(mysql.path("image").asText()).isEqualTo("mysql:8.4");
        Map<String, String> options = mysqldOptions(mysql.path("command"));
        assertThat(options)
                .containsKey("log-bin")
                .containsEntry("binlog-format", "ROW")
                .containsEntry("binlog-row-image", "FULL")
                .containsEntry("gtid-mode", "ON")
                .containsEntry("enforce-gtid-consistency", "ON")
                .containsEntry("binlog-row-metadata", "FULL")
                .containsEntry("binlog-rows-query-log-events", "ON");
        assertThat(options.get("log-bin"))
                .as("--log-bin=OFF is not a base name")
                .isNotEqualToIgnoringCase("OFF");
        assertThat(options).doesNotContainKeys("skip-log-bin", "disable-log-bin");
        assertThat(Long.parseLong(options.get("server-id")))
                .as("the source's server id must differ from the agent's serverId")
                .isNotEqualTo(agentConfig().source().serverId());
        assertThat(mysql.path("environment").path("MYSQL_ROOT_PASSWORD_FILE").asText())
                .isEqualTo(SECRETS_DIR + "mysql_root_password");
        assertThat(mysql.path("environment").has("MYSQL_ROOT_PASSWORD"))
                .as("no password in the compose file")
                .isFalse();
        assertThat(mounts(mysql)).containsKey("/var/lib/mysql");
        assertThat(strings(mysql.path("healthcheck").path("test"))).contains("mysqladmin", "ping");
    }

    @Test
    void servicesVolumesAndSecretsAreDeclared() throws IOException {
        JsonNode compose = compose();
        List<String> services = new ArrayList<>();
        compose.path("services").fieldNames().forEachRemaining(services::add);
        assertThat(services).containsExactlyInAnyOrder("mysql", "agent");
        List<String> volumes = new ArrayList<>();
        compose.path("volumes").fieldNames().forEachRemaining(volumes::add);
        assertThat(volumes).containsExactlyInAnyOrder("mysql-data", "pitr-repo");
        for (JsonNode service : compose.path("services")) {
            for (String mount : mounts(service).values()) {
                assertThat(mount.startsWith("./") || volumes.contains(mount))
                        .as("mount source %s is a file of docker/ or a declared named volume", mount)
                        .isTrue();
            }
            for (String secret : strings(service.path("secrets"))) {
                assertThat(compose.path("secrets").path(secret).path("file").asText())
                        .as("secret %s is declared with a file", secret)
                        .startsWith("./secrets/");
            }
        }
        JsonNode agent = compose.path("services").path("agent");
        assertThat(agent.path("depends_on").path("mysql").path("condition").asText())
                .isEqualTo("service_healthy");
        assertThat(agent.path("build").path("context").asText()).isEqualTo("..");
        assertThat(agent.path("build").path("dockerfile").asText()).isEqualTo("docker/Dockerfile");
        assertThat(agent.has("entrypoint")).as("the image's launcher must run").isFalse();
    }

    @Test
    void theAgentServiceRunsItsAgentYmlThroughTheRealCommandLine() throws IOException {
        JsonNode agent = compose().path("services").path("agent");
        List<String> command = strings(agent.path("command"));
        assertThat(command).hasSize(3).startsWith("run", "--config");
        assertThat(mounts(agent))
                .as("agent.yml is mounted where --config points")
                .containsEntry(command.get(2), "./agent.yml");
        CommandLine.ParseResult parsed = new CommandLine(new AgentMain()).parseArgs(command.toArray(String[]::new));
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("run");
        assertThat(parsed.subcommand().matchedOptionValue("--config", (Path) null))
                .isEqualTo(Path.of("/etc/pitr/agent.yml"));
        assertThat(dockerfileExecForm("CMD"))
                .as("the image's default command is the same")
                .isEqualTo(command);
    }

    @Test
    void agentYmlIsValidAndAgreesWithTheComposeFile() throws IOException {
        JsonNode compose = compose();
        JsonNode agent = compose.path("services").path("agent");
        AgentConfig config = agentConfig();

        assertThat(config.source().host()).as("the source is the mysql service").isEqualTo("mysql");
        assertThat(config.source().port()).isEqualTo(3306);

        Map<String, String> mounts = mounts(agent);
        String repoMount = mounts.entrySet().stream()
                .filter(e -> e.getValue().equals("pitr-repo"))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("the agent mounts no named volume pitr-repo"));
        assertThat(config.repository())
                .as("the repository is on the named volume")
                .startsWithRaw(Path.of(repoMount));
        assertThat(dockerfileText())
                .as("the image makes the volume's directory the agent's")
                .containsPattern("chown [^\\n]*pitr:pitr " + Pattern.quote(repoMount) + "\\b");

        assertThat(config.http().host())
                .as("http.bind must listen beyond the container's loopback")
                .isEqualTo("0.0.0.0");
        int port = config.http().port();
        assertThat(strings(agent.path("ports"))).anySatisfy(p -> assertThat(p).endsWith(":" + port));
        assertThat(String.join(" ", strings(agent.path("healthcheck").path("test"))))
                .contains("curl", "--fail", "http://127.0.0.1:" + port + "/status");
    }

    @Test
    void theSourcePasswordComesFromTheSecretFileAsInTheContainer(@TempDir Path tmp) throws IOException {
        JsonNode compose = compose();
        JsonNode agent = compose.path("services").path("agent");
        AgentConfig config = agentConfig();
        Path passwordFile = config.source().passwordFile().orElseThrow(() -> new AssertionError("no passwordFile"));
        assertThat(passwordFile.toString()).startsWith(SECRETS_DIR);
        String secret = passwordFile.getFileName().toString();
        assertThat(strings(agent.path("secrets"))).contains(secret);
        assertThat(strings(compose.path("services").path("mysql").path("secrets")))
                .as("the init script creates the account with the same secret")
                .contains(secret);
        assertThat(agent.path("environment").isMissingNode())
                .as("no password or JVM option through the environment")
                .isTrue();

        // compose mounts the secret's file at /run/secrets/NAME; the agent then resolves it as below
        Path mounted = Files.writeString(tmp.resolve(secret), "s3cret'\\\n");
        Map<String, String> containerEnv = Map.of(); // the agent service sets no environment
        assertThat(Passwords.resolve(Optional.of(mounted), "PITR_SOURCE_PASSWORD", containerEnv, "source"))
                .isEqualTo("s3cret'\\");
        assertThat(Passwords.resolve(
                        Optional.of(mounted), "PITR_SOURCE_PASSWORD", Map.of("PITR_SOURCE_PASSWORD", "x"), "source"))
                .as("the file wins over the variable")
                .isEqualTo("s3cret'\\");
    }

    @Test
    void theInitScriptGrantsExactlyTheLeastPrivileges() throws IOException {
        Path script = DOCKER.resolve("mysql-init/01-pitr-user.sh");
        assertThat(mounts(compose().path("services").path("mysql")))
                .containsEntry("/docker-entrypoint-initdb.d/01-pitr-user.sh", "./mysql-init/01-pitr-user.sh");
        assertThat(Files.getPosixFilePermissions(script))
                .as("the entrypoint must source it (docker_process_sql exists only then), so not executable")
                .doesNotContain(
                        PosixFilePermission.OWNER_EXECUTE,
                        PosixFilePermission.GROUP_EXECUTE,
                        PosixFilePermission.OTHERS_EXECUTE);
        String text = Files.readString(script);
        String user = "'" + agentConfig().source().user() + "'@'%'";
        assertThat(text).contains("CREATE USER " + user + " IDENTIFIED BY '${pitr_password_sql}'");
        assertThat(text)
                .contains(SECRETS_DIR
                        + agentConfig().source().passwordFile().orElseThrow().getFileName());
        Set<String> granted = new TreeSet<>();
        Matcher grant = Pattern.compile("GRANT (.+?) ON \\*\\.\\* TO (\\S+);").matcher(text);
        while (grant.find()) {
            assertThat(grant.group(2)).isEqualTo(user);
            for (String p : grant.group(1).split(",")) {
                granted.add(p.trim());
            }
        }
        assertThat(granted)
                .as("docs/agent.md's least privileges: streaming and snapshots, nothing more")
                .containsExactlyInAnyOrder(
                        "REPLICATION SLAVE",
                        "REPLICATION CLIENT",
                        "SELECT",
                        "RELOAD",
                        "BACKUP_ADMIN",
                        "SHOW VIEW",
                        "TRIGGER",
                        "EVENT");
        assertThat(text).doesNotContainPattern("(?i)GRANT ALL|SUPER|WITH GRANT OPTION");
    }

    /** The project's version, from the root pom's first {@code <version>} after its artifactId. */
    private static String projectVersion() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>binlog-pitr-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(m.find()).as("the root pom's version").isTrue();
        return m.group(1);
    }

    private static String dockerfileText() throws IOException {
        return Files.readString(DOCKER.resolve("Dockerfile"));
    }

    /** Instructions of the Dockerfile, continuation lines joined, comments dropped: "USER 10001:10001". */
    private static List<String> dockerfileInstructions() throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfileText().lines().toList()) {
            String t = line.strip();
            if (t.startsWith("#") || t.isEmpty()) {
                continue;
            }
            if (t.endsWith("\\")) {
                current.append(t, 0, t.length() - 1).append(' ');
            } else {
                out.add(current.append(t).toString());
                current.setLength(0);
            }
        }
        return out;
    }

    private static List<String> dockerfileExecForm(String keyword) throws IOException {
        String instruction = dockerfileInstructions().stream()
                .filter(i -> i.startsWith(keyword + " "))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + keyword + " in docker/Dockerfile"));
        JsonNode array = new ObjectMapper().readTree(instruction.substring(keyword.length() + 1));
        assertThat(array.isArray()).as("%s in exec form", keyword).isTrue();
        return strings(array);
    }

    @Test
    void theImageRunsTheLauncherAsANonRootUser() throws IOException {
        List<String> instructions = dockerfileInstructions();
        assertThat(instructions.get(0)).isEqualTo("FROM eclipse-temurin:17-jre");
        List<String> users = instructions.stream()
                .filter(i -> i.startsWith("USER "))
                .map(i -> i.substring(5).trim())
                .toList();
        assertThat(users).as("a USER instruction").isNotEmpty();
        String user = users.get(users.size() - 1).split(":")[0];
        assertThat(user).as("the last USER").isNotIn("root", "0");
        assertThat(user).as("numeric, so runAsNonRoot can check it").matches("[1-9][0-9]*");
        assertThat(instructions.indexOf("USER " + users.get(users.size() - 1)))
                .isLessThan(instructions.indexOf(instructions.stream()
                        .filter(i -> i.startsWith("ENTRYPOINT "))
                        .findFirst()
                        .orElseThrow()));
        assertThat(dockerfileText()).contains("--uid " + user);

        // the installed layout from the distribution tarball: the launcher resolves ROOT/lib/pitr-agent.jar
        String version = projectVersion();
        assertThat(instructions).contains("ARG VERSION=" + version);
        assertThat(instructions).contains("ADD dist/target/binlog-pitr-${VERSION}.tar.gz /opt/");
        assertThat(instructions).contains("RUN mv /opt/binlog-pitr-${VERSION} /opt/binlog-pitr");
        assertThat(Files.readString(ROOT.resolve("bin/pitr-agent"))).contains("pitr_jar agent pitr-agent.jar");
        assertThat(Files.readString(ROOT.resolve("bin/lib/java-flags.sh"))).contains("\"$root/lib/$2\"");
        assertThat(Files.readString(ROOT.resolve("dist/src/assembly/tarball.xml")))
                .contains("<baseDirectory>binlog-pitr-${project.version}</baseDirectory>");
        assertThat(Files.readString(ROOT.resolve(".dockerignore"))).contains("!dist/target/binlog-pitr-*.tar.gz");
        assertThat(dockerfileExecForm("ENTRYPOINT")).containsExactly("/opt/binlog-pitr/bin/pitr-agent");
    }

    @Test
    void theImagesJvmFlagsAreTheLaunchersFlags() throws IOException {
        // The image runs bin/pitr-agent, so its flags are the launcher's, provided nothing in the image adds or
        // replaces any: no java on the entrypoint, no flag in the Dockerfile, no JVM option variable.
        Matcher own =
                JVM_FLAG.matcher(String.join("\n", dockerfileInstructions())); // comments may mention flags by name
        List<String> ownFlags = new ArrayList<>();
        while (own.find()) {
            ownFlags.add(own.group());
        }
        assertThat(ownFlags).as("JVM flags written in docker/Dockerfile").isEmpty();
        assertThat(dockerfileInstructions())
                .noneMatch(i -> i.matches(
                        "(?s)ENV .*(JAVA_TOOL_OPTIONS|JDK_JAVA_OPTIONS|_JAVA_OPTIONS|PITR_JAVA_OPTS|JAVA=).*"));
        String launcher = Files.readString(ROOT.resolve("bin/pitr-agent"));
        assertThat(launcher).contains(". \"$here/lib/java-flags.sh\"").contains("\"${PITR_CHRONICLE_FLAGS[@]}\"");

        Set<String> launcherFlags = new TreeSet<>();
        Matcher m = JVM_FLAG.matcher(Files.readString(ROOT.resolve("bin/lib/java-flags.sh")));
        while (m.find()) {
            launcherFlags.add(m.group());
        }
        assertThat(launcherFlags)
                .contains(
                        "--add-opens=java.base/java.lang=ALL-UNNAMED",
                        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                        "--add-opens=java.base/java.io=ALL-UNNAMED",
                        "--add-opens=java.base/java.util=ALL-UNNAMED",
                        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                        "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
                        "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
                        "-Dchronicle.analytics.disable=true");
    }
}
