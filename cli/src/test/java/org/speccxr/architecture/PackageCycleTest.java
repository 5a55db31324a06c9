package org.speccxr.architecture;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data flows one way: no two packages depend on each other, directly or through others. The package graph is read
 * from the compiled classes of every module by the JDK's own jdeps, so a reference written with a full class name
 * counts as much as an import.
 */
class PackageCycleTest {
    private static final Pattern EDGE = Pattern.compile("^\\s+(org\\.speccxr\\S*)\\s+->\\s+(org\\.speccxr\\S*)\\s");

    static Map<String, Set<String>> packageGraph() {
        List<String> args = new ArrayList<>(List.of("-verbose:package", "-filter:none", "-e", "org\\.speccxr\\..*"));
        for (String module : List.of("core", "llm", "report", "cli")) {
            Path classes = Path.of("..", module, "target", "classes"); // tests run in their module's folder
            assertThat(classes).as("compiled classes of module " + module).isDirectory();
            args.add(classes.toString());
        }
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(new StringWriter()), args.toArray(String[]::new));
        assertThat(rc).as("jdeps exit status").isZero();
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.find()) {
                graph.computeIfAbsent(m.group(1), k -> new TreeSet<>());
                graph.computeIfAbsent(m.group(2), k -> new TreeSet<>());
                if (!m.group(1).equals(m.group(2))) {
                    graph.get(m.group(1)).add(m.group(2));
                }
            }
        }
        return graph;
    }

    @Test
    void noPackageCycles() {
        Map<String, Set<String>> graph = packageGraph();
        assertThat(graph).as("jdeps found the packages").containsKeys("org.speccxr.judge", "org.speccxr.cli");
        assertThat(cycles(graph)).as("package cycles").isEmpty();
    }

    @Test
    void coreDependsOnNoOuterModule() {
        Map<String, Set<String>> graph = packageGraph();
        Set<String> outer = Set.of("org.speccxr.judge.llm", "org.speccxr.output.html", "org.speccxr.cli");
        graph.forEach((from, tos) -> {
            if (!outer.contains(from)) {
                assertThat(tos).as(from + " depends on").doesNotContainAnyElementsOf(outer);
            }
        });
    }

    @Test
    void theCycleFinderFindsACycle() {
        Map<String, Set<String>> g = new TreeMap<>();
        g.put("a", new TreeSet<>(Set.of("b")));
        g.put("b", new TreeSet<>(Set.of("c")));
        g.put("c", new TreeSet<>(Set.of("a")));
        g.put("d", new TreeSet<>(Set.of("a")));
        assertThat(cycles(g)).containsExactly(List.of("a", "b", "c"));
    }

    /** Strongly connected components of more than one package (Tarjan). */
    static List<List<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>(), low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                strongConnect(v, graph, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void strongConnect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
                                      Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                      List<List<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                strongConnect(w, graph, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> scc = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                scc.add(w);
            } while (!w.equals(v));
            if (scc.size() > 1) {
                scc.sort(String::compareTo);
                out.add(scc);
            }
        }
    }
}
