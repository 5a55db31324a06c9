package org.speccxr.judge.rules;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * What kind of statement a sentence is, before any finding is read: one that states nothing about the images
 * ({@code not_findings}), a yes/no question ({@code questions}), a request ({@code requests}), or a comparison of the
 * whole study with a prior one ({@code comparison.global}). Remembered per sentence, bounded.
 */
final class StatementFilter {
    private final RuleSet rules;
    private final SentenceMemo<Boolean> noFindingMemo = new SentenceMemo<>(1 << 16);
    private final SentenceMemo<Boolean> wholeStudyMemo = new SentenceMemo<>(1 << 16);

    StatementFilter(RuleSet rules) {
        this.rules = rules;
    }

    /** The sentence asserts no finding: a yes/no question ("Does this patient have ...?") or a not-finding statement. */
    boolean assertsNothing(String sentence, String[] words) {
        if (words.length > 0 && sentence.endsWith("?") && rules.questionWords.contains(words[0])) {
            return true;
        }
        return statesNoFinding(sentence, words);
    }

    /** "PA and lateral views were obtained.", "2 images.", a notification. */
    boolean statesNoFinding(String sentence, String[] words) {
        return noFindingMemo.get(sentence, s -> matchesNoFinding(s, words));
    }

    private boolean matchesNoFinding(String sentence, String[] words) {
        for (RuleSet.NormalRule p : rules.notFindings) {
            if (!p.requires().isEmpty() && !containsAny(words, p.requires())) {
                continue;
            }
            if (p.pattern().matcher(sentence).find()) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsAny(String[] words, Set<String> wanted) {
        for (String w : words) {
            if (wanted.contains(w)) {
                return true;
            }
        }
        return false;
    }

    boolean requests(String sentence) {
        for (Pattern p : rules.requests) {
            if (p.matcher(sentence).find()) {
                return true;
            }
        }
        return false;
    }

    boolean comparesWholeStudy(String sentence) {
        return wholeStudyMemo.get(sentence, this::matchesWholeStudy);
    }

    private boolean matchesWholeStudy(String sentence) {
        for (Pattern g : rules.globalComparisons) {
            if (g.matcher(sentence).find()) {
                return true;
            }
        }
        return false;
    }
}
