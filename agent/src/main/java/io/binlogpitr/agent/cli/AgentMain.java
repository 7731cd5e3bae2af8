package io.binlogpitr.agent.cli;

/** Entry point of {@code pitr-agent}. */
public final class AgentMain {
    private AgentMain() {}

    public static void main(String[] args) {
        System.exit(0);
    }
}
