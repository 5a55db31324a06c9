package org.speccxr.cli;

import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Resolves an {@code --entities} value of the statistics commands: a bundled set by name ({@code spec-cxr}, the
 * default; {@code chexpert14}) or an entity-set YAML file.
 */
final class EntitySetArg {
    static final String NAMES = "spec-cxr (default), chexpert14, or a YAML file";

    private EntitySetArg() {
    }

    static EntitySet resolve(String value) {
        return EntitySetLoader.resolve(value);
    }

    /** A short display name: the bundled name or the file name. */
    static String label(String value) {
        if (value == null || value.isBlank()) {
            return "spec-cxr";
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "spec-cxr", "default" -> "spec-cxr";
            case "chexpert14", "chexpert-14" -> "chexpert14";
            default -> Path.of(value.strip()).getFileName().toString();
        };
    }
}
