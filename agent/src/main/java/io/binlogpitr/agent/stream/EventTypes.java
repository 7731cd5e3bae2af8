package io.binlogpitr.agent.stream;

/** MySQL binlog event type codes (libbinlogevents {@code Log_event_type}) the agent acts on. */
final class EventTypes {
    static final int QUERY = 2;
    static final int STOP = 3;
    static final int ROTATE = 4;
    static final int FORMAT_DESCRIPTION = 15;
    static final int XID = 16;
    static final int INCIDENT = 26;
    static final int HEARTBEAT = 27;
    static final int GTID = 33;
    static final int ANONYMOUS_GTID = 34;
    static final int PREVIOUS_GTIDS = 35;
    static final int XA_PREPARE = 38;
    static final int TRANSACTION_PAYLOAD = 40;
    static final int HEARTBEAT_V2 = 41;
    static final int GTID_TAGGED = 42;

    private EventTypes() {}
}
