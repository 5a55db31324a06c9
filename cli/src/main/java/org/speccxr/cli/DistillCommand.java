package org.speccxr.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.speccxr.entity.EntitySet;
import org.speccxr.io.PairReader;
import org.speccxr.io.VerdictIO;
import org.speccxr.judge.ReportPair;
import org.speccxr.judge.llm.FineTuneExport;
import org.speccxr.judge.llm.PromptBuilder;
import org.speccxr.output.OutputWriter;
import org.speccxr.run.Provenance;
import org.speccxr.util.InputException;
import org.speccxr.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Chat fine-tuning examples from a teacher judge's evaluations: train.jsonl, validation.jsonl, provenance.json. */
@Command(name = "distill", mixinStandardHelpOptions = true,
        description = "Write chat fine-tuning examples (the judge's system and user prompt, the teacher's verdicts as"
                + " the answer), split by reference id into train and validation sets.")
public final class DistillCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--evaluations", required = true, paramLabel = "FILE",
            description = "The teacher's evaluations.jsonl (its header gives the teacher's provenance and prompt).")
    Path evaluations;

    @Option(names = "--input", required = true, paramLabel = "PAIRS",
            description = "The pairs the teacher judged (.csv or .jsonl): the report texts of the prompts.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created if missing).")
    Path out;

    @Option(names = "--format", defaultValue = "openai", paramLabel = "openai|messages",
            description = "openai (default): OpenAI's chat fine-tuning lines, {\"messages\": [...]} only; messages: the"
                    + " same with the pair's id and model, for chat SFT trainers.")
    String format;

    @Option(names = "--min-agreement", defaultValue = "1", paramLabel = "K",
            description = "Keep a pair only when at least K of the teacher's runs gave the same verdicts (default 1).")
    int minAgreement;

    @Option(names = "--validation", defaultValue = "0.1", paramLabel = "FRACTION",
            description = "Share of reference ids in the validation set (default 0.1).")
    double validation;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Which ids go to validation (default 42).")
    long seed;

    @Option(names = "--entities", paramLabel = "SET", description = "Entity set: " + EntitySetArg.NAMES + " (default: the evaluations' own).")
    String entities;

    @Option(names = "--prompt", paramLabel = "compact|full",
            description = "The prompt to write (default: the one the teacher was sent, found by its prompt hash).")
    String prompt;

    @Override
    public Integer call() throws IOException {
        FineTuneExport.Format fmt;
        try {
            fmt = FineTuneExport.Format.parse(format);
            if (prompt != null) {
                PromptBuilder.Style.parse(prompt);
            }
        } catch (InputException e) {
            throw new UsageException(e.getMessage());
        }
        if (minAgreement < 1) {
            throw new UsageException("--min-agreement must be at least 1 (got " + minAgreement + ")");
        }
        if (!(validation >= 0 && validation < 1)) {
            throw new UsageException("--validation must be at least 0 and below 1 (got " + validation + ")");
        }
        EntitySet set = EvaluationsFile.entitySet(entities, evaluations);
        VerdictIO.Contents contents = VerdictIO.read(evaluations, set, false);
        java.io.PrintWriter err = spec.commandLine().getErr();
        contents.info().notes().forEach(n -> err.println("spec-cxr: " + n));
        Provenance teacher = contents.info().provenance();
        if (teacher == null) {
            throw new InputException(evaluations + " has no header: distill needs the teacher's provenance (an"
                    + " evaluations.jsonl written by evaluate)");
        }
        List<ReportPair> pairs = PairReader.read(input);
        PromptBuilder promptBuilder = FineTuneExport.prompt(set, teacher.promptHash(), prompt);
        FineTuneExport.Result r = FineTuneExport.build(pairs, contents.records(), minAgreement, validation, seed);
        if (r.examples().isEmpty()) {
            throw new InputException("no examples to write: " + (r.noPair() > 0 ? r.noPair() + " verdicted pair(s) are"
                    + " not in " + input + "; " : "") + r.noAgreement() + " pair(s) below --min-agreement " + minAgreement);
        }
        Path dir = OutputWriter.prepare(out);
        OutputWriter.write(dir.resolve("train.jsonl"), lines(r.train(), promptBuilder, fmt));
        OutputWriter.write(dir.resolve("validation.jsonl"), lines(r.validation(), promptBuilder, fmt));
        ObjectNode prov = Json.MAPPER.createObjectNode();
        prov.set("teacher", Json.MAPPER.valueToTree(teacher));
        prov.put("format", fmt.name().toLowerCase(java.util.Locale.ROOT));
        prov.put("prompt", promptBuilder.style().id());
        prov.put("prompt_hash", promptBuilder.hash());
        prov.put("min_agreement", minAgreement);
        prov.put("validation", validation);
        prov.put("seed", seed);
        prov.put("evaluations_file", evaluations.getFileName().toString());
        prov.put("input_file", input.getFileName().toString());
        prov.putObject("train").put("examples", r.train().size()).put("references", r.trainIds().size());
        prov.putObject("validation").put("examples", r.validation().size()).put("references", r.validationIds().size());
        prov.putObject("left_out").put("not_in_input", r.noPair()).put("below_min_agreement", r.noAgreement());
        OutputWriter.write(dir.resolve("provenance.json"), Json.PRETTY.writeValueAsString(prov) + "\n");
        err.printf(java.util.Locale.ROOT, "spec-cxr: %d training and %d validation example(s)"
                        + " from %s (%s prompt); %d below --min-agreement, %d not in the input; wrote %s%n",
                r.train().size(), r.validation().size(), teacher.judge(), promptBuilder.style().id(), r.noAgreement(),
                r.noPair(), dir);
        return 0;
    }

    private static String lines(List<FineTuneExport.Example> examples, PromptBuilder prompt, FineTuneExport.Format fmt) {
        StringBuilder sb = new StringBuilder();
        for (FineTuneExport.Example e : examples) {
            sb.append(FineTuneExport.line(e, prompt, fmt)).append('\n');
        }
        return sb.toString();
    }
}
