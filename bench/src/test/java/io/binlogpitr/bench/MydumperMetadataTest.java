package io.binlogpitr.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.binlogpitr.common.gtid.GtidSet;
import org.junit.jupiter.api.Test;

class MydumperMetadataTest {
    private static final String A = "c2c729e6-e57c-11f1-a78e-02fc00000001";
    private static final String B = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

    /** What mydumper 0.10 wrote in the benchmark's work directory (tabs before the keys). */
    @Test
    void oneServer() {
        MydumperMetadata m = MydumperMetadata.parse("Started dump at: 2026-11-21 07:25:45\n"
                + "SHOW MASTER STATUS:\n"
                + "\tLog: binlog.000001\n"
                + "\tPos: 15362688\n"
                + "\tGTID:" + A + ":1-31\n"
                + "\n"
                + "Finished dump at: 2026-11-21 07:25:45\n");
        assertThat(m).isEqualTo(new MydumperMetadata("binlog.000001", 15362688, GtidSet.parse(A + ":1-31")));
    }

    /** The server prints a GTID set of several servers over several lines; mydumper copies it as it is. */
    @Test
    void gtidSetOverSeveralLines() {
        MydumperMetadata m = MydumperMetadata.parse("Started dump at: 2026-11-21 07:25:45\n"
                + "SHOW MASTER STATUS:\n"
                + "\tLog: binlog.000004\n"
                + "\tPos: 157\n"
                + "\tGTID:" + B + ":1-5,\n"
                + A + ":1-31:40-45\n"
                + "\n"
                + "Finished dump at: 2026-11-21 07:25:46\n");
        assertThat(m.gtidSet()).isEqualTo(GtidSet.parse(B + ":1-5," + A + ":1-31:40-45"));
        assertThat(m.position()).isEqualTo(157);
    }

    /** Dumped from a replica, a SHOW SLAVE STATUS section follows; only the server's own position counts. */
    @Test
    void slaveStatusSectionIsNotRead() {
        MydumperMetadata m = MydumperMetadata.parse("Started dump at: 2026-11-21 07:25:45\n"
                + "SHOW MASTER STATUS:\n"
                + "\tLog: binlog.000002\n"
                + "\tPos: 900\n"
                + "\tGTID:" + A + ":1-31\n"
                + "\n"
                + "SHOW SLAVE STATUS:\n"
                + "\tHost: 10.0.0.1\n"
                + "\tLog: mysql-bin.000009\n"
                + "\tPos: 4\n"
                + "\tGTID:" + B + ":1-99\n"
                + "\n"
                + "Finished dump at: 2026-11-21 07:25:46\n");
        assertThat(m).isEqualTo(new MydumperMetadata("binlog.000002", 900, GtidSet.parse(A + ":1-31")));
    }

    @Test
    void missingPartsAreNamed() {
        assertThatThrownBy(() -> MydumperMetadata.parse("Started dump at: x\n\nFinished dump at: y\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no 'SHOW MASTER STATUS:' section");
        assertThatThrownBy(() -> MydumperMetadata.parse(
                        "SHOW MASTER STATUS:\n\tLog: binlog.000001\n\tPos: 4\n" + "\tGTID:\n\nFinished dump at: y\n"))
                .hasMessageContaining("no GTID under 'SHOW MASTER STATUS:' (is gtid_mode ON on the source?)");
        assertThatThrownBy(() -> MydumperMetadata.parse("SHOW MASTER STATUS:\n\tGTID:" + A + ":1-3\n"))
                .hasMessageContaining("no binlog file and position");
    }
}
