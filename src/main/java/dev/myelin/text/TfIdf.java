package dev.myelin.text;

import dev.myelin.tensor.Tensor;
import java.util.List;

/**
 * A TF-IDF term-document matrix {@code [V, D]} for D documents:
 * <pre>
 *   tfidf(t, d) = tf(t, d) * idf(t),   tf(t, d) = raw count of t in d,   idf(t) = ln(D / df(t))
 * </pre>
 * where df(t) is the number of documents containing t. A term in every document weighs 0; a term in
 * none (and {@link Vocabulary#UNKNOWN}, which is left out) has a zero row. Dense: fine for a capped
 * vocabulary and a few thousand documents.
 */
public final class TfIdf {
    private TfIdf() {}

    /** The matrix for {@code documents} given as vocabulary indices. */
    public static Tensor termDocument(List<int[]> documents, int vocabularySize) {
        int d = documents.size();
        if (d == 0 || vocabularySize < 1) {
            throw new IllegalArgumentException("tfidf: need at least one document and one word, got " + d
                    + " documents and vocabulary size " + vocabularySize);
        }
        if ((long) vocabularySize * d > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tfidf: " + vocabularySize + " words x " + d
                    + " documents is too large for a dense matrix; cap the vocabulary or join documents");
        }
        float[] tf = new float[vocabularySize * d];
        int[] df = new int[vocabularySize];
        for (int j = 0; j < d; j++) {
            for (int t : documents.get(j)) {
                if (t < 0 || t >= vocabularySize) {
                    throw new IndexOutOfBoundsException("tfidf: word index " + t + " in document " + j
                            + " is outside the vocabulary [0, " + vocabularySize + ")");
                }
                if (t != Vocabulary.UNKNOWN_INDEX && tf[t * d + j]++ == 0) {
                    df[t]++;
                }
            }
        }
        for (int t = 0; t < vocabularySize; t++) {
            float idf = df[t] == 0 ? 0 : (float) Math.log((double) d / df[t]);
            for (int j = 0; j < d; j++) {
                tf[t * d + j] *= idf;
            }
        }
        return Tensor.of(tf, vocabularySize, d);
    }
}
