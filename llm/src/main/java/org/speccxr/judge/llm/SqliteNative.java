package org.speccxr.judge.llm;

import org.sqlite.util.OSInfo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Loads SQLite's native library from a per-user copy instead of letting the driver extract a new copy into the
 * temporary directory on every run (about 0.15 s of each start, and files left behind when a run is killed).
 * Only an optimisation: when anything is unusual (a property already set, no library for this platform, an
 * unwritable cache), the driver's own loading is left alone.
 */
final class SqliteNative {
    private static volatile boolean done;

    private SqliteNative() {
    }

    static synchronized void prepare() {
        if (done) {
            return;
        }
        done = true;
        if (System.getProperty("org.sqlite.lib.path") != null || System.getProperty("org.sqlite.lib.name") != null) {
            return;
        }
        try {
            String folder = "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS();
            String name = System.mapLibraryName("sqlitejdbc");
            String resource = folder + "/" + name;
            try (InputStream in = SqliteNative.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return;
                }
                String version = org.sqlite.SQLiteJDBCLoader.getVersion();
                String xdg = System.getenv("XDG_CACHE_HOME");
                Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
                Path dir = base.resolve("spec-cxr").resolve("native")
                        .resolve(version + "-" + OSInfo.getNativeLibFolderPathForCurrentOS().replace('/', '-'));
                Path lib = dir.resolve(name);
                if (!Files.isRegularFile(lib)) {
                    Files.createDirectories(dir);
                    Path tmp = Files.createTempFile(dir, name, ".part");
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, lib, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                System.setProperty("org.sqlite.lib.path", dir.toString());
                System.setProperty("org.sqlite.lib.name", name);
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            System.clearProperty("org.sqlite.lib.path");
            System.clearProperty("org.sqlite.lib.name");
        }
    }
}
