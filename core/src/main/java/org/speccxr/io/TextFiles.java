package org.speccxr.io;

import org.speccxr.util.InputException;

import java.io.BufferedReader;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.MalformedInputException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads user text files strictly: a missing, unreadable, empty or non-UTF-8 file is a one-line error. */
public final class TextFiles {
    private TextFiles() {
    }

    /**
     * Opens a user text file for streaming, as strictly as {@link #readUtf8}: a missing, unreadable, empty, binary or
     * non-UTF-8 file is a one-line {@link InputException}, thrown when opening or, for a bad byte far into the file,
     * when the reading gets there. A leading byte-order mark is skipped.
     */
    public static BufferedReader openUtf8(Path file, String what) {
        if (Files.isDirectory(file)) {
            throw new InputException(what + " " + file + " is a directory, not a file");
        }
        try {
            java.io.BufferedInputStream bytes = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16);
            // a binary file is named as such, not as bad UTF-8: look for a NUL in its first bytes before decoding
            bytes.mark(BINARY_PROBE);
            byte[] head = bytes.readNBytes(BINARY_PROBE);
            bytes.reset();
            for (byte b : head) {
                if (b == 0) {
                    bytes.close();
                    throw new InputException(what + " " + file + " is binary, not text (found a NUL byte)");
                }
            }
            Reader strict = new InputStreamReader(bytes, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
            PushbackReader in = new PushbackReader(new StrictReader(strict, file, what), LOOKAHEAD + 1);
            int first = in.read();
            if (first == '\uFEFF') {
                first = in.read();
            }
            // a file of blanks is empty; the blanks before the content are given back (line numbers stay right)
            StringBuilder blanks = new StringBuilder();
            while (first >= 0 && Character.isWhitespace(first)) {
                if (blanks.length() < LOOKAHEAD) {
                    blanks.append((char) first);
                }
                first = in.read();
            }
            if (first < 0) {
                in.close();
                throw new InputException(what + " " + file + " is empty");
            }
            in.unread(first);
            in.unread(blanks.toString().toCharArray());
            return new BufferedReader(in, 1 << 16);
        } catch (NoSuchFileException e) {
            throw new InputException(what + " not found: " + file);
        } catch (AccessDeniedException e) {
            throw new InputException(what + " " + file + " cannot be read (permission denied)");
        } catch (IOException e) {
            throw new InputException("cannot read " + what + " " + file + ": " + e.getMessage());
        }
    }

    private static final int LOOKAHEAD = 1 << 12;
    private static final int BINARY_PROBE = 8192;

    /** Turns a bad byte sequence or a NUL into the one-line errors {@link #readUtf8} gives. */
    private static final class StrictReader extends FilterReader {
        private final Path file;
        private final String what;

        StrictReader(Reader in, Path file, String what) {
            super(in);
            this.file = file;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            char[] one = new char[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(buf, off, len);
            } catch (MalformedInputException | java.nio.charset.UnmappableCharacterException e) {
                throw new InputException(what + " " + file + " is not UTF-8 text; save it as UTF-8");
            }
            for (int i = off; i < off + n; i++) {
                if (buf[i] == 0) {
                    throw new InputException(what + " " + file + " is binary, not text (found a NUL byte)");
                }
            }
            return n;
        }
    }

    /** Reads lines of a reader opened with {@link #openUtf8}; I/O errors become unchecked. */
    static String readLine(BufferedReader r) {
        try {
            return r.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A whole user text file, checked as {@link #openUtf8} checks it. */
    public static String readUtf8(Path file, String what) {
        try (BufferedReader in = openUtf8(file, what)) {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[1 << 14];
            int n;
            while ((n = in.read(buf)) > 0) {
                sb.append(buf, 0, n);
            }
            return sb.toString();
        } catch (IOException e) {
            throw new InputException("cannot read " + what + " " + file + ": " + e.getMessage());
        }
    }
}
