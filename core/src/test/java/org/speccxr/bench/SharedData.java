package org.speccxr.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the project's shared benchmark data ({@code ../shared/data/raw}, beside the checkout). It is not part of
 * the repository (licence CC BY-NC-ND 4.0 for the report text), so tests that need it skip where it is absent, through
 * {@link #require}, which fails them instead under SPEC_CXR_REQUIRE_DATA=1 (CI).
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

    /** Set (to 1) by CI: missing data fails the tests that need it instead of skipping them. */
    public static final String REQUIRE_VARIABLE = "SPEC_CXR_REQUIRE_DATA";

    /** For a test that needs the raw data ({@code ../shared/data/raw}): see {@link #require(boolean, String)}. */
    public static void require() {
        require(available(), MISSING);
    }

    /**
     * The one check every data test starts with: with the data there, nothing; without it, the test is skipped with
     * {@code missing} as its message, or fails when {@value #REQUIRE_VARIABLE}=1, so CI cannot lose it unnoticed.
     */
    public static void require(boolean available, String missing) {
        require(available, missing, System.getenv(REQUIRE_VARIABLE));
    }

    static void require(boolean available, String missing, String requireSetting) {
        if (available) {
            return;
        }
        if ("1".equals(requireSetting) || "true".equalsIgnoreCase(requireSetting)) {
            throw new AssertionError(REQUIRE_VARIABLE + "=1 but " + missing.replace("; skipping", ""));
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(false, missing);
    }
}
