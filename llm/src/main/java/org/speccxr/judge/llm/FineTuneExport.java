package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.speccxr.entity.EntitySet;
import org.speccxr.judge.ReportPair;
import org.speccxr.util.Hashing;
import org.speccxr.util.InputException;
import org.speccxr.util.Json;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.VerdictRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chat fine-tuning examples from a teacher judge's verdicts: per pair, the system and user messages the judge sends
 * ({@link PromptBuilder}) and the teacher's verdicts, written as the JSON answer the schema asks for, as the
 * assistant message. Examples are split by reference id (the pair id, which every model's candidate for one
 * reference shares) into a training and a validation set, so no reference is in both.
 */
public final class FineTuneExport {
    private FineTuneExport() {
    }

    /** {@code openai}: only the {@code messages} field (OpenAI's chat fine-tuning format); {@code messages}: with id, model. */
    public enum Format {
        OPENAI, MESSAGES;

        public static Format parse(String s) {
            return switch (s == null ? "openai" : s.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "openai" -> OPENAI;
                case "messages" -> MESSAGES;
                default -> throw new InputException("--format must be openai or messages (got '" + s + "')");
            };
        }
    }

    /** One example: the pair, its answer and the set it went to. */
    public record Example(ReportPair pair, String answer, int agreeing, int runs, boolean validation) {
    }

    /**
     * What was exported.
     *
     * @param noPair       verdicted (id, model) keys the pairs file does not have
     * @param noAgreement  pairs whose runs agreed fewer than {@code minAgreement} times
     */
    public record Result(List<Example> examples, int noPair, int noAgreement, Set<String> trainIds,
                         Set<String> validationIds) {
        public List<Example> train() {
            return examples.stream().filter(e -> !e.validation()).toList();
        }

        public List<Example> validation() {
            return examples.stream().filter(Example::validation).toList();
        }
    }

    /**
     * @param records      the teacher's verdict records (any number of runs per pair)
     * @param minAgreement keep a pair only when at least this many of its runs gave the same verdicts (1: any)
     * @param validation   the share of reference ids for the validation set, 0 to 1
     * @param seed         varies which ids go to validation
     */
    public static Result build(List<ReportPair> pairs, List<VerdictRecord> records, int minAgreement, double validation,
                               long seed) {
        if (minAgreement < 1) {
            throw new InputException("--min-agreement must be at least 1 (got " + minAgreement + ")");
        }
        if (!(validation >= 0 && validation < 1)) {
            throw new InputException("--validation must be at least 0 and below 1 (got " + validation + ")");
        }
        Map<String, ReportPair> byKey = new LinkedHashMap<>();
        for (ReportPair p : pairs) {
            byKey.put(key(p.id(), p.model()), p);
        }
        Map<String, List<String>> answers = new LinkedHashMap<>();
        int maxRuns = 0;
        for (VerdictRecord r : records) {
            List<String> a = answers.computeIfAbsent(key(r.id(), r.model()), k -> new ArrayList<>());
            a.add(answer(r.entities()));
            maxRuns = Math.max(maxRuns, a.size());
        }
        if (minAgreement > maxRuns && !records.isEmpty()) {
            throw new InputException("--min-agreement " + minAgreement + " needs at least that many runs per pair; the"
                    + " evaluations have at most " + maxRuns + " (evaluate with --runs " + minAgreement + " or more)");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String k : answers.keySet()) {
            ReportPair p = byKey.get(k);
            if (p != null) {
                ids.add(p.id());
            }
        }
        Set<String> validationIds = validationIds(ids, validation, seed);
        List<Example> out = new ArrayList<>();
        int noPair = 0;
        int noAgreement = 0;
        for (Map.Entry<String, List<String>> e : answers.entrySet()) {
            ReportPair p = byKey.get(e.getKey());
            if (p == null) {
                noPair++;
                continue;
            }
            Map<String, Integer> counts = new LinkedHashMap<>();
            e.getValue().forEach(a -> counts.merge(a, 1, Integer::sum));
            // the most frequent answer; on a tie the one the first run gave
            Map.Entry<String, Integer> best = null;
            for (Map.Entry<String, Integer> c : counts.entrySet()) {
                if (best == null || c.getValue() > best.getValue()) {
                    best = c;
                }
            }
            if (best.getValue() < minAgreement) {
                noAgreement++;
                continue;
            }
            out.add(new Example(p, best.getKey(), best.getValue(), e.getValue().size(), validationIds.contains(p.id())));
        }
        Set<String> trainIds = new LinkedHashSet<>(ids);
        trainIds.removeAll(validationIds);
        return new Result(List.copyOf(out), noPair, noAgreement, trainIds, validationIds);
    }

    /** A deterministic share of the ids, ordered by a seeded hash, at least one when there are two or more. */
    static Set<String> validationIds(Set<String> ids, double share, long seed) {
        if (share == 0 || ids.size() < 2) {
            return Set.of();
        }
        Map<String, String> rank = new HashMap<>();
        ids.forEach(id -> rank.put(id, Hashing.sha256(seed + "\u0000" + id)));
        List<String> ordered = new ArrayList<>(ids);
        ordered.sort(Comparator.comparing(rank::get));
        int n = Math.max(1, Math.min(ids.size() - 1, (int) Math.round(share * ids.size())));
        return new LinkedHashSet<>(ordered.subList(0, n));
    }

    /** The verdicts as the judge's schema has them answered: fields in the schema's order. */
    static String answer(List<EntityVerdict> entities) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode list = root.putArray("entities");
        for (EntityVerdict v : entities) {
            ObjectNode n = list.addObject();
            n.put("entity", v.entity());
            n.put(EntityVerdict.REFERENCE_EVIDENCE, evidence(v, EntityVerdict.REFERENCE_EVIDENCE));
            n.put(EntityVerdict.CANDIDATE_EVIDENCE, evidence(v, EntityVerdict.CANDIDATE_EVIDENCE));
            n.put("presence", v.presence().wire());
            n.put("location", v.location().wire());
            n.put("severity", v.severity().wire());
            n.put("comparison", v.comparison().wire());
        }
        return root.toString();
    }

    private static String evidence(EntityVerdict v, String field) {
        Object e = v.extra().get(field);
        return e == null ? "" : String.valueOf(e);
    }

    /** One JSONL line: the three chat messages (and, for {@code messages}, the pair's id and model first). */
    public static String line(Example e, PromptBuilder prompt, Format format) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        if (format == Format.MESSAGES) {
            root.put("id", e.pair().id());
            root.put("model", e.pair().model());
        }
        ArrayNode messages = root.putArray("messages");
        messages.addObject().put("role", "system").put("content", prompt.system());
        messages.addObject().put("role", "user").put("content", prompt.user(e.pair()));
        messages.addObject().put("role", "assistant").put("content", e.answer());
        return root.toString();
    }

    /**
     * The prompt the teacher was sent: the style whose hash its provenance records; {@code requested} (null: none)
     * when given. A hash that matches neither style of this version is an InputException.
     */
    public static PromptBuilder prompt(EntitySet set, String teacherPromptHash, String requested) {
        if (requested != null) {
            return new PromptBuilder(set, PromptBuilder.Style.parse(requested));
        }
        if (teacherPromptHash == null) {
            return new PromptBuilder(set); // a teacher without a prompt (the rules judge): the default prompt
        }
        for (PromptBuilder.Style s : PromptBuilder.Style.values()) {
            PromptBuilder p = new PromptBuilder(set, s);
            if (p.hash().equals(teacherPromptHash)) {
                return p;
            }
        }
        throw new InputException("the teacher's prompt_hash " + teacherPromptHash + " is neither prompt of this"
                + " spec-cxr version (its templates changed since): give --prompt compact or full to export with one of"
                + " today's prompts");
    }

    private static String key(String id, String model) {
        return id + "\u0000" + model;
    }
}
