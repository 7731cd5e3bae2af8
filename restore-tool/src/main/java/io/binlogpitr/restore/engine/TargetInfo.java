package io.binlogpitr.restore.engine;

import io.binlogpitr.common.gtid.GtidSet;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What the restore needs to know about the target server. */
record TargetInfo(String version, boolean gtidModeOn, GtidSet gtidExecuted, long maxAllowedPacket) {
    static TargetInfo read(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT @@GLOBAL.version, @@GLOBAL.gtid_mode, @@GLOBAL.gtid_executed, @@GLOBAL.max_allowed_packet")) {
            rs.next();
            return new TargetInfo(
                    rs.getString(1),
                    "ON".equalsIgnoreCase(rs.getString(2)),
                    GtidSet.parse(rs.getString(3).replace("\n", "")),
                    rs.getLong(4));
        }
    }
}
