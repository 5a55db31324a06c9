package org.speccxr.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.speccxr.entity.EntitySet;
import org.speccxr.judge.JudgeInfo;
import org.speccxr.util.Version;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a result was produced: enough to reproduce it or to tell two results apart.
 *
 * @param command the command that produced it ("evaluate" or "score")
 * @param input   the input file and its content hash
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Provenance(@JsonProperty("tool") String tool,
                         @JsonProperty("tool_version") String toolVersion,
                         @JsonProperty("command") String command,
                         @JsonProperty("created") String created,
                         @JsonProperty("entity_set") Map<String, Object> entitySet,
                         @JsonProperty("judge") String judge,
                         @JsonProperty("judge_provider") String judgeProvider,
                         @JsonProperty("judge_model") String judgeModel,
                         @JsonProperty("judge_parameters") Map<String, Object> judgeParameters,
                         @JsonProperty("prompt_hash") String promptHash,
                         @JsonProperty("runs") Integer runs,
                         @JsonProperty("input_file") String inputFile,
                         @JsonProperty("input_hash") String inputHash) {

    /** The time results are stamped with, to the second; {@code SOURCE_DATE_EPOCH} (seconds) fixes it for reproducible builds and tests. */
    public static String now() {
        String fixed = System.getenv("SOURCE_DATE_EPOCH");
        Instant t = fixed != null && fixed.matches("\\d+") ? Instant.ofEpochSecond(Long.parseLong(fixed)) : Instant.now();
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public static Provenance of(String command, EntitySet set, JudgeInfo judge, Integer runs, String inputFile, String inputHash) {
        Map<String, Object> es = new TreeMap<>();
        es.put("source", set.source());
        es.put("version", set.version());
        es.put("hash", set.hash());
        es.put("findings", set.count(org.speccxr.entity.Entity.Kind.FINDING));
        es.put("diagnoses", set.count(org.speccxr.entity.Entity.Kind.DIAGNOSIS));
        es.put("groups", set.groups().size());
        return new Provenance("spec-cxr", Version.get(), command, now(),
                es, judge == null ? null : judge.spec(), judge == null ? null : judge.provider(),
                judge == null ? null : judge.model(), judge == null ? null : judge.parameters(),
                judge == null ? null : judge.promptHash(), runs, inputFile, inputHash);
    }
}
