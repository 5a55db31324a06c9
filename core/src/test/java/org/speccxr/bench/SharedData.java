package org.speccxr.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the project's shared benchmark data ({@code ../shared/data/raw}, beside the checkout). It is not part of
 * the repository (licence CC BY-NC-ND 4.0 for the report text), so tests that need it skip where it is absent.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path raw() {
        String override = System.getenv("SPEC_CXR_SHARED");
        return (override != null ? Path.of(override) : checkoutParent().resolve("shared")).resolve("data").resolve("raw");
    }

    /** The folder that holds the checkout: ".." from its root (the benchmarks), "../.." from a module (the tests). */
    static Path checkoutParent() {
        return Files.isRegularFile(Path.of("mvnw")) || !Files.isRegularFile(Path.of("..", "mvnw")) ? Path.of("..")
                : Path.of("..", "..");
    }

    public static boolean available() {
        return Files.isRegularFile(raw().resolve("iu_xray_kaggle/indiana_reports.csv"));
    }

    public static final String MISSING = "shared benchmark data not found at ../shared/data/raw (set SPEC_CXR_SHARED); skipping";
}
