package io.binlogpitr.common.binlog;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** TABLE_MAP and rows events built byte by byte, as MySQL 8.0 lays them out (table id 77, CRC32). */
final class RowEvents {
    static final FormatDescription FD = FormatDescription.parse(BinlogEventsTest.fde(true));
    static final long TABLE_ID = 77;

    private RowEvents() {}

    /** A column for {@link #tableMap}: type code and its metadata bytes. */
    record Col(int type, byte[] meta, String name) {
        static Col of(int type, String name, int... meta) {
            byte[] m = new byte[meta.length];
            for (int i = 0; i < meta.length; i++) {
                m[i] = (byte) meta[i];
            }
            return new Col(type, m, name);
        }
    }

    /** A TABLE_MAP of db.t with the columns, all nullable, and the optional metadata fields given as TLVs. */
    static byte[] tableMap(List<Col> cols, byte[]... optional) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] id = new byte[8];
        Bytes.put48(id, 0, TABLE_ID);
        b.write(id, 0, 6);
        b.write(1);
        b.write(0);
        name(b, "db");
        name(b, "t");
        b.write(cols.size());
        for (Col c : cols) {
            b.write(c.type());
        }
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        for (Col c : cols) {
            meta.writeBytes(c.meta());
        }
        b.write(meta.size());
        b.writeBytes(meta.toByteArray());
        byte[] nulls = new byte[(cols.size() + 7) / 8];
        java.util.Arrays.fill(nulls, (byte) 0xFF);
        b.writeBytes(nulls);
        for (byte[] o : optional) {
            b.writeBytes(o);
        }
        return BinlogEventsTest.event(EventTypes.TABLE_MAP, b.toByteArray(), true);
    }

    private static void name(ByteArrayOutputStream b, String s) {
        b.write(s.length());
        b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        b.write(0);
    }

    /** An optional metadata field: type, packed length, value. */
    static byte[] tlv(int type, byte[] value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(type);
        b.write(value.length);
        b.writeBytes(value);
        return b.toByteArray();
    }

    /** COLUMN_NAME for the columns. */
    static byte[] names(List<Col> cols) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Col c : cols) {
            byte[] n = c.name().getBytes(StandardCharsets.UTF_8);
            b.write(n.length);
            b.writeBytes(n);
        }
        return tlv(TableMapDecoder.COLUMN_NAME, b.toByteArray());
    }

    /**
     * A v2 rows event (2 bytes of extra data beyond its length) of {@code columns} columns; each row image is its null
     * bitmap and values, as given.
     */
    static byte[] rows(int type, int columns, byte[]... images) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] id = new byte[8];
        Bytes.put48(id, 0, TABLE_ID);
        b.write(id, 0, 6);
        b.write(1); // STMT_END_F
        b.write(0);
        b.writeBytes(new byte[] {4, 0, 9, 9}); // extra data: length 4 (itself + 2 bytes)
        b.write(columns);
        byte[] present = new byte[(columns + 7) / 8];
        for (int i = 0; i < columns; i++) {
            present[i >> 3] |= (byte) (1 << (i & 7));
        }
        b.writeBytes(present);
        if (type == EventTypes.UPDATE_ROWS || type == EventTypes.PARTIAL_UPDATE_ROWS) {
            b.writeBytes(present);
        }
        for (byte[] image : images) {
            b.writeBytes(image);
        }
        return BinlogEventsTest.event(type, b.toByteArray(), true);
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }
}
