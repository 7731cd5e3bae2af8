package io.binlogpitr.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs {@code bin/pitr-agent} and {@code bin/pitr-restore} as a user does: as processes of the launchers in the
 * product's {@code bin/}, no shortcut. What the user would type is printed before each command that is part of
 * the story.
 */
final class QuickstartLaunchers {
    /** How a command ended: its exit code and its stdout (with its stderr appended when it failed). */
    record Result(int exitCode, String output) {}

    private final Path home;
    private final Path dir;
    private final QuickstartConsole console;
    /** The command running now, if any: {@link #stopRunning} ends it when the quick start is cut short. */
    private volatile Process running;

    QuickstartLaunchers(Path home, Path dir, QuickstartConsole console) {
        this.home = home;
        this.dir = dir;
        this.console = console;
    }

    /** Prints the command line and runs it to its end, then prints its output. */
    Result run(String launcher, String... args) throws IOException, InterruptedException {
        console.shell(commandLine(launcher, args));
        Result r = quiet(launcher, args);
        console.output(r.output());
        return r;
    }

    /** Runs a command to its end without printing anything (the quick start's own polling). */
    Result quiet(String launcher, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve(launcher).toString());
        command.addAll(List.of(args));
        Path errors = Files.createTempFile(dir, "command-", ".err");
        Process p = null;
        try {
            p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            running = p;
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            if (exit != 0) {
                // what went wrong, for the reader of the quick start: the command's error and log lines
                output += Files.readString(errors, StandardCharsets.UTF_8);
            }
            return new Result(exit, output);
        } finally {
            running = null;
            if (p != null && p.isAlive()) {
                p.destroyForcibly(); // interrupted while it ran: leave nothing behind
            }
            Files.deleteIfExists(errors);
        }
    }

    /** Starts a long-running command (the agent) with its output in {@code log}; prints it as a background job. */
    Process start(Path log, String launcher, String... args) throws IOException {
        console.shell(commandLine(launcher, args) + " &   # log: " + log);
        List<String> command = new ArrayList<>();
        command.add(home.resolve(launcher).toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Ends the command running now, if any (the quick start was interrupted). */
    void stopRunning() {
        Process p = running;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
        }
    }

    /** {@code pitr-agent status --json}, or null if it failed (no journal yet). */
    JsonNode status(Path config) throws IOException, InterruptedException {
        Result r = quiet("bin/pitr-agent", "status", "--config", config.toString(), "--json");
        return r.exitCode() == 0 ? new ObjectMapper().readTree(r.output()) : null;
    }

    /**
     * Polls {@code pitr-agent status --json} until the journal is caught up with the source; returns how many
     * transactions it is behind (0 when caught up in time).
     *
     * @throws IOException if the agent exits meanwhile, with its log
     */
    long awaitCaughtUp(Path config, Process agent, Path agentLog, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long behind = Long.MAX_VALUE;
        while (System.nanoTime() < deadline) {
            if (!agent.isAlive()) {
                throw new IOException(
                        "the agent exited with " + agent.exitValue() + ":\n" + Files.readString(agentLog));
            }
            JsonNode json = Files.exists(dir.resolve("repo/journal")) ? status(config) : null;
            if (json != null && json.path("transactionsBehind").isNumber()) {
                behind = json.path("transactionsBehind").asLong();
                if (behind == 0) {
                    return 0;
                }
            }
            Thread.sleep(500);
        }
        return behind;
    }

    /** The line a user types: the launcher relative to the product's root, arguments quoted when needed. */
    static String commandLine(String launcher, String... args) {
        List<String> words = new ArrayList<>();
        words.add(launcher);
        for (String a : args) {
            words.add(a.matches("[A-Za-z0-9_@%+=:,./-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return words.stream().collect(Collectors.joining(" "));
    }
}
