package org.speccxr.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.speccxr.entity.Entity;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "entities", mixinStandardHelpOptions = true, description = "Show the entity set as a table or as JSON.")
public final class EntitiesCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--entities", paramLabel = "SET", description = "Entity set: " + EntitySetArg.NAMES + ".")
    String entities;

    @Option(names = "--json", description = "Print a JSON array of {id, name, kind, category, group, synonyms, ...}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        EntitySet set = EntitySetLoader.resolve(entities);
        if (json) {
            ArrayNode arr = Json.MAPPER.createArrayNode();
            for (Entity e : set.entities()) {
                ObjectNode o = arr.addObject();
                o.put("id", e.id()).put("name", e.name()).put("kind", e.kind().label()).put("category", e.category())
                        .put("group", e.group()).put("location", e.location()).put("severity", e.severity())
                        .put("weight", e.weight());
                ArrayNode s = o.putArray("synonyms");
                e.synonyms().forEach(s::add);
            }
            spec.commandLine().getOut().println(Json.PRETTY.writeValueAsString(arr));
            return 0;
        }
        java.io.PrintWriter out = spec.commandLine().getOut();
        out.printf("%-34s %-9s %-32s %-26s %s%n", "id", "kind", "group", "category", "name");
        for (Entity e : set.entities()) {
            out.printf("%-34s %-9s %-32s %-26s %s%n", e.id(), e.kind().label(), e.group(), e.category(), e.name());
        }
        out.printf("%n%s: %d findings, %d diagnoses, %d groups, version %s, %s%n", set.source(),
                set.count(Entity.Kind.FINDING), set.count(Entity.Kind.DIAGNOSIS), set.groups().size(), set.version(), set.hash());
        return 0;
    }
}
