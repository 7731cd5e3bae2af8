package io.binlogpitr.testing;

/**
 * The agent's least-privilege MySQL account, as docs/agent.md ("The agent's account") tells a DBA to create it:
 * streaming (REPLICATION SLAVE, REPLICATION CLIENT), snapshots (SELECT, RELOAD, SHOW VIEW, TRIGGER, EVENT,
 * BACKUP_ADMIN for LOCK INSTANCE FOR BACKUP, CREATE TEMPORARY TABLES for 4-byte ENUM/SET members). One place for
 * the tests, so that a grant the product starts to need is added once.
 */
public final class AgentAccount {
    /** The grants, in {@link MysqlServer#createUser}'s form (each {@code ON *.*}). */
    public static final String GRANTS =
            "REPLICATION SLAVE, REPLICATION CLIENT, SELECT, RELOAD, SHOW VIEW, TRIGGER, EVENT, BACKUP_ADMIN,"
                    + " CREATE TEMPORARY TABLES";

    private AgentAccount() {}

    /** Creates {@code user} with the agent's grants on {@code server} unless it exists already. */
    public static void ensure(MysqlServer server, String user, String password) {
        String exists =
                server.queryString("SELECT COUNT(*) FROM mysql.user WHERE user = '" + user.replace("'", "''") + "'");
        if ("0".equals(exists)) {
            server.createUser(user, password, GRANTS);
        }
    }
}
