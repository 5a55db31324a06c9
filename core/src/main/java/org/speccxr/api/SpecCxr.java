package org.speccxr.api;

import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeFactory;
import org.speccxr.judge.JudgeOptions;
import org.speccxr.judge.ReportPair;
import org.speccxr.run.Evaluation;
import org.speccxr.run.Runner;
import org.speccxr.score.Scorer;
import org.speccxr.score.Scores;
import org.speccxr.verdict.VerdictRecord;

import java.nio.file.Path;
import java.util.List;

/**
 * The Java API in one place: load a set, pick a judge, evaluate pairs, score. The command line is a thin layer
 * over these calls.
 *
 * <pre>{@code
 * EntitySet set = SpecCxr.defaultEntitySet();
 * try (Judge judge = SpecCxr.judge("rules", set)) {
 *     Evaluation ev = SpecCxr.evaluate(judge, set, List.of(new ReportPair("1", "my-model", ref, cand)), 1, 2);
 *     Scores scores = SpecCxr.score(ev.records(), set);
 * }
 * }</pre>
 */
public final class SpecCxr {
    private SpecCxr() {
    }

    public static EntitySet defaultEntitySet() {
        return EntitySetLoader.loadDefault();
    }

    public static EntitySet entitySet(Path file) {
        return EntitySetLoader.load(file);
    }

    public static Judge judge(String spec, EntitySet set) {
        return JudgeFactory.create(spec, JudgeOptions.defaults(), set);
    }

    public static Judge judge(String spec, JudgeOptions options, EntitySet set) {
        return JudgeFactory.create(spec, options, set);
    }

    public static Evaluation evaluate(Judge judge, EntitySet set, List<ReportPair> pairs, int runs, int concurrency) {
        return new Runner(judge, set, runs, concurrency).run(pairs);
    }

    public static Scores score(List<VerdictRecord> records, EntitySet set) {
        return Scorer.score(records, set);
    }
}
