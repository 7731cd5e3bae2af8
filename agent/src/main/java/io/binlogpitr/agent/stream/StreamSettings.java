package io.binlogpitr.agent.stream;

import java.time.Duration;

/**
 * How the agent connects as a replica.
 *
 * @param heartbeat the period the source is asked to send heartbeats at when idle; a connection silent for four
 *     periods is considered dead (a cut network otherwise looks like an idle source)
 */
public record StreamSettings(
        String host,
        int port,
        String user,
        String password,
        long serverId,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration heartbeat) {

    public String address() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return "StreamSettings[" + user + "@" + address() + ", serverId=" + serverId + "]"; // never the password
    }
}
