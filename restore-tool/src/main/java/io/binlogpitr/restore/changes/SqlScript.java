package io.binlogpitr.restore.changes;

import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A SQL script being written: to a file, which appears only complete (written beside it under a temporary name
 * and renamed at {@link #finish}; a failure or an interruption leaves no file), or to a stream. UTF-8; every value
 * in it is ASCII (literals are hex or printable ASCII), only identifiers may not be.
 */
public final class SqlScript implements AutoCloseable {
    private final Writer out;
    private final Path file;
    private final Path temp;
    private long bytes;
    private boolean finished;

    private SqlScript(Writer out, Path file, Path temp) {
        this.out = out;
        this.file = file;
        this.temp = temp;
    }

    /** A script written to {@code file} when finished. */
    public static SqlScript toFile(Path file) {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new PitrException(
                    ErrorCode.USAGE,
                    "cannot write " + file + ": directory " + dir + " does not exist",
                    "name a file in an existing directory");
        }
        if (Files.isDirectory(abs)) {
            throw new PitrException(ErrorCode.USAGE, file + " is a directory", "name a file to write");
        }
        try {
            Path temp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
            Writer w = new BufferedWriter(
                    new OutputStreamWriter(Files.newOutputStream(temp), StandardCharsets.UTF_8), 1 << 16);
            return new SqlScript(w, abs, temp);
        } catch (IOException e) {
            throw new PitrException(
                    ErrorCode.IO,
                    "cannot write in " + dir + ": " + e.getMessage(),
                    "check the directory's permissions");
        }
    }

    /** A script written to {@code stream} as it goes (not closed). */
    public static SqlScript to(OutputStream stream) {
        return new SqlScript(
                new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16), null, null);
    }

    /** {@code -- text} on its own line (newlines in text become spaces). */
    public void comment(String text) {
        write("-- " + text.replace('\n', ' ').replace('\r', ' ') + "\n");
    }

    /** A statement, terminated with {@code ;} and a newline. */
    public void statement(CharSequence sql) {
        write(sql);
        write(";\n");
    }

    /**
     * A statement as the source ran it; one whose text holds a {@code ;} (a routine body) is wrapped in {@code
     * DELIMITER} lines so the mysql client sends it whole.
     */
    public void statementText(String sql) {
        if (sql.indexOf(';') < 0) {
            statement(sql);
            return;
        }
        write("DELIMITER $$\n");
        write(sql);
        write("\n$$\nDELIMITER ;\n");
    }

    public void blankLine() {
        write("\n");
    }

    /** Characters written so far (bytes for the ASCII a script mostly is). */
    public long size() {
        return bytes;
    }

    private void write(CharSequence s) {
        try {
            out.append(s);
            bytes += s.length();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** Flushes; for a file, syncs it and moves it into place. */
    public void finish() {
        try {
            out.flush();
            if (file != null) {
                out.close();
                try (var ch = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            finished = true;
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private PitrException failure(IOException e) {
        return new PitrException(
                ErrorCode.IO,
                "cannot write " + (file != null ? file : "the SQL output") + ": " + e.getMessage(),
                "check free space and permissions; nothing partial was left");
    }

    @Override
    public void close() {
        if (file == null) {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        if (!finished) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the temporary file is deleted anyway
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: a hidden .tmp file
            }
        }
    }
}
