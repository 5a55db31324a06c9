package org.speccxr.judge.llm;

import org.speccxr.util.InputException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Batches and their requests, in the response cache's database (two tables beside {@code responses}), so that a
 * process killed while a batch runs resumes polling it instead of submitting (and paying for) it again. Each
 * request row maps a batch's custom id to the cache key and to the (id, model, run) of a pair it answers.
 */
final class BatchStore implements AutoCloseable {
    /** A batch: {@code open} until its results have been collected. */
    record Batch(String id, String judgeKey, String judge, int round, boolean open, String state, String created) {
    }

    /** One request of a batch; {@code outcome} null while open, then "ok" or the reason it failed. */
    record Request(String batchId, String customId, String cacheKey, String pairId, String model, int run,
                   String outcome) {
    }

    private final Connection db;

    private BatchStore(Connection db) {
        this.db = db;
    }

    static BatchStore open(Path cacheFile) {
        try {
            ResponseCache.open(cacheFile).close(); // creates the file and its responses table as the cache does
            SqliteNative.prepare();
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + cacheFile.toAbsolutePath());
            try (Statement st = db.createStatement()) {
                st.execute("PRAGMA busy_timeout = 10000");
                st.execute("CREATE TABLE IF NOT EXISTS batches (id TEXT PRIMARY KEY, judge_key TEXT NOT NULL,"
                        + " judge TEXT NOT NULL, round INTEGER NOT NULL, open INTEGER NOT NULL, state TEXT NOT NULL,"
                        + " created TEXT NOT NULL)");
                st.execute("CREATE TABLE IF NOT EXISTS batch_requests (batch_id TEXT NOT NULL, custom_id TEXT NOT NULL,"
                        + " cache_key TEXT NOT NULL, pair_id TEXT NOT NULL, model TEXT NOT NULL, run INTEGER NOT NULL,"
                        + " outcome TEXT, PRIMARY KEY (batch_id, custom_id))");
            }
            return new BatchStore(db);
        } catch (SQLException e) {
            throw new InputException("cannot open the batch tables of " + cacheFile + ": " + e.getMessage());
        }
    }

    /** Records a submitted batch and its requests in one transaction. */
    synchronized void add(Batch b, List<Request> requests) {
        try {
            db.setAutoCommit(false);
            try (PreparedStatement pb = db.prepareStatement("INSERT INTO batches VALUES (?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement pr = db.prepareStatement("INSERT INTO batch_requests VALUES (?, ?, ?, ?, ?, ?, NULL)")) {
                pb.setString(1, b.id());
                pb.setString(2, b.judgeKey());
                pb.setString(3, b.judge());
                pb.setInt(4, b.round());
                pb.setInt(5, 1);
                pb.setString(6, b.state());
                pb.setString(7, b.created() == null ? Instant.now().toString() : b.created());
                pb.executeUpdate();
                for (Request r : requests) {
                    pr.setString(1, b.id());
                    pr.setString(2, r.customId());
                    pr.setString(3, r.cacheKey());
                    pr.setString(4, r.pairId());
                    pr.setString(5, r.model());
                    pr.setInt(6, r.run());
                    pr.addBatch();
                }
                pr.executeBatch();
            }
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("cannot record batch " + b.id() + ": " + e.getMessage(), e);
        } finally {
            autoCommit();
        }
    }

    synchronized List<Batch> batches(String judgeKey, boolean openOnly) {
        String sql = "SELECT id, judge_key, judge, round, open, state, created FROM batches"
                + (judgeKey == null ? " WHERE 1 = 1" : " WHERE judge_key = ?") + (openOnly ? " AND open = 1" : "")
                + " ORDER BY created, id";
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            if (judgeKey != null) {
                ps.setString(1, judgeKey);
            }
            List<Batch> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Batch(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5) == 1,
                            rs.getString(6), rs.getString(7)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the batch table: " + e.getMessage(), e);
        }
    }

    synchronized List<Request> requests(String batchId) {
        try (PreparedStatement ps = db.prepareStatement("SELECT batch_id, custom_id, cache_key, pair_id, model, run,"
                + " outcome FROM batch_requests WHERE batch_id = ? ORDER BY rowid")) {
            ps.setString(1, batchId);
            List<Request> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Request(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getInt(6), rs.getString(7)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the batch table: " + e.getMessage(), e);
        }
    }

    synchronized void state(String batchId, String state) {
        update("UPDATE batches SET state = ? WHERE id = ?", state, batchId);
    }

    synchronized void outcome(String batchId, String customId, String outcome) {
        update("UPDATE batch_requests SET outcome = ? WHERE batch_id = ? AND custom_id = ?", outcome, batchId, customId);
    }

    synchronized void close(String batchId, String state) {
        update("UPDATE batches SET open = 0, state = ? WHERE id = ?", state, batchId);
    }

    private void update(String sql, String... values) {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setString(i + 1, values[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update the batch table: " + e.getMessage(), e);
        }
    }

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the insert failed already; nothing was written
        }
    }

    private void autoCommit() {
        try {
            db.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the next statement reports a broken connection
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing a read-only use
        }
    }
}
