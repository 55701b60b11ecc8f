package dev.myelin.text;

import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * One vector per vocabulary word, queried by cosine similarity {@code cos(a, b) = a.b / (|a| |b|)}.
 * The vectors are copied to the Java heap and normalised once, so queries outlive the tensor's
 * scope. A zero vector (a word with no counts) has similarity 0 to everything. {@link
 * Vocabulary#UNKNOWN} is never an answer.
 */
public final class WordVectors {
    private final Vocabulary vocabulary;
    private final int dim;
    private final float[] unit; // [size, dim], rows of unit length (or zero)

    /** {@code vectors} is {@code [vocabulary.size(), dim]}: row i is word i's vector. */
    public WordVectors(Vocabulary vocabulary, Tensor vectors) {
        if (vectors.dim() != 2 || vectors.size(0) != vocabulary.size()) {
            throw new IllegalArgumentException("word vectors: expected [" + vocabulary.size() + ", dim] for a vocabulary of "
                    + vocabulary.size() + " entries, got " + Shapes.str(vectors.shape()));
        }
        this.vocabulary = vocabulary;
        this.dim = vectors.size(1);
        this.unit = vectors.toFloatArray();
        for (int w = 0; w < vocabulary.size(); w++) {
            double norm = 0;
            for (int k = 0; k < dim; k++) {
                norm += (double) unit[w * dim + k] * unit[w * dim + k];
            }
            float scale = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0;
            for (int k = 0; k < dim; k++) {
                unit[w * dim + k] *= scale;
            }
        }
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public int dim() {
        return dim;
    }

    /** Cosine similarity of two vocabulary words. */
    public double similarity(String a, String b) {
        return dot(row(vocabulary.require("similarity", a)), vocabulary.require("similarity", b));
    }

    /** The {@code k} words most similar to {@code word}, most similar first, the word itself excluded. */
    public List<Neighbour> nearest(String word, int k) {
        int w = vocabulary.require("nearest", word);
        return top(row(w), k, Set.of(w));
    }

    /**
     * Answers "b is to a as c is to ?" by the words nearest to {@code a - b + c} (3CosAdd on unit
     * vectors), excluding a, b and c: {@code analogy("king", "man", "woman", 1)} should give queen.
     */
    public List<Neighbour> analogy(String a, String b, String c, int k) {
        int ia = vocabulary.require("analogy", a);
        int ib = vocabulary.require("analogy", b);
        int ic = vocabulary.require("analogy", c);
        float[] q = new float[dim];
        for (int i = 0; i < dim; i++) {
            q[i] = unit[ia * dim + i] - unit[ib * dim + i] + unit[ic * dim + i];
        }
        return top(q, k, Set.of(ia, ib, ic));
    }

    private float[] row(int w) {
        return Arrays.copyOfRange(unit, w * dim, (w + 1) * dim);
    }

    private double dot(float[] q, int w) {
        double s = 0;
        for (int i = 0; i < dim; i++) {
            s += (double) q[i] * unit[w * dim + i];
        }
        return s;
    }

    /** The k words with the highest cosine to {@code q}, skipping {@code excluded} and the unknown token. */
    private List<Neighbour> top(float[] q, int k, Set<Integer> excluded) {
        if (k < 1) {
            throw new IllegalArgumentException("nearest: k must be positive, got " + k);
        }
        double qNorm = Math.sqrt(dot(q, q));
        PriorityQueue<Neighbour> best = new PriorityQueue<>((x, y) -> Double.compare(x.similarity(), y.similarity()));
        for (int w = 0; w < vocabulary.size(); w++) {
            if (w == Vocabulary.UNKNOWN_INDEX || excluded.contains(w)) {
                continue;
            }
            double cos = qNorm == 0 ? 0 : dot(q, w) / qNorm;
            best.add(new Neighbour(vocabulary.word(w), cos));
            if (best.size() > k) {
                best.poll();
            }
        }
        List<Neighbour> out = new ArrayList<>(best);
        out.sort((x, y) -> Double.compare(y.similarity(), x.similarity()));
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
