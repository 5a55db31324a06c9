package org.speccxr.output;

import org.speccxr.util.InputException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An output file written line by line as results stream in: to a temporary name beside it, moved into place by
 * {@link #commit()}, deleted by {@link #close()} when never committed. A run that is killed leaves the file it
 * replaces untouched, never a half-written one.
 */
public final class StreamedFile implements AutoCloseable {
    private final Path file;
    private final Path tmp;
    private final BufferedWriter out;
    private boolean committed;

    public StreamedFile(Path file) {
        this.file = file;
        this.tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            this.out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException("cannot write " + file + " (" + OutputWriter.reason(e) + ")");
        }
    }

    public Path file() {
        return file;
    }

    public void write(String text) {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new InputException("cannot write " + file + " (" + OutputWriter.reason(e) + ")");
        }
    }

    public void line(String text) {
        write(text);
        write("\n");
    }

    /** Flushes, closes and moves the file into place. */
    public void commit() {
        try {
            out.close();
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            committed = true;
        } catch (IOException e) {
            throw new InputException("cannot write " + file + " (" + OutputWriter.reason(e) + ")");
        }
    }

    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            out.close();
        } catch (IOException ignored) {
            // the temporary file goes anyway
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // nothing more to do: it was never moved into place
        }
    }
}
