package org.speccxr.cli;

import org.speccxr.entity.Entity;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.rules.RuleSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Check a rules file for the rules judge (--rules FILE), or show the bundled one.",
        subcommands = {RulesCommand.Check.class, RulesCommand.Show.class})
public final class RulesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: check FILE or show");
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Validate a rules file against an entity set and print what it defines.",
                    "Exit 0 when valid; 1, with one line naming the key and the value, when not."})
    static final class Check implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The rules YAML file (a copy of the bundled one, edited).")
        Path file;

        @Option(names = "--entities", paramLabel = "SET", description = "Entity set its ids must belong to: " + EntitySetArg.NAMES + ".")
        String entities;

        @Override
        public Integer call() {
            EntitySet set = EntitySetLoader.resolve(entities);
            RuleSet rules = RuleSet.load(file);
            rules.checkEntities(set);
            spec.commandLine().getOut().print(describe(rules, set, EntitySetArg.label(entities)));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Where the bundled rules file is and what it defines; --yaml prints the file itself, to copy and edit:",
                    "  spec-cxr rules show --yaml > my-rules.yaml"})
    static final class Show implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--entities", paramLabel = "SET", description = "Entity set to count its entities against: "
                + EntitySetArg.NAMES + ".")
        String entities;

        @Option(names = "--yaml", description = "Print the bundled rules.yaml itself.")
        boolean yaml;

        @Override
        public Integer call() {
            if (yaml) {
                try (InputStream in = RuleSet.class.getResourceAsStream(RuleSet.DEFAULT_RESOURCE)) {
                    spec.commandLine().getOut().print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return 0;
            }
            EntitySet set = EntitySetLoader.resolve(entities);
            spec.commandLine().getOut().print(describe(RuleSet.loadDefault(), set, EntitySetArg.label(entities)));
            spec.commandLine().getOut().printf("%nIt is %s in the spec-cxr jar (core/src/main/resources%s in the sources); "
                    + "print it with: spec-cxr rules show --yaml%n", RuleSet.DEFAULT_RESOURCE.substring(1), RuleSet.DEFAULT_RESOURCE);
            return 0;
        }
    }

    static String describe(RuleSet rules, EntitySet set, String setLabel) {
        StringBuilder sb = new StringBuilder();
        String what = rules.bundled() ? "the bundled rules" : "valid rules file";
        sb.append(String.format("%s: %s, version %s, %s%n", rules.source(), what, rules.version(), rules.hash()));
        List<String> ids = rules.entityIds();
        List<String> outside = ids.stream().filter(id -> !set.contains(id)).toList();
        sb.append(String.format("entity set %s (%d findings, %d diagnoses): rules name %d of its entities", setLabel,
                set.count(Entity.Kind.FINDING), set.count(Entity.Kind.DIAGNOSIS), ids.size() - outside.size()));
        if (!outside.isEmpty()) {
            // only the bundled rules get here: a user's file naming an id outside the set was refused
            sb.append(String.format("; rules for %d entities outside the set are skipped (%s)", outside.size(),
                    String.join(", ", outside.subList(0, Math.min(5, outside.size()))) + (outside.size() > 5 ? ", ..." : "")));
        }
        sb.append(String.format("%n%n"));
        TextTable t = new TextTable("section", "entries", "what it defines").leftAlign(2);
        for (RuleSet.SummaryRow r : rules.summary()) {
            t.add(r.section(), r.entries(), r.detail());
        }
        sb.append(t.render());
        return sb.toString();
    }
}
