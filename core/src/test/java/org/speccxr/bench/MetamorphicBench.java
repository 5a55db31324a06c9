package org.speccxr.bench;

import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.io.TableReader;
import org.speccxr.judge.rules.RulesJudge;
import org.speccxr.metamorphic.MetamorphicGenerator;
import org.speccxr.metamorphic.MetamorphicSuite;
import org.speccxr.metamorphic.Variant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The metamorphic suite on real reports: IU X-ray reports outside NegBio's OpenI test split (findings + impression),
 * a seeded sample, each turned into variants with known edits, judged by the rules judge.
 */
public final class MetamorphicBench {
    public static List<Variant> variants(int reports, long seed) throws IOException {
        Path raw = SharedData.raw();
        Set<String> test = new HashSet<>(Files.readAllLines(raw.resolve("negbio_openi/openi-testset.txt")).stream().map(String::strip).toList());
        List<String[]> pool = new ArrayList<>();
        for (TableReader.Row r : TableReader.read(raw.resolve("iu_xray_kaggle/indiana_reports.csv"), "reports").rows()) {
            String id = "CXR" + r.get("uid").strip();
            if (test.contains(id)) {
                continue;
            }
            String text = ((r.get("findings") == null ? "" : r.get("findings")) + " "
                    + (r.get("impression") == null ? "" : r.get("impression"))).strip();
            if (!text.isEmpty()) {
                pool.add(new String[]{id, text});
            }
        }
        Collections.shuffle(pool, new Random(seed));
        EntitySet set = EntitySetLoader.loadDefault();
        MetamorphicGenerator gen = new MetamorphicGenerator(set);
        List<Variant> out = new ArrayList<>();
        for (String[] p : pool.subList(0, Math.min(reports, pool.size()))) {
            out.addAll(gen.variants(p[0], p[1], seed, 2));
        }
        return out;
    }

    public static MetamorphicSuite.Report run(int reports, long seed) throws IOException {
        EntitySet set = EntitySetLoader.loadDefault();
        return MetamorphicSuite.run(new RulesJudge(set), set, variants(reports, seed), 2);
    }

    /** Usage: MetamorphicBench [reports=500] [seed=7] [misses]. */
    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 7;
        MetamorphicSuite.Report r = run(n, seed);
        if (args.length > 2) {
            r.misses().forEach(System.out::println);
        }
        System.out.print(r.format());
    }
}
