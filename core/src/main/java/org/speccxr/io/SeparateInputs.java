package org.speccxr.io;

import org.speccxr.judge.ReportPair;
import org.speccxr.util.Hashing;
import org.speccxr.util.InputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Report pairs joined by id from a references file and one candidates file per model, as report generators write
 * them (see {@link ReportReader} for the formats). {@link #check} reads every file once and keeps the references'
 * texts keyed by id (and the candidates' ids, one file at a time); {@link #open} then streams each candidates file
 * again, joined with the references held, so the candidates' texts are never held.
 */
public final class SeparateInputs {
    private static final int EXAMPLES = 3;

    /** One candidates file and the model it is from. */
    public record Candidates(String model, Path file) {
        /**
         * {@code MODEL=FILE}, or {@code FILE} for a model named after the file's stem ({@code preds.csv} is
         * {@code preds}). An existing file whose name holds '=' is taken as a file.
         */
        public static Candidates parse(String arg) {
            int eq = arg.indexOf('=');
            if (eq > 0 && !Files.exists(Path.of(arg))) {
                String model = arg.substring(0, eq).strip();
                if (model.isEmpty() || eq == arg.length() - 1) {
                    throw new InputException("--candidates '" + arg + "': expected MODEL=FILE or FILE");
                }
                return new Candidates(model, Path.of(arg.substring(eq + 1)));
            }
            Path file = Path.of(arg);
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            return new Candidates(dot > 0 ? name.substring(0, dot) : name, file);
        }
    }

    /**
     * What {@link #check} found.
     *
     * @param pairs  pairs that will be judged (over all models)
     * @param notes  one line per model that had ids skipped (only with allowMissing)
     * @param name   a name for the provenance: the files, with their models
     * @param sha256 a hash over every file's content hash
     */
    public record Checked(long pairs, long skippedCandidates, long unmatchedReferences, List<String> notes, String name,
                          String sha256) {
        public Checked {
            notes = List.copyOf(notes);
        }
    }

    private final Path references;
    private final List<Candidates> candidates;
    private final ReportReader.Columns columns;
    private final boolean allowMissing;
    private Map<String, String> refs;
    private Checked checked;

    /**
     * @param allowMissing skip (and count) ids found on one side only, instead of refusing the files
     */
    public SeparateInputs(Path references, List<Candidates> candidates, ReportReader.Columns columns, boolean allowMissing) {
        if (candidates.isEmpty()) {
            throw new InputException("give at least one candidates file");
        }
        Set<String> models = new HashSet<>();
        for (Candidates c : candidates) {
            if (!models.add(c.model())) {
                throw new InputException("two candidates files for model '" + c.model()
                        + "'; name them apart with MODEL=FILE");
            }
        }
        this.references = references;
        this.candidates = List.copyOf(candidates);
        this.columns = columns;
        this.allowMissing = allowMissing;
    }

    /** Reads every file once, checking ids on both sides; the references' texts are kept for {@link #open}. */
    public synchronized Checked check() {
        if (checked != null) {
            return checked;
        }
        Map<String, String> byId = new LinkedHashMap<>();
        try (ReportReader.Reports r = ReportReader.open(references, "references file", columns)) {
            r.forEach(rep -> byId.put(rep.id(), rep.text() == null ? "" : rep.text()));
        }
        long pairs = 0, skipped = 0, unmatched = 0;
        List<String> notes = new ArrayList<>();
        StringBuilder hashes = new StringBuilder("references " + sha256(references, "references file") + "\n");
        StringBuilder name = new StringBuilder(references.getFileName().toString());
        for (Candidates c : candidates) {
            String what = what(c);
            Set<String> seen = new HashSet<>();
            List<String> extraExamples = new ArrayList<>();
            long extra = 0;
            try (ReportReader.Reports r = ReportReader.open(c.file(), what, columns)) {
                for (ReportReader.Report rep : r) {
                    if (byId.containsKey(rep.id())) {
                        seen.add(rep.id());
                    } else {
                        extra++;
                        if (extraExamples.size() < EXAMPLES) {
                            extraExamples.add("'" + rep.id() + "'");
                        }
                    }
                }
            }
            long missing = byId.size() - seen.size();
            if (extra > 0 || missing > 0) {
                List<String> missingExamples = new ArrayList<>();
                for (String id : byId.keySet()) {
                    if (missingExamples.size() == EXAMPLES) {
                        break;
                    }
                    if (!seen.contains(id)) {
                        missingExamples.add("'" + id + "'");
                    }
                }
                List<String> parts = new ArrayList<>();
                if (extra > 0) {
                    parts.add(extra + " id(s) not in references file " + references + " (" + examples(extraExamples, extra) + ")");
                }
                if (missing > 0) {
                    parts.add(missing + " reference id(s) without a candidate (" + examples(missingExamples, missing) + ")");
                }
                if (!allowMissing) {
                    throw new InputException(what + " " + c.file() + ": " + String.join("; ", parts)
                            + "; pass --allow-missing to skip them");
                }
                notes.add("model '" + c.model() + "': skipped " + String.join("; ", parts));
                skipped += extra;
                unmatched += missing;
            }
            if (seen.isEmpty()) {
                throw new InputException(what + " " + c.file() + ": no id in common with references file " + references
                        + "; are they from the same test set (or is the id column another one: --id-column)?");
            }
            pairs += seen.size();
            hashes.append(c.model()).append(' ').append(sha256(c.file(), what)).append('\n');
            name.append(" + ").append(c.model()).append('=').append(c.file().getFileName());
        }
        refs = byId;
        checked = new Checked(pairs, skipped, unmatched, notes, name.toString(), Hashing.sha256(hashes.toString()));
        return checked;
    }

    /**
     * The pairs, model by model in the order of the candidates files, each in its file's order; checks first if
     * {@link #check} has not run. Iterate once, then close.
     */
    public Pairs open() {
        check();
        return new Pairs();
    }

    /** A single pass over the joined pairs. */
    public final class Pairs implements PairStream {
        private ReportReader.Reports current;
        private boolean used;

        private Pairs() {
        }

        @Override
        public Iterator<ReportPair> iterator() {
            if (used) {
                throw new IllegalStateException("the pairs are read once; open them again");
            }
            used = true;
            return new Iterator<>() {
                private int file = -1;
                private Iterator<ReportReader.Report> reports;
                private ReportPair next;

                @Override
                public boolean hasNext() {
                    while (next == null) {
                        if (reports != null && reports.hasNext()) {
                            ReportReader.Report rep = reports.next();
                            String ref = refs.get(rep.id());
                            if (ref != null) { // ids on one side only were refused or allowed by check
                                next = new ReportPair(rep.id(), candidates.get(file).model(), ref, rep.text());
                            }
                            continue;
                        }
                        closeCurrent();
                        if (++file >= candidates.size()) {
                            return false;
                        }
                        Candidates c = candidates.get(file);
                        current = ReportReader.open(c.file(), what(c), columns);
                        reports = current.iterator();
                    }
                    return true;
                }

                @Override
                public ReportPair next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    ReportPair p = next;
                    next = null;
                    return p;
                }
            };
        }

        private void closeCurrent() {
            if (current != null) {
                current.close();
                current = null;
            }
        }

        @Override
        public void close() {
            closeCurrent();
        }
    }

    private static String what(Candidates c) {
        return "candidates file (model '" + c.model() + "')";
    }

    private static String examples(List<String> shown, long total) {
        return (total > shown.size() ? "first: " : "") + String.join(", ", shown);
    }

    private static String sha256(Path file, String what) {
        try {
            return Hashing.sha256(file);
        } catch (IOException e) {
            throw new InputException("cannot read " + what + " " + file + ": " + e.getMessage());
        }
    }
}
