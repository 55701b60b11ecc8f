package dev.myelin.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.autograd.GradCheck;
import dev.myelin.autograd.GradMode;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SkipGramTest extends ScopedTest {
    private static final int TOPIC_WORDS = 8;

    /**
     * Two disjoint topics, words a0..a7 and b0..b7: each document draws its 10 words from one topic
     * only, so a word's contexts are always words of its own topic.
     */
    private static Corpus twoTopics(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<List<String>> docs = new ArrayList<>();
        for (int d = 0; d < 200; d++) {
            String topic = d % 2 == 0 ? "a" : "b";
            List<String> doc = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                doc.add(topic + r.nextInt(TOPIC_WORDS));
            }
            docs.add(doc);
        }
        return new Corpus("two topics", docs);
    }

    /** Mean cosine within a topic minus mean cosine across topics, over all word pairs. */
    private static double topicMargin(WordVectors v) {
        double same = 0;
        double across = 0;
        int nSame = 0;
        int nAcross = 0;
        for (String t : List.of("a", "b")) {
            for (int i = 0; i < TOPIC_WORDS; i++) {
                for (int j = 0; j < TOPIC_WORDS; j++) {
                    if (i != j) {
                        same += v.similarity(t + i, t + j);
                        nSame++;
                    }
                    across += v.similarity(t + i, (t.equals("a") ? "b" : "a") + j);
                    nAcross++;
                }
            }
        }
        return same / nSame - across / nAcross;
    }

    private static void assertTopicsLearned(SkipGramTrainer.Settings settings) {
        Corpus corpus = twoTopics(3);
        Vocabulary vocab = Vocabulary.build(corpus.tokens(), 1, 100);
        assertEquals(2 * TOPIC_WORDS + 1, vocab.size());
        List<Double> reported = new ArrayList<>();
        SkipGramTrainer.Result result = SkipGramTrainer.train(corpus.encode(vocab), vocab, settings,
                (epoch, loss, pairs, seconds) -> reported.add(loss));
        try (SkipGram model = result.model()) {
            double[] losses = result.epochLosses();
            assertEquals(settings.epochs(), reported.size());
            // Context vectors start at zero, so every score starts at 0: the first loss is ln V for the
            // full softmax and (1 + K) ln 2 for negative sampling.
            double initial = settings.fullSoftmax() ? Math.log(vocab.size()) : (1 + settings.negatives()) * Math.log(2);
            double last = losses[losses.length - 1];
            assertTrue(last < 0.8 * initial && last < losses[0], "loss falls from " + initial + ": " + Arrays.toString(losses));
            WordVectors vectors = new WordVectors(vocab, model.centre());
            double margin = topicMargin(vectors);
            assertTrue(margin > 0.3, "same-topic words are nearer than other-topic words by " + margin);
            for (String t : List.of("a", "b")) {
                for (int i = 0; i < TOPIC_WORDS; i++) {
                    for (Neighbour n : vectors.nearest(t + i, 3)) {
                        assertTrue(n.word().startsWith(t), "neighbours of " + t + i + ": " + vectors.nearest(t + i, 3));
                    }
                }
            }
        }
    }

    @Test
    void negativeSamplingSeparatesTwoTopics() {
        assertTopicsLearned(new SkipGramTrainer.Settings(10, 2, 4, 128, 0.03, 5, 0, 11));
    }

    @Test
    void fullSoftmaxSeparatesTwoTopics() {
        assertTopicsLearned(new SkipGramTrainer.Settings(10, 2, 4, 128, 0.03, 0, 0, 12));
    }

    @Test
    void negativeSamplingLossIsMinusLogSigmoidOfTheScores() {
        try (SkipGram model = new SkipGram(5, 3, 1)) {
            try (var off = GradMode.noGrad()) {
                model.context().segment().copyFrom(Tensor.randn(2, 5, 3).segment());
            }
            float[] v = model.centre().toFloatArray();
            float[] u = model.context().toFloatArray();
            // centre 1 with context 2 and negatives 3, 4; centre 4 with context 0 and negatives 1, 1
            Tensor loss = model.negativeSamplingLoss(Tensor.ofInts(new int[] {1, 4}, 2),
                    Tensor.ofInts(new int[] {2, 3, 4, 0, 1, 1}, 2, 3));
            double expected = -logSigmoid(dot(u, 2, v, 1, 3)) - logSigmoid(-dot(u, 3, v, 1, 3)) - logSigmoid(-dot(u, 4, v, 1, 3))
                    - logSigmoid(dot(u, 0, v, 4, 3)) - 2 * logSigmoid(-dot(u, 1, v, 4, 3));
            assertEquals(expected / 2, loss.item(), 1e-5, "the mean over the batch of 2");
        }
    }

    @Test
    void softmaxLossIsCrossEntropyOverTheVocabulary() {
        try (SkipGram model = new SkipGram(4, 2, 5)) {
            try (var off = GradMode.noGrad()) {
                model.context().segment().copyFrom(Tensor.randn(6, 4, 2).segment());
            }
            float[] v = model.centre().toFloatArray();
            float[] u = model.context().toFloatArray();
            Tensor loss = model.softmaxLoss(Tensor.ofInts(new int[] {3, 0}, 2), Tensor.ofInts(new int[] {1, 1}, 2));
            double expected = 0;
            for (int[] pair : new int[][] {{3, 1}, {0, 1}}) {
                double lse = 0;
                for (int w = 0; w < 4; w++) {
                    lse += Math.exp(dot(u, w, v, pair[0], 2));
                }
                expected += Math.log(lse) - dot(u, pair[1], v, pair[0], 2);
            }
            assertEquals(expected / 2, loss.item(), 1e-5, "the mean over the batch of 2");
        }
    }

    @Test
    void lossGradientsMatchFiniteDifferences() {
        try (SkipGram model = new SkipGram(6, 3, 2)) {
            try (var off = GradMode.noGrad()) {
                model.context().segment().copyFrom(Tensor.randn(3, 6, 3).segment());
                model.centre().segment().copyFrom(Tensor.randn(4, 6, 3).segment());
            }
            Tensor centres = Tensor.ofInts(new int[] {1, 5, 1}, 3);
            Tensor contexts = Tensor.ofInts(new int[] {2, 3, 1, 0, 2, 2, 4, 5, 0}, 3, 3);
            GradCheck.check("negative sampling", in -> model.negativeSamplingLoss(centres, contexts), 1e-2, 1e-2,
                    model.centre(), model.context());
            GradCheck.check("softmax", in -> model.softmaxLoss(centres, Tensor.ofInts(new int[] {2, 0, 2}, 3)), 1e-2, 1e-2,
                    model.centre(), model.context());
        }
    }

    @Test
    void negativeSamplerFollowsTheUnigramDistributionToThe075() {
        Vocabulary vocab = Vocabulary.build(List.of("a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a",
                "a", "a", "b", "c", "zz"), 2, 10); // a 16, b c zz below the cut-off -> <unk>
        NegativeSampler only = new NegativeSampler(vocab);
        assertEquals(1, only.probability(1), 1e-12);
        assertEquals(0, only.probability(Vocabulary.UNKNOWN_INDEX), 1e-12);

        Vocabulary two = Vocabulary.build(List.of("a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a",
                "a", "a", "b"), 1, 10); // a 16, b 1: weights 16^.75 = 8 and 1 -> 8/9 and 1/9
        NegativeSampler sampler = new NegativeSampler(two);
        assertEquals(8.0 / 9, sampler.probability(1), 1e-12);
        SplittableRandom r = new SplittableRandom(0);
        int[] seen = new int[3];
        for (int i = 0; i < 90_000; i++) {
            seen[sampler.sample(r)]++;
        }
        assertEquals(0, seen[0]);
        assertEquals(80_000, seen[1], 600);
        assertEquals(10_000, seen[2], 600);
    }

    @Test
    void pairsAndSubsampling() {
        SplittableRandom r = new SplittableRandom(1);
        int[][] pairs = SkipGramTrainer.pairs(List.of(new int[] {1, 2, 3}, new int[] {4}), 1, r);
        // 1-2, 2-1, 2-3, 3-2; the one-word document has none
        List<String> got = new ArrayList<>();
        for (int i = 0; i < pairs[0].length; i++) {
            got.add(pairs[0][i] + "-" + pairs[1][i]);
        }
        got.sort(null);
        assertEquals(List.of("1-2", "2-1", "2-3", "3-2"), got);

        // "x" is half the corpus: with t = 0.005 (f = 0.5) it is kept with probability sqrt(0.01) = 0.1
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            tokens.add("x");
            tokens.add("w" + (i % 100));
        }
        Vocabulary vocab = Vocabulary.build(tokens, 1, 1000);
        int[] ids = vocab.encode(tokens);
        int[] kept = SkipGramTrainer.subsample(List.<int[]>of(ids), vocab, 0.005, r).get(0);
        long x = Arrays.stream(kept).filter(w -> w == vocab.index("x")).count();
        assertEquals(1000, x, 120);
        assertEquals(10_000, kept.length - x, "words with f = 0.005 are all kept");
        assertArrayEquals(ids, SkipGramTrainer.subsample(List.<int[]>of(ids), vocab, 0, r).get(0), "t = 0 keeps everything");
    }

    @Test
    void badShapesAndSettingsAreClearErrors() {
        try (SkipGram model = new SkipGram(5, 3, 1)) {
            assertEquals("SkipGram negative sampling: contexts must be [2, 1 + negatives] with at least one negative, got [2, 1]",
                    assertThrows(IllegalArgumentException.class, () -> model.negativeSamplingLoss(
                            Tensor.ofInts(new int[] {1, 2}, 2), Tensor.ofInts(new int[] {1, 2}, 2, 1))).getMessage());
            assertEquals("SkipGram softmax: contexts must be [2], got [3]",
                    assertThrows(IllegalArgumentException.class, () -> model.softmaxLoss(
                            Tensor.ofInts(new int[] {1, 2}, 2), Tensor.ofInts(new int[] {1, 2, 3}, 3))).getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> model.forward(Tensor.ofInts(new int[] {5}, 1)));
        }
        assertEquals("skip-gram: window must be positive, got 0",
                assertThrows(IllegalArgumentException.class,
                        () -> new SkipGramTrainer.Settings(10, 0, 1, 8, 0.1, 5, 0, 1)).getMessage());
    }

    /** u[row] . v[vRow] for row-major [*, d] matrices. */
    private static double dot(float[] u, int row, float[] v, int vRow, int d) {
        double s = 0;
        for (int k = 0; k < d; k++) {
            s += (double) u[row * d + k] * v[vRow * d + k];
        }
        return s;
    }

    private static double logSigmoid(double x) {
        return -Math.log1p(Math.exp(-x));
    }
}
