package org.speccxr.judge.rules;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A thread-safe, bounded memory of what a pure function of a sentence gave: at most {@code capacity} sentences, then
 * forgotten all at once (cheap, and the next sentences fill it again). Reports repeat their sentences a great deal
 * ("No pneumothorax.", "The heart is normal in size."), so a large run reads each distinct sentence about once.
 */
final class SentenceMemo<T> {
    private final ConcurrentHashMap<String, T> answers = new ConcurrentHashMap<>();
    private final int capacity;

    SentenceMemo(int capacity) {
        this.capacity = capacity;
    }

    T get(String key, Function<String, T> compute) {
        T known = answers.get(key);
        if (known != null) {
            return known;
        }
        T answer = compute.apply(key);
        if (answers.size() >= capacity) {
            answers.clear();
        }
        answers.put(key, answer);
        return answer;
    }
}
