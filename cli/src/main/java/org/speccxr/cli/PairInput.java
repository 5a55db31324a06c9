package org.speccxr.cli;

import org.speccxr.io.PairReader;
import org.speccxr.io.PairStream;
import org.speccxr.io.ReportReader;
import org.speccxr.io.SeparateInputs;
import org.speccxr.judge.ReportPair;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a command's pairs come from: one pairs file ({@code --input}), or a references file joined by id with one
 * candidates file per model ({@code --references}, {@code --candidates}). Either is checked once in full, then
 * streamed.
 */
abstract class PairInput {
    /** What the check found: the pairs to judge, the name and hash for the provenance, notes for stderr. */
    record Checked(long pairs, String name, String sha256, List<String> notes) {
    }

    abstract Checked check();

    /** The pairs, read lazily; iterate once, then close. */
    abstract PairStream open();

    /** Every pair in memory (for a dry run). */
    List<ReportPair> readAll() {
        List<ReportPair> all = new ArrayList<>();
        try (PairStream p = open()) {
            p.forEach(all::add);
        }
        return all;
    }

    /**
     * The input the options name, or a usage error when they name none, both kinds, or separate-input options
     * without separate inputs.
     */
    static PairInput of(Path input, Path references, List<String> candidates, String idColumn, String textColumn,
                        boolean allowMissing) {
        boolean separate = references != null || (candidates != null && !candidates.isEmpty());
        if (input != null && separate) {
            throw new UsageException("--input and --references/--candidates exclude each other: give one pairs file, or"
                    + " a references file and candidates files");
        }
        if (input != null) {
            if (idColumn != null || textColumn != null || allowMissing) {
                throw new UsageException("--id-column, --text-column and --allow-missing go with --references and"
                        + " --candidates (a pairs file has columns id, reference, candidate)");
            }
            return new PairsFile(input);
        }
        if (!separate) {
            throw new UsageException("give the pairs: --input FILE, or --references FILE --candidates [MODEL=]FILE ...");
        }
        if (references == null) {
            throw new UsageException("--candidates needs --references FILE (the reference reports)");
        }
        if (candidates == null || candidates.isEmpty()) {
            throw new UsageException("--references needs --candidates [MODEL=]FILE (one file per model)");
        }
        List<SeparateInputs.Candidates> parsed = new ArrayList<>();
        for (String c : candidates) {
            try {
                parsed.add(SeparateInputs.Candidates.parse(c));
            } catch (org.speccxr.util.InputException e) {
                throw new UsageException(e.getMessage());
            }
        }
        return new Separate(new SeparateInputs(references, parsed, new ReportReader.Columns(idColumn, textColumn), allowMissing));
    }

    private static final class PairsFile extends PairInput {
        private final Path file;

        PairsFile(Path file) {
            this.file = file;
        }

        @Override
        Checked check() {
            PairReader.PairFile f = PairReader.check(file);
            return new Checked(f.pairs(), file.getFileName().toString(), f.sha256(), List.of());
        }

        @Override
        PairStream open() {
            return PairReader.open(file);
        }

        @Override
        List<ReportPair> readAll() {
            return PairReader.read(file);
        }
    }

    private static final class Separate extends PairInput {
        private final SeparateInputs inputs;

        Separate(SeparateInputs inputs) {
            this.inputs = inputs;
        }

        @Override
        Checked check() {
            SeparateInputs.Checked c = inputs.check();
            return new Checked(c.pairs(), c.name(), c.sha256(), c.notes());
        }

        @Override
        PairStream open() {
            return inputs.open();
        }
    }
}
