package org.speccxr.judge.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A word trie: finds the longest phrase starting at a token position. */
final class PhraseMatcher<T> {
    private static final class Node<T> {
        final Map<String, Node<T>> next = new HashMap<>(4);
        List<T> values;
    }

    record Match<T>(int start, int end, List<T> values) {
    }

    private final Node<T> root = new Node<>();

    void add(String phrase, T value) {
        String[] words = Tokens.phrase(phrase);
        if (words.length == 0) {
            return;
        }
        Node<T> n = root;
        for (String w : words) {
            n = n.next.computeIfAbsent(w, k -> new Node<>());
        }
        if (n.values == null) {
            n.values = new ArrayList<>(1);
        }
        if (!n.values.contains(value)) {
            n.values.add(value);
        }
    }

    /** The longest phrase starting at token {@code i}, or null. */
    Match<T> longestAt(String[] words, int i) {
        Node<T> n = root;
        Match<T> best = null;
        for (int j = i; j < words.length; j++) {
            n = n.next.get(words[j]);
            if (n == null) {
                break;
            }
            if (n.values != null) {
                best = new Match<>(i, j + 1, n.values);
            }
        }
        return best;
    }

    /** Non-overlapping longest matches, scanning left to right. */
    List<Match<T>> findAll(String[] words) {
        List<Match<T>> out = new ArrayList<>();
        int i = 0;
        while (i < words.length) {
            Match<T> m = longestAt(words, i);
            if (m != null) {
                out.add(m);
                i = m.end();
            } else {
                i++;
            }
        }
        return out;
    }
}
