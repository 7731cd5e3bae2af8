package io.binlogpitr.agent.stream;

import com.github.luben.zstd.Zstd;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;

/**
 * TRANSACTION_PAYLOAD (compressed transaction) deserializer that decodes the inner events with the
 * given deserializer. The connector's own one decodes them with a fresh default {@code
 * EventDeserializer}, dropping every compatibility mode: inside a compressed transaction CHAR/BINARY
 * come back as Strings in the JVM charset and DATETIME/TIME/TIMESTAMP as java.util.Date (milliseconds).
 */
final class CompressedPayloadDeserializer implements EventDataDeserializer<TransactionPayloadEventData> {

    private static final int END_MARK = 0;
    private static final int PAYLOAD_SIZE = 1;
    private static final int COMPRESSION_TYPE = 2;
    private static final int UNCOMPRESSED_SIZE = 3;
    private static final int ZSTD = 0;
    private static final int NONE = 255;

    private final EventDeserializer inner;

    /** {@code inner} must expect no checksums: events inside a payload carry none. */
    CompressedPayloadDeserializer(EventDeserializer inner) {
        this.inner = inner;
    }

    @Override
    public TransactionPayloadEventData deserialize(ByteArrayInputStream in) throws IOException {
        TransactionPayloadEventData data = new TransactionPayloadEventData();
        readHeader(in, data);
        byte[] payload = in.read(data.getPayloadSize());
        data.setPayload(payload);
        byte[] plain =
                switch (data.getCompressionType()) {
                    case ZSTD -> decompress(payload, data.getUncompressedSize());
                    case NONE -> payload;
                    default -> throw new IOException(
                            "unknown transaction payload compression type " + data.getCompressionType());
                };
        ArrayList<Event> events = new ArrayList<>();
        ByteArrayInputStream events_in = new ByteArrayInputStream(plain);
        for (Event e = inner.nextEvent(events_in); e != null; e = inner.nextEvent(events_in)) {
            events.add(e);
        }
        data.setUncompressedEvents(events);
        return data;
    }

    private static void readHeader(ByteArrayInputStream in, TransactionPayloadEventData data) throws IOException {
        while (in.available() > 0) {
            int type = in.readPackedInteger();
            if (type == END_MARK) {
                break;
            }
            int length = in.readPackedInteger();
            switch (type) {
                case PAYLOAD_SIZE -> data.setPayloadSize(in.readPackedInteger());
                case COMPRESSION_TYPE -> data.setCompressionType(in.readPackedInteger());
                case UNCOMPRESSED_SIZE -> data.setUncompressedSize(in.readPackedInteger());
                default -> in.read(length);
            }
        }
        if (data.getUncompressedSize() == 0) {
            data.setUncompressedSize(data.getPayloadSize());
        }
    }

    private static byte[] decompress(byte[] payload, int uncompressedSize) throws IOException {
        byte[] out = new byte[uncompressedSize];
        long n = Zstd.decompressByteArray(out, 0, out.length, payload, 0, payload.length);
        if (Zstd.isError(n) || n != uncompressedSize) {
            throw new IOException("transaction payload decompressed to " + n + " bytes, header says " + uncompressedSize
                    + (Zstd.isError(n) ? " (" + Zstd.getErrorName(n) + ")" : ""));
        }
        return out;
    }
}
