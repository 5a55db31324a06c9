package org.speccxr.cli;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Help text and display names for {@code --entities} values; {@link org.speccxr.entity.EntitySetLoader#resolve}
 * loads them.
 */
final class EntitySetArg {
    static final String NAMES = "spec-cxr (default), chexpert14, or a YAML file";

    private EntitySetArg() {
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
