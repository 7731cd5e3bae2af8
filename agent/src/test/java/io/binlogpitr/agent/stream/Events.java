package io.binlogpitr.agent.stream;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.CRC32;

/** Builds raw binlog events (v4 header, body, CRC32) the way the server sends them, for unit tests. */
final class Events {
    private long position = 4;

    byte[] event(int type, byte[] body) {
        int length = RawEvents.HEADER_LENGTH + body.length + 4;
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        position += length;
        b.putInt(1_700_000_000) // timestamp
                .put((byte) type)
                .putInt(1) // server id
                .putInt(length)
                .putInt((int) position) // next position
                .putShort((short) 0)
                .put(body);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, length - 4);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** GTID event: flags, sid, gno, lt type, last committed, sequence number, immediate+original commit times. */
    byte[] gtid(String uuid, long gno, long originalMicros, long immediateMicros) {
        ByteBuffer b = ByteBuffer.allocate(42 + 14).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 1);
        UUID u = UUID.fromString(uuid);
        b.order(ByteOrder.BIG_ENDIAN).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        b.order(ByteOrder.LITTLE_ENDIAN).putLong(gno).put((byte) 2).putLong(0).putLong(1);
        long immediate = immediateMicros | (originalMicros != immediateMicros ? 1L << 55 : 0);
        put7(b, immediate);
        if (originalMicros != immediateMicros) {
            put7(b, originalMicros);
        }
        byte[] body = new byte[b.position()];
        b.flip();
        b.get(body);
        return event(EventTypes.GTID, body);
    }

    private static void put7(ByteBuffer b, long v) {
        for (int i = 0; i < 7; i++) {
            b.put((byte) (v >>> (8 * i)));
        }
    }

    /** QUERY event with a database and statement, no status variables. */
    byte[] query(String db, String sql) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ByteBuffer post = ByteBuffer.allocate(13).order(ByteOrder.LITTLE_ENDIAN);
        post.putInt(7).putInt(0).put((byte) db.length()).putShort((short) 0).putShort((short) 0);
        body.writeBytes(post.array());
        body.writeBytes(db.getBytes(StandardCharsets.UTF_8));
        body.write(0);
        body.writeBytes(sql.getBytes(StandardCharsets.UTF_8));
        return event(EventTypes.QUERY, body.toByteArray());
    }

    byte[] rotate(String file) {
        ByteBuffer b = ByteBuffer.allocate(8 + file.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(4).put(file.getBytes(StandardCharsets.UTF_8));
        return event(EventTypes.ROTATE, b.array());
    }

    byte[] xid() {
        return event(EventTypes.XID, new byte[8]);
    }

    byte[] rows(int type, int size) {
        return event(type, new byte[size]);
    }

    byte[] heartbeat() {
        return event(EventTypes.HEARTBEAT, "binlog.000001".getBytes(StandardCharsets.UTF_8));
    }
}
