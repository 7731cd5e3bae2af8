package io.binlogpitr.common.binlog;

import io.binlogpitr.common.sql.ValueKind;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes the column part of a TABLE_MAP event (libbinlogevents {@code Table_map_event}): column count (packed),
 * one type byte per column, the metadata block, the null bitmap, then optional metadata as type-length-value
 * fields ({@code binlog_row_metadata}: MINIMAL logs signedness, charsets and geometry types; FULL adds names, ENUM
 * and SET members and their charsets, the primary key and visibility).
 */
final class TableMapDecoder {
    static final int SIGNEDNESS = 1;
    static final int DEFAULT_CHARSET = 2;
    static final int COLUMN_CHARSET = 3;
    static final int COLUMN_NAME = 4;
    static final int SET_STR_VALUE = 5;
    static final int ENUM_STR_VALUE = 6;
    static final int GEOMETRY_TYPE = 7;
    static final int SIMPLE_PRIMARY_KEY = 8;
    static final int PRIMARY_KEY_WITH_PREFIX = 9;
    static final int ENUM_AND_SET_DEFAULT_CHARSET = 10;
    static final int ENUM_AND_SET_COLUMN_CHARSET = 11;
    static final int COLUMN_VISIBILITY = 12;

    private static final int MAX_COLUMNS = 4096;

    private final EventCursor c;
    private final int n;
    private final int[] types;
    private final int[] meta;
    private final boolean[] unsigned;
    private final int[] collation;
    private final String[] names;
    private final byte[][][] members;
    private final List<Integer> primaryKey = new ArrayList<>();
    private boolean namesLogged;

    private TableMapDecoder(EventCursor c, int n) {
        this.c = c;
        this.n = n;
        this.types = new int[n];
        this.meta = new int[n];
        this.unsigned = new boolean[n];
        this.collation = new int[n];
        this.names = new String[n];
        this.members = new byte[n][][];
    }

    static TableDefinition decode(byte[] event, FormatDescription fd) {
        EventCursor c = EventCursor.body(event, fd, EventTypes.TABLE_MAP);
        long id = TableMap.tableId(c, fd.postHeaderLength(EventTypes.TABLE_MAP));
        c.u16("flags");
        String db = c.utf8Nul(c.u8("database name length"), "database name");
        String table = c.utf8Nul(c.u8("table name length"), "table name");
        int n = c.packedInt("column count", MAX_COLUMNS);
        TableMapDecoder d = new TableMapDecoder(c, n);
        for (int i = 0; i < n; i++) {
            d.types[i] = c.u8("column type");
        }
        d.metadataBlock();
        byte[] nullBits = c.bytes((n + 7) / 8, "null bitmap");
        while (c.remaining() > 0) {
            d.optionalField();
        }
        List<BinlogColumn> columns = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            columns.add(d.column(i, (nullBits[i >> 3] & (1 << (i & 7))) != 0));
        }
        return new TableDefinition(id, db, table, columns, d.primaryKey, d.namesLogged);
    }

    private void metadataBlock() {
        int length = c.packedInt("metadata length", c.remaining());
        int end = c.position() + length;
        for (int i = 0; i < n; i++) {
            int t = types[i];
            switch (t) {
                case ColumnTypes.FLOAT,
                        ColumnTypes.DOUBLE,
                        ColumnTypes.TINY_BLOB,
                        ColumnTypes.MEDIUM_BLOB,
                        ColumnTypes.LONG_BLOB,
                        ColumnTypes.BLOB,
                        ColumnTypes.JSON,
                        ColumnTypes.GEOMETRY,
                        ColumnTypes.TIME2,
                        ColumnTypes.DATETIME2,
                        ColumnTypes.TIMESTAMP2 -> meta[i] = c.u8("metadata");
                case ColumnTypes.VARCHAR, ColumnTypes.VAR_STRING -> meta[i] = c.u16("metadata");
                case ColumnTypes.BIT -> {
                    int bits = c.u8("metadata");
                    meta[i] = c.u8("metadata") << 8 | bits;
                }
                case ColumnTypes.NEWDECIMAL -> {
                    int precision = c.u8("metadata");
                    meta[i] = precision << 8 | c.u8("metadata");
                }
                case ColumnTypes.STRING, ColumnTypes.ENUM, ColumnTypes.SET -> resolveString(
                        i, c.u8("metadata"), c.u8("metadata"));
                case ColumnTypes.TINY,
                        ColumnTypes.SHORT,
                        ColumnTypes.INT24,
                        ColumnTypes.LONG,
                        ColumnTypes.LONGLONG,
                        ColumnTypes.YEAR,
                        ColumnTypes.DATE,
                        ColumnTypes.NEWDATE,
                        ColumnTypes.TIME,
                        ColumnTypes.DATETIME,
                        ColumnTypes.TIMESTAMP,
                        ColumnTypes.DECIMAL,
                        ColumnTypes.NULL -> meta[i] = 0;
                default -> throw EventCursor.corrupt(
                        c.event(),
                        "column " + (i + 1) + " has type " + t + ", which this version cannot decode (MySQL 5.7 to"
                                + " 8.4 column types are known)");
            }
            if (c.position() > end) {
                throw EventCursor.corrupt(c.event(), "column metadata runs past its block of " + length + " bytes");
            }
        }
        c.seek(end, "end of column metadata");
    }

    /** MYSQL_TYPE_STRING's real type: ENUM, SET or CHAR, whose length above 255 borrows two bits of the type. */
    private void resolveString(int i, int byte0, int byte1) {
        if (byte0 != 0 && (byte0 & 0x30) != 0x30) {
            types[i] = byte0 | 0x30;
            meta[i] = byte1 | (((byte0 & 0x30) ^ 0x30) << 4);
        } else if (byte0 == ColumnTypes.ENUM || byte0 == ColumnTypes.SET) {
            types[i] = byte0;
            meta[i] = byte1;
        } else {
            types[i] = ColumnTypes.STRING;
            meta[i] = byte1;
        }
        if (types[i] != ColumnTypes.STRING && types[i] != ColumnTypes.ENUM && types[i] != ColumnTypes.SET) {
            throw EventCursor.corrupt(c.event(), "column " + (i + 1) + " has string real type " + byte0);
        }
    }

    private void optionalField() {
        int type = c.u8("optional metadata type");
        int length = c.packedInt("optional metadata length", c.remaining());
        int end = c.position() + length;
        switch (type) {
            case SIGNEDNESS -> signedness(end);
            case DEFAULT_CHARSET -> defaultCharset(end, false);
            case COLUMN_CHARSET -> columnCharsets(end, false);
            case ENUM_AND_SET_DEFAULT_CHARSET -> defaultCharset(end, true);
            case ENUM_AND_SET_COLUMN_CHARSET -> columnCharsets(end, true);
            case COLUMN_NAME -> columnNames(end);
            case SET_STR_VALUE -> memberStrings(end, ColumnTypes.SET);
            case ENUM_STR_VALUE -> memberStrings(end, ColumnTypes.ENUM);
            case SIMPLE_PRIMARY_KEY -> primaryKey(end, false);
            case PRIMARY_KEY_WITH_PREFIX -> primaryKey(end, true);
            default -> {
                // GEOMETRY_TYPE, COLUMN_VISIBILITY and later fields change nothing about the values
            }
        }
        if (c.position() > end) {
            throw EventCursor.corrupt(c.event(), "optional metadata field " + type + " runs past its length " + length);
        }
        c.seek(end, "end of optional metadata field " + type);
    }

    private void signedness(int end) {
        int bit = 0;
        for (int i = 0; i < n; i++) {
            if (!ColumnTypes.isNumeric(types[i])) {
                continue;
            }
            int at = c.position() + (bit >> 3);
            if (at >= end) {
                throw EventCursor.corrupt(c.event(), "signedness bitmap is shorter than the numeric columns");
            }
            unsigned[i] = (c.event()[at] & (0x80 >> (bit & 7))) != 0;
            bit++;
        }
        c.skip((bit + 7) / 8, "signedness bitmap");
    }

    private boolean covered(int i, boolean enumAndSet) {
        return enumAndSet ? ColumnTypes.isEnumOrSet(types[i]) : ColumnTypes.isCharacter(types[i]);
    }

    private void defaultCharset(int end, boolean enumAndSet) {
        int fallback = c.packedInt("default collation", Integer.MAX_VALUE);
        int[] columns = coveredColumns(enumAndSet);
        for (int col : columns) {
            collation[col] = fallback;
        }
        while (c.position() < end) {
            int which = c.packedInt("charset column index", columns.length - 1);
            collation[columns[which]] = c.packedInt("column collation", Integer.MAX_VALUE);
        }
    }

    private void columnCharsets(int end, boolean enumAndSet) {
        for (int col : coveredColumns(enumAndSet)) {
            collation[col] = c.packedInt("column collation", Integer.MAX_VALUE);
        }
    }

    private int[] coveredColumns(boolean enumAndSet) {
        int[] out = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (covered(i, enumAndSet)) {
                out[k++] = i;
            }
        }
        return Arrays.copyOf(out, k);
    }

    private void columnNames(int end) {
        for (int i = 0; i < n; i++) {
            names[i] = c.utf8(c.packedInt("column name length", 1024), "column name");
        }
        namesLogged = true;
    }

    private void memberStrings(int end, int ofType) {
        for (int i = 0; i < n; i++) {
            if (types[i] != ofType) {
                continue;
            }
            int count = c.packedInt("member count", 65535);
            byte[][] m = new byte[count][];
            for (int k = 0; k < count; k++) {
                m[k] = c.bytes(c.packedInt("member length", 1 << 20), "member");
            }
            members[i] = m;
        }
    }

    private void primaryKey(int end, boolean withPrefix) {
        while (c.position() < end) {
            primaryKey.add(c.packedInt("primary key column", n - 1));
            if (withPrefix) {
                c.packed("primary key prefix length");
            }
        }
    }

    private BinlogColumn column(int i, boolean nullable) {
        int t = types[i];
        String charset = null;
        if (ColumnTypes.isCharacter(t) || ColumnTypes.isEnumOrSet(t)) {
            charset = collation[i] == 0 ? null : Collations.charset(collation[i]);
            if (collation[i] != 0 && charset == null) {
                throw EventCursor.corrupt(c.event(), "column " + (i + 1) + " has unknown collation " + collation[i]);
            }
        }
        List<String> memberList = List.of();
        if (members[i] != null && charset != null) {
            Charset java = Collations.javaCharset(charset);
            String[] strings = new String[members[i].length];
            for (int k = 0; k < strings.length; k++) {
                strings[k] = new String(members[i][k], java == null ? StandardCharsets.ISO_8859_1 : java);
            }
            memberList = new MemberList(members[i], strings);
        }
        ValueKind kind = kind(t, charset, memberList instanceof MemberList);
        return new BinlogColumn(i, t, meta[i], nullable, names[i], unsigned[i], charset, memberList, kind);
    }

    static ValueKind kind(int type, String charset, boolean membersKnown) {
        return switch (type) {
            case ColumnTypes.TINY,
                    ColumnTypes.SHORT,
                    ColumnTypes.INT24,
                    ColumnTypes.LONG,
                    ColumnTypes.LONGLONG -> ValueKind.INTEGER;
            case ColumnTypes.NEWDECIMAL -> ValueKind.DECIMAL;
            case ColumnTypes.FLOAT -> ValueKind.FLOAT;
            case ColumnTypes.DOUBLE -> ValueKind.DOUBLE;
            case ColumnTypes.BIT -> ValueKind.BIT;
            case ColumnTypes.YEAR -> ValueKind.YEAR;
            case ColumnTypes.DATE,
                    ColumnTypes.NEWDATE,
                    ColumnTypes.TIME,
                    ColumnTypes.TIME2,
                    ColumnTypes.DATETIME,
                    ColumnTypes.DATETIME2,
                    ColumnTypes.TIMESTAMP,
                    ColumnTypes.TIMESTAMP2 -> ValueKind.TEMPORAL;
            case ColumnTypes.STRING,
                    ColumnTypes.VARCHAR,
                    ColumnTypes.VAR_STRING,
                    ColumnTypes.TINY_BLOB,
                    ColumnTypes.MEDIUM_BLOB,
                    ColumnTypes.LONG_BLOB,
                    ColumnTypes.BLOB -> charset == null || charset.equals("binary") ? ValueKind.BINARY : ValueKind.TEXT;
            case ColumnTypes.ENUM, ColumnTypes.SET -> membersKnown ? ValueKind.TEXT : ValueKind.INTEGER;
            case ColumnTypes.JSON -> ValueKind.JSON;
            case ColumnTypes.GEOMETRY -> ValueKind.GEOMETRY;
            default -> null; // refused when a row holds a value of it
        };
    }
}
