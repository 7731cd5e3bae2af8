package io.binlogpitr.bench;

import io.binlogpitr.common.gtid.GtidSet;
import java.util.List;

/**
 * The source position mydumper recorded in its {@code metadata} file, read under the same global read lock as its
 * consistent snapshot. mydumper 0.10 writes:
 *
 * <pre>
 * Started dump at: 2026-11-21 07:40:12
 * SHOW MASTER STATUS:
 * 	Log: binlog.000002
 * 	Pos: 157
 * 	GTID:3e11fa47-71ca-11e1-9e33-c80aa9429562:1-845
 *
 * Finished dump at: 2026-11-21 07:40:13
 * </pre>
 *
 * A GTID set of several servers spans lines, as {@code SHOW MASTER STATUS} prints it ({@code a:1-5,\nb:1-3}).
 *
 * @param binlogFile the source's binlog file at the dump's point
 * @param position the offset in that file
 * @param gtidSet the source's {@code gtid_executed} at the dump's point
 */
record MydumperMetadata(String binlogFile, long position, GtidSet gtidSet) {
    private static final String SECTION = "SHOW MASTER STATUS:";

    /** Parses the text of a {@code metadata} file; fails naming what is missing. */
    static MydumperMetadata parse(String text) {
        List<String> lines = text.lines().toList();
        int start = lines.indexOf(SECTION);
        if (start < 0) {
            throw new IllegalArgumentException(
                    "mydumper metadata has no '" + SECTION + "' section (was the binlog off?)");
        }
        String file = null;
        Long position = null;
        StringBuilder gtid = null;
        for (int i = start + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            String s = line.strip();
            if (gtid != null && gtid.toString().endsWith(",") && !s.isEmpty()) {
                gtid.append(s); // a GTID set continued on the next line, as the server printed it
                continue;
            }
            if (s.isEmpty() || !Character.isWhitespace(line.charAt(0))) {
                break; // the end of the section
            }
            if (s.startsWith("Log:")) {
                file = s.substring(4).strip();
            } else if (s.startsWith("Pos:")) {
                position = Long.parseLong(s.substring(4).strip());
            } else if (s.startsWith("GTID:")) {
                gtid = new StringBuilder(s.substring(5).strip());
            }
        }
        if (file == null || position == null) {
            throw new IllegalArgumentException(
                    "mydumper metadata has no binlog file and position under '" + SECTION + "'");
        }
        if (gtid == null || gtid.length() == 0) {
            throw new IllegalArgumentException(
                    "mydumper metadata has no GTID under '" + SECTION + "' (is gtid_mode ON on the source?)");
        }
        return new MydumperMetadata(file, position, GtidSet.parse(gtid.toString()));
    }
}
