package io.binlogpitr.testing;

/** Where a {@link MysqlServer} really runs: the embedded {@code mysqld} or a Testcontainers container. */
interface MysqlBackend {
    String host();

    int port();

    String rootPassword();

    long pid();

    void start();

    void stop();

    void kill();

    void restart();

    void close();

    /** For messages: {@code embedded mysqld 8.0.31} or {@code docker mysql:8.4}. */
    String description();
}
