package dev.myelin.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CountEmbeddingsTest extends ScopedTest {
    private static final float LN2 = (float) Math.log(2);

    /** The one-document corpus "a b a c": vocabulary <unk>=0, a=1 (count 2), b=2, c=3 (ties alphabetical). */
    private static Vocabulary abac() {
        return Vocabulary.build(List.of("a", "b", "a", "c"), 1, 10);
    }

    /** The 3 x 3 block of a 4 x 4 matrix without the <unk> row and column, which must be zero. */
    private static float[] known(Tensor m) {
        float[] v = m.toFloatArray();
        for (int i = 0; i < 4; i++) {
            assertEquals(0, v[i]);
            assertEquals(0, v[i * 4]);
        }
        return new float[] {v[5], v[6], v[7], v[9], v[10], v[11], v[13], v[14], v[15]};
    }

    @Test
    void cooccurrenceCountsOverASymmetricWindow() {
        Vocabulary v = abac();
        assertEquals(List.of("<unk>", "a", "b", "c"), List.of(v.word(0), v.word(1), v.word(2), v.word(3)));
        List<int[]> docs = List.of(v.encode(List.of("a", "b", "a", "c")));
        // window 2, positions 0..3 = a b a c:
        //   pos 0 a sees b(1) a(2); pos 1 b sees a(0) a(2) c(3); pos 2 a sees a(0) b(1) c(3); pos 3 c sees b(1) a(2)
        //   rows a: a 2, b 2, c 1 | b: a 2, c 1 | c: a 1, b 1
        assertArrayEquals(new float[] {2, 2, 1, 2, 0, 1, 1, 1, 0}, known(Cooccurrence.counts(docs, 4, 2, false)));
        // distance-weighted: the a-a pairs and b-c pairs are 2 apart and count 1/2
        //   rows a: a 1/2+1/2, b 1+1, c 1 | b: a 1+1, c 1/2 | c: a 1, b 1/2
        assertArrayEquals(new float[] {1, 2, 1, 2, 0, 0.5f, 1, 0.5f, 0}, known(Cooccurrence.counts(docs, 4, 2, true)));
        // window 1: a-b twice each way, a-c once each way
        assertArrayEquals(new float[] {0, 2, 1, 2, 0, 0, 1, 0, 0}, known(Cooccurrence.counts(docs, 4, 1, false)));
        // windows do not cross documents; unknown tokens hold their place but are not counted
        List<int[]> split = List.of(new int[] {1, 0, 2}, new int[] {3});
        assertArrayEquals(new float[] {0, 1, 0, 1, 0, 0, 0, 0, 0}, known(Cooccurrence.counts(split, 4, 2, false)));
    }

    @Test
    void ppmiMatchesTheHandComputation() {
        Tensor counts = Tensor.of(new float[] {2, 2, 1, 2, 0, 1, 1, 1, 0}, 3, 3); // the window-2 counts of "a b a c"
        // N = 10; row sums = column sums = (5, 3, 2), so p(a) = .5, p(b) = .3, p(c) = .2
        //   PMI(a,a) = ln(.2 / (.5 * .5)) = ln .8 < 0  -> 0
        //   PMI(a,b) = ln(.2 / (.5 * .3)) = ln 4/3 = 0.287682
        //   PMI(a,c) = ln(.1 / (.5 * .2)) = ln 1 = 0
        //   PMI(b,a) = ln 4/3;  PMI(b,c) = ln(.1 / (.3 * .2)) = ln 5/3 = 0.510826
        //   PMI(c,a) = 0;       PMI(c,b) = ln 5/3;  zero counts (b,b), (c,c) -> 0
        float l43 = (float) Math.log(4.0 / 3);
        float l53 = (float) Math.log(5.0 / 3);
        assertArrayEquals(new float[] {0, l43, 0, l43, 0, l53, 0, l53, 0}, Ppmi.of(counts).toFloatArray(), 1e-6f);
        // alpha = 0.75: p_a(c) = n(c)^.75 / sum: 5^.75 = 3.343702, 3^.75 = 2.279507, 2^.75 = 1.681793, sum 7.305002
        //   -> p_a = (0.457728, 0.312047, 0.230225)
        //   PMI(a,a) = ln(.2 / (.5 * .457728)) = -0.134810 -> 0;  PMI(a,b) = ln(.2 / (.5 * .312047)) = 0.248309
        //   PMI(a,c) = ln(.1 / (.5 * .230225)) = -0.140739 -> 0;  PMI(b,a) = ln(.2 / (.3 * .457728)) = 0.376016
        //   PMI(b,c) = ln(.1 / (.3 * .230225)) = 0.370087;        PMI(c,a) = ln(.1 / (.2 * .457728)) = 0.088334
        //   PMI(c,b) = ln(.1 / (.2 * .312047)) = 0.471453
        assertArrayEquals(new float[] {0, 0.248309f, 0, 0.376016f, 0, 0.370087f, 0.088334f, 0.471453f, 0},
                Ppmi.of(counts, Ppmi.SMOOTHED_ALPHA).toFloatArray(), 1e-5f);
    }

    @Test
    void ppmiOfAUniformBipartiteMatrixIsLn2() {
        // "the cat sat / the dog sat", window 1: every observed cell has p(w,c) = 1/8 and p(w) = p(c) = 1/4.
        // rows/columns sat, the, cat, dog: sat and the each co-occur once with cat and with dog, and vice versa.
        float[] p = Ppmi.of(Tensor.of(new float[] {0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0}, 4, 4)).toFloatArray();
        assertArrayEquals(new float[] {0, 0, LN2, LN2, 0, 0, LN2, LN2, LN2, LN2, 0, 0, LN2, LN2, 0, 0}, p, 1e-6f);
    }

    @Test
    void ppmiRefusesBadInput() {
        assertEquals("ppmi: counts must be finite and non-negative, got -1.0 at [0, 1]",
                assertThrows(IllegalArgumentException.class, () -> Ppmi.of(Tensor.of(new float[] {1, -1}, 1, 2))).getMessage());
        assertEquals("ppmi: alpha must be in (0, 1], got 1.5",
                assertThrows(IllegalArgumentException.class, () -> Ppmi.of(Tensor.ones(2, 2), 1.5)).getMessage());
        assertEquals("ppmi: expected a 2-D count matrix, got [4]",
                assertThrows(IllegalArgumentException.class, () -> Ppmi.of(Tensor.ones(4))).getMessage());
    }

    @Test
    void tfIdfMatchesTheHandComputation() {
        List<String> d1 = List.of("a", "b", "a");
        List<String> d2 = List.of("a", "c");
        List<String> d3 = List.of("b", "c", "c");
        List<String> d4 = List.of("c", "d");
        Corpus corpus = new Corpus("tiny", List.of(d1, d2, d3, d4));
        Vocabulary v = Vocabulary.build(corpus.tokens(), 1, 10);
        // counts c 4, a 3, b 2, d 1 -> indices <unk> 0, c 1, a 2, b 3, d 4
        assertEquals(List.of("c", "a", "b", "d"), List.of(v.word(1), v.word(2), v.word(3), v.word(4)));
        Tensor m = TfIdf.termDocument(corpus.encode(v), v.size());
        assertArrayEquals(new int[] {5, 4}, m.shape());
        // D = 4. df: c 3 -> idf ln(4/3) = 0.287682; a 2 -> ln 2; b 2 -> ln 2; d 1 -> ln 4 = 1.386294
        // tf (raw counts) per document d1..d4: c (0, 1, 2, 1); a (2, 1, 0, 0); b (1, 0, 1, 0); d (0, 0, 0, 1)
        float l43 = (float) Math.log(4.0 / 3);
        float[] expected = {
            0, 0, 0, 0,                    // <unk>
            0, l43, 2 * l43, l43,          // c
            2 * LN2, LN2, 0, 0,            // a
            LN2, 0, LN2, 0,                // b
            0, 0, 0, (float) Math.log(4),  // d
        };
        assertArrayEquals(expected, m.toFloatArray(), 1e-6f);
        // a word in every document carries no weight
        Tensor all = TfIdf.termDocument(List.of(new int[] {1, 1}, new int[] {1}), 2);
        assertArrayEquals(new float[] {0, 0, 0, 0}, all.toFloatArray());
    }

    @Test
    void lsaVectorsAreTheScaledLeftSingularVectors() {
        // A rank-2 matrix: rows 0-1 and rows 2-3 are two "topics"; LSA with k = 2 keeps all of it.
        // Rows are the words of the vocabulary <unk>, x, y, z.
        Tensor m = Tensor.of(new float[] {
            3, 2, 0, 0,
            6, 4, 0, 0,
            0, 0, 1, 5,
            0, 0, 2, 10}, 4, 4);
        Tensor vectors = Lsa.wordVectors(m, 2, 1);
        assertArrayEquals(new int[] {4, 2}, vectors.shape());
        // U_k S_k rows reproduce the rows' Gram matrix: (U S)(U S)^T = A A^T when rank(A) <= k
        assertArrayEquals(m.matmul(m.t()).toFloatArray(), vectors.matmul(vectors.t()).toFloatArray(), 1e-3f);
        WordVectors words = new WordVectors(Vocabulary.build(List.of("x", "x", "x", "y", "y", "z"), 1, 10), vectors);
        assertEquals(1, words.similarity("y", "z"), 1e-5, "rows 2 and 3 are parallel");
        assertEquals(0, words.similarity("x", "y"), 1e-5, "rows 1 and 2 are orthogonal");
        assertEquals("y", words.nearest("z", 1).get(0).word());
        assertEquals("lsa: dimension k=5 must be in [1, 4] for a matrix [4, 4]",
                assertThrows(IllegalArgumentException.class, () -> Lsa.wordVectors(m, 5, 1)).getMessage());
        assertTrue(Lsa.wordVectors(m, 1, 0.5).size(1) == 1);
    }

    @Test
    void analogyOnAConstructedCorpusFindsTheFourthWord() {
        // king/queen share the contexts crown and throne, man/woman share walks and works; he goes with
        // king and man, she with queen and woman. So king - man + woman has crown, throne and she: queen.
        List<List<String>> docs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            docs.add(List.of("he", "king", "crown"));
            docs.add(List.of("throne", "king", "he"));
            docs.add(List.of("she", "queen", "crown"));
            docs.add(List.of("throne", "queen", "she"));
            docs.add(List.of("he", "man", "walks"));
            docs.add(List.of("works", "man", "he"));
            docs.add(List.of("she", "woman", "walks"));
            docs.add(List.of("works", "woman", "she"));
        }
        Corpus corpus = new Corpus("royals", docs);
        Vocabulary v = Vocabulary.build(corpus.tokens(), 1, 100);
        WordVectors vectors = new WordVectors(v, Ppmi.of(Cooccurrence.counts(corpus.encode(v), v.size(), 1, false)));
        List<Neighbour> answer = vectors.analogy("king", "man", "woman", 3);
        assertEquals("queen", answer.get(0).word(), answer.toString());
        assertTrue(answer.stream().noneMatch(n -> List.of("king", "man", "woman").contains(n.word())), "query words excluded");
        assertEquals("woman", vectors.analogy("queen", "king", "man", 1).get(0).word());
        assertEquals("man", vectors.nearest("woman", 1).get(0).word());
    }
}
