package io.binlogpitr.restore.cli;

/** Entry point of {@code pitr-restore}. */
public final class RestoreMain {
    private RestoreMain() {}

    public static void main(String[] args) {
        System.exit(0);
    }
}
