package org.speccxr.output;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.speccxr.entity.EntitySet;
import org.speccxr.io.VerdictIO;
import org.speccxr.run.Failure;
import org.speccxr.run.Provenance;
import org.speccxr.score.ReportScore;
import org.speccxr.score.ScoreAccumulator;
import org.speccxr.score.Scores;
import org.speccxr.stats.Bootstrap;
import org.speccxr.util.InputException;
import org.speccxr.util.Json;
import org.speccxr.verdict.VerdictRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes an evaluation's files into a directory as its records stream in: {@code evaluations.jsonl} (the header
 * with the provenance, then a record per line), {@code report_scores.csv} and {@code failures.jsonl} line by line;
 * then, at {@link #finish}, {@code entity_scores.csv}, {@code group_scores.csv} and {@code summary.json}. Nothing
 * appears under its own name before {@link #finish}: a run that is killed leaves the files of the last run that
 * finished. Feed it from one thread.
 */
public final class EvaluationWriter implements AutoCloseable {
    private final Path dir;
    private final EntitySet set;
    private final StreamedFile evaluations;
    private final StreamedFile reportScores;
    private StreamedFile failures;
    private final ScoreAccumulator scores;
    private long records;
    private long failureCount;
    private boolean finished;

    /**
     * @param headers          the provenance written first in evaluations.jsonl (one per judge run it holds)
     * @param writeEvaluations false when evaluations.jsonl is the very file being re-scored
     */
    public EvaluationWriter(Path dir, EntitySet set, List<Provenance> headers, boolean writeEvaluations) {
        this.dir = OutputWriter.prepare(dir);
        this.set = set;
        this.scores = new ScoreAccumulator(set);
        this.evaluations = writeEvaluations ? new StreamedFile(dir.resolve("evaluations.jsonl")) : null;
        headers.forEach(this::header);
        this.reportScores = new StreamedFile(dir.resolve("report_scores.csv"));
        reportScores.write(org.speccxr.util.Csv.row(ScoreFiles.REPORT_COLUMNS));
    }

    /** A header line (the provenance of the records that follow it). */
    public void header(Provenance p) {
        if (evaluations != null) {
            evaluations.line(VerdictIO.headerLine(p));
        }
    }

    public void record(VerdictRecord r) {
        if (evaluations != null) {
            evaluations.line(VerdictIO.toLine(r));
        }
        reportScores.write(ScoreFiles.reportScoreRow(ReportScore.of(r, set)));
        scores.add(r);
        records++;
    }

    public void failure(Failure f) {
        if (failures == null) {
            failures = new StreamedFile(dir.resolve("failures.jsonl"));
        }
        try {
            failures.line(Json.MAPPER.writeValueAsString(f));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        failureCount++;
    }

    public long records() {
        return records;
    }

    public long failures() {
        return failureCount;
    }

    /** The scores of the records so far, with bootstrap intervals unless {@code resamples} is 0. */
    public Scores scores(int resamples, long seed) {
        return Bootstrap.attach(scores.snapshot(), scores, resamples, seed);
    }

    /** Writes the score files and summary.json, then moves the streamed files into place. */
    public void finish(Scores scores, Provenance prov, ObjectNode scoring, OutputWriter.RunInfo info) {
        OutputWriter.write(dir.resolve("entity_scores.csv"), ScoreFiles.entityScoresCsv(scores));
        OutputWriter.write(dir.resolve("group_scores.csv"), ScoreFiles.groupScoresCsv(scores));
        OutputWriter.write(dir.resolve("summary.json"), OutputWriter.summary(scores, prov, scoring, info, records));
        if (evaluations != null) {
            evaluations.commit();
        }
        reportScores.commit();
        if (failures != null) {
            failures.commit();
        } else if (evaluations != null) {
            try {
                Files.deleteIfExists(dir.resolve("failures.jsonl")); // a rerun that fixed them leaves none behind
            } catch (IOException e) {
                throw new InputException("cannot remove " + dir.resolve("failures.jsonl") + " (" + OutputWriter.reason(e) + ")");
            }
        }
        finished = true;
    }

    /** Removes the temporary files of a run that did not finish. */
    @Override
    public void close() {
        if (evaluations != null) {
            evaluations.close();
        }
        reportScores.close();
        if (failures != null) {
            failures.close();
        }
    }

    public boolean finished() {
        return finished;
    }
}
