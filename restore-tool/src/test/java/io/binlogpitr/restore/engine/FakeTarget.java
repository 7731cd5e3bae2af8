package io.binlogpitr.restore.engine;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A target without a server, for the appliers' unit tests: every connection records the statements it is sent,
 * and {@link Rule} decides, per statement, to let it pass, to throw an {@link SQLException} or anything else.
 */
final class FakeTarget extends TargetConnections {
    /** What happens to one statement: return normally to let it pass, or throw. */
    @FunctionalInterface
    interface Rule {
        void check(String sql) throws Throwable;
    }

    final List<String> executed = new CopyOnWriteArrayList<>();
    private final Rule rule;

    FakeTarget(Rule rule) {
        super("fake-target", 3306, "nobody", "");
        this.rule = rule;
    }

    @Override
    public Connection open() {
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "createStatement":
                            return statement();
                        case "isClosed":
                            return false;
                        default:
                            return null;
                    }
                });
    }

    private Statement statement() {
        return (Statement) Proxy.newProxyInstance(
                Statement.class.getClassLoader(), new Class<?>[] {Statement.class}, (proxy, method, args) -> {
                    if (method.getName().equals("execute")) {
                        String sql = (String) args[0];
                        rule.check(sql);
                        executed.add(sql);
                        return false;
                    }
                    return null;
                });
    }

    /** An SQLException with a MySQL error code. */
    static SQLException mysqlError(int code, String message) {
        return new SQLException(message, "HY000", code);
    }
}
