package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import org.speccxr.entity.EntitySet;
import org.speccxr.judge.JudgeOutput;
import org.speccxr.judge.ReportPair;
import org.speccxr.judge.rules.RulesJudge;
import org.speccxr.util.Json;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.VerdictNormalizer;

import java.util.List;
import java.util.Locale;
import java.util.function.BiPredicate;

/**
 * {@code --dry-run}: how many calls a run would make and roughly how many tokens they would take, without calling
 * anything. Prompt tokens are counted with the o200k tokenizer (exact for current OpenAI models, within some 10-20 %
 * for others) over the real prompts and schema. Completion tokens are estimated from the entities the offline rules
 * judge finds in each pair, rendered as the LLM would answer them; reasoning models' hidden thinking tokens are not
 * included.
 */
public final class DryRun {
    private DryRun() {
    }

    /**
     * @param calls            pairs x runs
     * @param cached           of those, already in the response cache
     * @param promptTokens     prompt tokens of the calls still to make
     * @param prefixTokens     the shared prefix (instructions, entity set, schema) in one prompt
     * @param completionTokens estimated answer tokens of the calls still to make
     */
    public record Estimate(long calls, long cached, long promptTokens, long prefixTokens, long completionTokens) {
        public String describe(String spec, int pairs, int runs) {
            long toMake = calls - cached;
            return String.format(Locale.ROOT, "dry run for %s: %d pair(s) x %d run(s) = %d call(s); %d already cached, "
                            + "%d to make%nestimated tokens for those: prompt ~%,d (each prompt shares a prefix of ~%,d "
                            + "that providers can cache), completion ~%,d%n",
                    spec, pairs, runs, calls, cached, toMake, promptTokens, prefixTokens, completionTokens);
        }

        /** The calls still to make. */
        public long toMake() {
            return calls - cached;
        }

        /**
         * What the calls still to make cost at one row's prices: list, with prompt caching, in the batch API, and
         * both (null where the provider has no such discount). Caching assumes the shared prefix is written once
         * and read by every later call, as it is when calls follow each other within the cache's lifetime.
         */
        public Cost cost(PriceTable.Row r) {
            long n = toMake();
            double perM = 1_000_000.0;
            double list = (promptTokens * r.input() + completionTokens * r.output()) / perM;
            Double caching = null;
            if (r.cachedInput() != null) {
                long read = n > 1 && prefixTokens >= r.minCacheTokens() ? prefixTokens * (n - 1) : 0;
                long written = read > 0 && r.cacheWrite() != null ? prefixTokens : 0;
                caching = ((promptTokens - read - written) * r.input() + read * r.cachedInput()
                        + written * (r.cacheWrite() == null ? 0 : r.cacheWrite()) + completionTokens * r.output()) / perM;
            }
            Double batch = r.batch() == null ? null : list * r.batch();
            Double both = r.batch() != null && r.batchCaching() && caching != null ? caching * r.batch() : null;
            return new Cost(list, caching, batch, both);
        }
    }

    /** US dollars (or the table's currency); null where a discount does not exist. */
    public record Cost(double list, Double caching, Double batch, Double batchCaching) {
    }

    /**
     * The estimate's cost at every row of the price table, the judge's own model first (marked *), as text. The
     * token counts are the o200k counts of our prompts for every model: other tokenizers differ by some 10-20 %.
     */
    public static String describeCost(Estimate e, PriceTable table, String provider, String model) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "estimated cost of the %,d call(s) to make, in %s at the list prices of %s"
                + " (reasoning tokens not included):%n", e.toMake(), table.currency(), table.date()));
        sb.append(String.format(Locale.ROOT, "  %-42s %12s %12s %12s %14s  %s%n", "judge", "standard", "caching", "batch",
                "batch+caching", "source"));
        PriceTable.Row own = table.find(provider, model);
        String spec = provider + ":" + model;
        if (own != null) {
            sb.append(costLine("* " + spec, e.cost(own), own.source()));
        } else if (provider.equals(Provider.OLLAMA.id())) {
            sb.append("* ").append(spec).append(": runs on your own hardware, no per-token price\n");
        } else {
            sb.append("* ").append(spec).append(": no price in the table (add a row with --price-table FILE)\n");
        }
        for (PriceTable.Row r : table.rows()) {
            if (r != own) {
                sb.append(costLine("  " + r.provider() + ":" + r.model(), e.cost(r), r.source()));
            }
        }
        sb.append("caching: the shared prefix written once and read by every later call; batch: the provider's batch API"
                + " (results within 24 h; evaluate --batch)\n");
        return sb.toString();
    }

    private static String costLine(String label, Cost c, String source) {
        return String.format(Locale.ROOT, "%-44s %12s %12s %12s %14s  %s%n", label, money(c.list()), money(c.caching()),
                money(c.batch()), money(c.batchCaching()), source);
    }

    static String money(Double d) {
        if (d == null) {
            return "-";
        }
        return String.format(Locale.ROOT, d >= 100 ? "$%,.0f" : d >= 1 ? "$%.2f" : "$%.4f", d);
    }

    public static Estimate estimate(EntitySet set, PromptBuilder prompt, ResponseSchema schema, List<ReportPair> pairs,
                                    int runs, BiPredicate<ReportPair, Integer> isCached) {
        Encoding enc = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
        long prefix = enc.countTokensOrdinary(prompt.system()) + enc.countTokensOrdinary(schema.json());
        RulesJudge rules = rulesJudge(set);
        long calls = 0;
        long cached = 0;
        long promptTokens = 0;
        long completion = 0;
        for (ReportPair p : pairs) {
            long userTokens = -1;
            long answerTokens = -1;
            for (int run = 1; run <= runs; run++) {
                calls++;
                if (isCached.test(p, run)) {
                    cached++;
                    continue;
                }
                if (userTokens < 0) {
                    userTokens = enc.countTokensOrdinary(prompt.user(p)) + 8;
                    answerTokens = answerTokens(enc, rules, p, set);
                }
                promptTokens += prefix + userTokens;
                completion += answerTokens;
            }
        }
        return new Estimate(calls, cached, promptTokens, prefix, completion);
    }

    private static RulesJudge rulesJudge(EntitySet set) {
        try {
            return new RulesJudge(set);
        } catch (RuntimeException e) {
            return null; // a custom entity set the bundled rules do not fit
        }
    }

    private static long answerTokens(Encoding enc, RulesJudge rules, ReportPair p, EntitySet set) {
        if (rules == null) {
            return 12L * 60 + 10; // a dozen entities of about 60 tokens
        }
        JudgeOutput out = rules.judge(p, 1);
        List<EntityVerdict> entities = VerdictNormalizer.normalize(out.entities(), set).entities();
        StringBuilder sb = new StringBuilder("{\"entities\":[");
        for (EntityVerdict v : entities) {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("entity", v.entity());
            n.put(EntityVerdict.REFERENCE_EVIDENCE, String.valueOf(v.extra().getOrDefault(EntityVerdict.REFERENCE_EVIDENCE, "")));
            n.put(EntityVerdict.CANDIDATE_EVIDENCE, String.valueOf(v.extra().getOrDefault(EntityVerdict.CANDIDATE_EVIDENCE, "")));
            n.put("presence", v.presence().wire());
            n.put("location", v.location().wire());
            n.put("severity", v.severity().wire());
            n.put("comparison", v.comparison().wire());
            sb.append(n).append(',');
        }
        sb.append("]}");
        return enc.countTokensOrdinary(sb.toString());
    }
}
