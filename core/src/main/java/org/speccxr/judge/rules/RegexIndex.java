package org.speccxr.judge.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of a list of regex rules may match a sentence: those without required words, and those with one of their
 * required words among the sentence's words. One map lookup per word, so most sentences skip most regexes.
 */
final class RegexIndex {
    private final boolean[] always;
    private final Map<String, int[]> byWord = new HashMap<>();

    RegexIndex(List<Set<String>> requires) {
        this.always = new boolean[requires.size()];
        Map<String, List<Integer>> index = new HashMap<>();
        for (int i = 0; i < requires.size(); i++) {
            always[i] = requires.get(i).isEmpty();
            for (String word : requires.get(i)) {
                index.computeIfAbsent(word, k -> new ArrayList<>()).add(i);
            }
        }
        index.forEach((k, v) -> byWord.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    }

    boolean[] candidates(String[] words) {
        boolean[] c = always.clone();
        for (String word : words) {
            int[] rs = byWord.get(word);
            if (rs != null) {
                for (int r : rs) {
                    c[r] = true;
                }
            }
        }
        return c;
    }
}
