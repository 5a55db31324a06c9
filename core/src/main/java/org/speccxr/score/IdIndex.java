package org.speccxr.score;

/**
 * Reference id to a dense index in order of first sight: an open-addressing table of the id strings and their
 * indices, about a third of a {@code HashMap<String, Integer>}'s size per id (no entry or Integer objects), which
 * matters at a million ids. Not thread-safe; the accumulator guards it.
 */
final class IdIndex {
    private String[] keys = new String[16];
    private int[] values = new int[16];
    private int size;

    /** The id's index, given the next free one when it is new. */
    int indexOf(String id) {
        int mask = keys.length - 1;
        int i = mix(id.hashCode()) & mask;
        while (keys[i] != null) {
            if (keys[i].equals(id)) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        keys[i] = id;
        values[i] = size;
        if (++size * 3 > keys.length * 2) {
            grow();
        }
        return size - 1;
    }

    int size() {
        return size;
    }

    private void grow() {
        String[] oldKeys = keys;
        int[] oldValues = values;
        keys = new String[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = mix(oldKeys[j].hashCode()) & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }

    /** Spreads String hashes of ids that differ only in their last digits over the table. */
    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
