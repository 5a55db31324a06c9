package org.speccxr.metamorphic;

import java.util.List;

/**
 * A candidate report made from a reference by known edits.
 *
 * @param edits the edits applied (empty for an unedited paraphrase); the expected error count is their number,
 *              except that paraphrase edits expect none
 */
public record Variant(String id, String reference, String candidate, List<EditKind> edits, List<String> targets) {
    public int expectedErrors() {
        return (int) edits.stream().filter(e -> e != EditKind.PARAPHRASE).count();
    }

    public boolean paraphraseOnly() {
        return expectedErrors() == 0;
    }
}
