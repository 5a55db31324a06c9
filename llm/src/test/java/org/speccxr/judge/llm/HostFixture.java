package org.speccxr.judge.llm;

import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeOptions;
import org.speccxr.judge.ReportPair;
import org.speccxr.judge.rules.RulesJudge;
import org.speccxr.run.Evaluation;
import org.speccxr.run.Runner;
import org.speccxr.util.Json;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.VerdictRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the host judge tests share: the 40 pairs, the faults and sloppy answers, the run through them, and the checks
 * that no secret leaked.
 */
final class HostFixture {
    private HostFixture() {
    }

    static final EntitySet SET = EntitySetLoader.loadDefault();

    /** 39 distinct pairs, then pair 0's texts again under another id (asked once). */
    static List<ReportPair> pairs() {
        List<ReportPair> pairs = new ArrayList<>();
        String[] findings = {"Small right pleural effusion.", "Mild cardiomegaly.", "No pneumothorax.",
                "Left lower lobe consolidation.", "Low lung volumes."};
        for (int i = 0; i < 39; i++) {
            pairs.add(new ReportPair("p" + i, "m", findings[i % 5] + " Study " + i + ".", findings[(i + 1) % 5] + " Study " + i + "."));
        }
        pairs.add(new ReportPair("p39", "m", pairs.get(0).reference(), pairs.get(0).candidate()));
        return pairs;
    }

    /** The rules judge's verdicts, every fifth answer listing each entity twice, as a sloppy model might. */
    static void sloppyAnswers(HostStandIn server) {
        RulesJudge rules = new RulesJudge(SET);
        AtomicInteger answers = new AtomicInteger();
        server.answerWith((ref, cand) -> {
            List<EntityVerdict> vs = rules.judge(new ReportPair("x", "m", ref, cand), 1).entities();
            if (answers.incrementAndGet() % 5 == 0) {
                List<EntityVerdict> twice = new ArrayList<>(vs);
                twice.addAll(vs);
                return HostStandIn.answer(twice);
            }
            return HostStandIn.answer(vs);
        });
    }

    /**
     * Four faults, taken by whichever requests come first: two errors, {@code fullAnswer} cut in the middle, and
     * {@code last} (whose message echoes a secret); then the {@linkplain #sloppyAnswers sloppy answers}.
     */
    static void faultsThenSloppyAnswers(HostStandIn server, String fullAnswer, HostStandIn.Response first,
            HostStandIn.Response second, HostStandIn.Response last) {
        server.enqueue(first);
        server.enqueue(second);
        server.enqueue(new HostStandIn.Response(200, Map.of(), fullAnswer.substring(0, fullAnswer.length() / 2)));
        server.enqueue(last);
        sloppyAnswers(server);
    }

    /** A run of the 40 pairs: the evaluation, the judge's default concurrency, the backoffs slept and the notes. */
    record Run(Evaluation ev, int defaultConcurrency, List<Duration> slept, List<String> notes) {
    }

    /** The 40 pairs through {@code provider:model}, 4 at a time, with 4 retries whose backoffs are only recorded. */
    static Run run(String provider, String model, JudgeOptions o) throws Exception {
        List<Duration> slept = new CopyOnWriteArrayList<>();
        List<String> notes = new CopyOnWriteArrayList<>();
        RetryPolicy instant = new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(60), slept::add);
        try (Judge j = LlmJudges.create(provider, model, o, SET, notes::add, instant)) {
            int concurrency = j.defaultConcurrency();
            return new Run(new Runner(j, SET, 1, 4).run(pairs()), concurrency, slept, notes);
        }
    }

    /** Every pair judged as the rules judge judges it (the duplicates normalised away), the duplicate pair too. */
    static void judgedRight(Evaluation ev) {
        assertThat(ev.failures()).isEmpty();
        assertThat(ev.records()).hasSize(40);
        RulesJudge rules = new RulesJudge(SET);
        List<ReportPair> pairs = pairs();
        for (int i = 0; i < 40; i++) {
            VerdictRecord r = ev.records().get(i);
            ReportPair p = pairs.get(i);
            assertThat(r.id()).isEqualTo(p.id());
            List<String> expected = org.speccxr.verdict.VerdictNormalizer.normalize(rules.judge(p, 1).entities(), SET)
                    .entities().stream().map(v -> v.entity() + "=" + v.presence().wire() + "/" + v.location().wire()
                            + "/" + v.severity().wire() + "/" + v.comparison().wire()).toList();
            assertThat(r.entities()).extracting(v -> v.entity() + "=" + v.presence().wire() + "/" + v.location().wire()
                    + "/" + v.severity().wire() + "/" + v.comparison().wire()).as(p.id()).isEqualTo(expected);
        }
        assertThat(ev.records()).anyMatch(r -> r.warnings().stream().anyMatch(w -> w.contains("listed 2 times")));
    }

    /** The entity property of the schema a request carried lists every id of the set. */
    static void entityEnum(com.fasterxml.jackson.databind.JsonNode entitiesSchema) {
        com.fasterxml.jackson.databind.JsonNode e = entitiesSchema.path("items").path("properties").path("entity").path("enum");
        List<String> ids = new ArrayList<>();
        e.forEach(x -> ids.add(x.asText()));
        assertThat(ids).containsExactlyElementsOf(SET.ids());
    }

    /** No secret in the notes, the records, the provenance, or any file in {@code dir} (the cache). */
    static void noSecretAnywhere(String secret, List<String> notes, Evaluation ev, Path dir) throws IOException {
        assertThat(String.join("\n", notes)).doesNotContain(secret);
        assertThat(Json.MAPPER.writeValueAsString(ev.records())).doesNotContain(secret);
        assertThat(Json.MAPPER.writeValueAsString(ev.failures())).doesNotContain(secret);
        assertThat(Json.MAPPER.writeValueAsString(ev.judge())).doesNotContain(secret);
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            assertThat(all).isNotEmpty();
            for (Path f : all) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(secret);
            }
        }
    }
}
