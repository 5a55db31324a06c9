package org.speccxr.judge.llm;

import org.speccxr.util.InputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The LLM response cache: an SQLite file (WAL) with one row per answered pair and run, each committed on its own
 * as soon as the answer arrives, so a run killed at any moment (even SIGKILL) loses only the answers in flight.
 * Several processes may share the file. One connection, used under this object's lock (SQLite serialises writers
 * anyway; lookups are sub-millisecond).
 * <p>
 * Default location: {@code $SPEC_CXR_CACHE} if set, else {@code $XDG_CACHE_HOME/spec-cxr/llm-cache.sqlite}, else
 * {@code ~/.cache/spec-cxr/llm-cache.sqlite}: one cache per user, so a run repeated into another output directory
 * still costs nothing. {@code --cache FILE} chooses another file, {@code --no-cache} none.
 */
public final class ResponseCache implements AutoCloseable {
    /**
     * One cached answer.
     *
     * @param entities the judge's raw entity verdicts as JSON (before normalisation)
     */
    public record Entry(String judge, int run, String entities, long inputTokens, long outputTokens,
                        long cachedInputTokens) {
    }

    private final Path file;
    private final Connection db;
    private final PreparedStatement select;
    private final PreparedStatement insert;

    private ResponseCache(Path file, Connection db) throws SQLException {
        this.file = file;
        this.db = db;
        this.select = db.prepareStatement("SELECT judge, run, entities, input_tokens, output_tokens, cached_input_tokens"
                + " FROM responses WHERE key = ?");
        this.insert = db.prepareStatement("INSERT OR REPLACE INTO responses (key, judge, run, entities, input_tokens,"
                + " output_tokens, cached_input_tokens, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    }

    public static Path defaultFile(UnaryOperator<String> env) {
        String explicit = env.apply("SPEC_CXR_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.apply("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("spec-cxr").resolve("llm-cache.sqlite");
    }

    public static ResponseCache open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            SqliteNative.prepare();
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = db.createStatement()) {
                st.execute("PRAGMA busy_timeout = 10000");
                st.execute("PRAGMA journal_mode = WAL");
                st.execute("PRAGMA synchronous = NORMAL");
                st.execute("CREATE TABLE IF NOT EXISTS responses ("
                        + " key TEXT PRIMARY KEY,"
                        + " judge TEXT NOT NULL,"
                        + " run INTEGER NOT NULL,"
                        + " entities TEXT NOT NULL,"
                        + " input_tokens INTEGER NOT NULL,"
                        + " output_tokens INTEGER NOT NULL,"
                        + " cached_input_tokens INTEGER NOT NULL,"
                        + " created TEXT NOT NULL)");
            }
            return new ResponseCache(file, db);
        } catch (IOException | SQLException e) {
            throw new InputException("cannot open the response cache " + file + ": " + oneLine(e.getMessage())
                    + " (choose another file with --cache FILE, or run with --no-cache)");
        }
    }

    public Path file() {
        return file;
    }

    public synchronized Optional<Entry> get(String key) {
        try {
            select.setString(1, key);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Entry(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("response cache read failed: " + oneLine(e.getMessage()), e);
        }
    }

    /** Stores an answer; committed when this returns (autocommit). */
    public synchronized void put(String key, Entry e) {
        try {
            insert.setString(1, key);
            insert.setString(2, e.judge());
            insert.setInt(3, e.run());
            insert.setString(4, e.entities());
            insert.setLong(5, e.inputTokens());
            insert.setLong(6, e.outputTokens());
            insert.setLong(7, e.cachedInputTokens());
            insert.setString(8, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            insert.executeUpdate();
        } catch (SQLException ex) {
            throw new IllegalStateException("response cache write failed: " + oneLine(ex.getMessage()), ex);
        }
    }

    public synchronized long size() {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM responses")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException("response cache read failed: " + oneLine(e.getMessage()), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            select.close();
            insert.close();
            db.close();
        } catch (SQLException ignored) {
            // closing: nothing left to lose, every answer is already committed
        }
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        int i = s.indexOf('\n');
        return (i < 0 ? s : s.substring(0, i)).strip();
    }
}
