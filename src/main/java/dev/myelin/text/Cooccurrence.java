package dev.myelin.text;

import dev.myelin.tensor.Tensor;
import java.util.List;

/**
 * Word-context co-occurrence counts over a symmetric window: {@code counts[w, c]} adds, for every
 * occurrence of w and every token c at most {@code window} positions before or after it in the same
 * document, 1 (or 1/distance when distance-weighted, as in GloVe). The matrix is symmetric.
 * {@link Vocabulary#UNKNOWN} tokens keep their positions but are counted neither as word nor as
 * context, so its row and column are zero.
 *
 * <p>The matrix is dense, {@code [V, V]} floats: fine for the few thousand words of a capped
 * vocabulary (5,000 words take 100 MB), not for a full web-scale vocabulary.
 */
public final class Cooccurrence {
    private Cooccurrence() {}

    /** The {@code [vocabularySize, vocabularySize]} counts of {@code documents} (vocabulary indices). */
    public static Tensor counts(List<int[]> documents, int vocabularySize, int window, boolean distanceWeighted) {
        if (window < 1) {
            throw new IllegalArgumentException("cooccurrence: window must be at least 1, got " + window);
        }
        if (vocabularySize < 1 || (long) vocabularySize * vocabularySize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cooccurrence: vocabulary size " + vocabularySize
                    + " must be in [1, 46340] for a dense matrix; cap the vocabulary");
        }
        float[] counts = new float[vocabularySize * vocabularySize];
        for (int[] doc : documents) {
            for (int i = 0; i < doc.length; i++) {
                int w = checked(doc[i], vocabularySize);
                if (w == Vocabulary.UNKNOWN_INDEX) {
                    continue;
                }
                for (int j = Math.max(0, i - window), end = Math.min(doc.length - 1, i + window); j <= end; j++) {
                    int c = checked(doc[j], vocabularySize);
                    if (j != i && c != Vocabulary.UNKNOWN_INDEX) {
                        counts[w * vocabularySize + c] += distanceWeighted ? 1f / Math.abs(j - i) : 1f;
                    }
                }
            }
        }
        return Tensor.of(counts, vocabularySize, vocabularySize);
    }

    private static int checked(int id, int vocabularySize) {
        if (id < 0 || id >= vocabularySize) {
            throw new IndexOutOfBoundsException("cooccurrence: word index " + id + " is outside the vocabulary [0, "
                    + vocabularySize + ")");
        }
        return id;
    }
}
