package org.speccxr.io;

import org.speccxr.util.InputException;

import java.io.IOException;
import java.nio.ByteBuffer;
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

    public static String readUtf8(Path file, String what) {
        if (Files.isDirectory(file)) {
            throw new InputException(what + " " + file + " is a directory, not a file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(what + " not found: " + file);
        } catch (AccessDeniedException e) {
            throw new InputException(what + " " + file + " cannot be read (permission denied)");
        } catch (IOException e) {
            throw new InputException("cannot read " + what + " " + file + ": " + e.getMessage());
        }
        for (byte b : bytes) {
            if (b == 0) {
                throw new InputException(what + " " + file + " is binary, not text (found a NUL byte)");
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InputException(what + " " + file + " is not UTF-8 text; save it as UTF-8");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            throw new InputException(what + " " + file + " is empty");
        }
        return text;
    }
}
