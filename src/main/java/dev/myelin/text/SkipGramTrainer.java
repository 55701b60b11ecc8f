package dev.myelin.text;

import dev.myelin.memory.Scope;
import dev.myelin.optim.Adam;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a {@link SkipGram} model on a corpus with the library's {@link Adam} on mini-batches and
 * word2vec's linearly decaying learning rate {@code lr_t = lr * max(1e-4, 1 - t / T)} over all T steps.
 * (Plain SGD on large batches, with word2vec's rate, collapses every vector onto one direction: a
 * frequent word's row receives the sum of dozens of stale per-pair steps at once. Adam's per-weight
 * scaling keeps those steps in bounds; word2vec itself avoids the problem by updating per pair.)
 * Each epoch subsamples frequent words (if enabled), forms every (centre, context) pair at most
 * {@code window} positions apart within a document, shuffles the pairs and visits them in batches.
 */
public final class SkipGramTrainer {
    /**
     * How to train.
     *
     * @param dim         embedding size D
     * @param window      context words taken on each side of the centre
     * @param epochs      passes over the corpus
     * @param batchSize   pairs per optimizer step
     * @param lr          initial learning rate of Adam (0.005 suits batches of about 1,000 pairs)
     * @param negatives   negative samples per pair, K; 0 trains with the full softmax instead
     * @param subsample   threshold t of frequent-word subsampling: a word of relative frequency f
     *                    is kept with probability min(1, sqrt(t / f)); 0 keeps every word
     * @param seed        seed for initial vectors, subsampling, shuffling and negatives
     */
    public record Settings(int dim, int window, int epochs, int batchSize, double lr, int negatives, double subsample,
                           long seed) {
        public Settings {
            positive("dim", dim);
            positive("window", window);
            positive("epochs", epochs);
            positive("batch size", batchSize);
            if (!(lr > 0) || negatives < 0 || !(subsample >= 0)) {
                throw new IllegalArgumentException("skip-gram: need lr > 0, negatives >= 0 and subsample >= 0, got lr="
                        + lr + ", negatives=" + negatives + ", subsample=" + subsample);
            }
        }

        private static void positive(String what, int v) {
            if (v < 1) {
                throw new IllegalArgumentException("skip-gram: " + what + " must be positive, got " + v);
            }
        }

        public boolean fullSoftmax() {
            return negatives == 0;
        }
    }

    /** Called after every epoch with the mean loss per pair over that epoch. */
    @FunctionalInterface
    public interface Progress {
        void epoch(int epoch, double meanLoss, long pairs, double seconds);
    }

    /** The trained model (the caller closes it) and each epoch's mean loss per pair. */
    public record Result(SkipGram model, double[] epochLosses) {}

    private SkipGramTrainer() {}

    /** Trains on {@code documents} (vocabulary indices of {@code vocabulary}). */
    public static Result train(List<int[]> documents, Vocabulary vocabulary, Settings s, Progress progress) {
        SplittableRandom random = new SplittableRandom(s.seed());
        NegativeSampler sampler = s.fullSoftmax() ? null : new NegativeSampler(vocabulary);
        SkipGram model = new SkipGram(vocabulary.size(), s.dim(), random.nextLong());
        double[] losses = new double[s.epochs()];
        try (Adam adam = new Adam(model.parameters(), s.lr())) {
            train(documents, vocabulary, s, progress, model, adam, sampler, random, losses);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return new Result(model, losses);
    }

    private static void train(List<int[]> documents, Vocabulary vocabulary, Settings s, Progress progress, SkipGram model,
                              Adam adam, NegativeSampler sampler, SplittableRandom random, double[] losses) {
        long totalSteps = -1;
        long step = 0;
        for (int epoch = 0; epoch < s.epochs(); epoch++) {
            long start = System.nanoTime();
            int[][] pairs = pairs(subsample(documents, vocabulary, s.subsample(), random), s.window(), random);
            int n = pairs[0].length;
            if (n == 0) {
                throw new IllegalArgumentException("skip-gram: the corpus has no pair of known words within "
                        + s.window() + " positions of each other");
            }
            int steps = (n + s.batchSize() - 1) / s.batchSize();
            totalSteps = totalSteps < 0 ? (long) steps * s.epochs() : totalSteps; // later epochs differ a little
            double sum = 0;
            for (int b = 0; b < steps; b++, step++) {
                adam.setLr(s.lr() * Math.max(1e-4, 1 - (double) step / totalSteps));
                int from = b * s.batchSize();
                int to = Math.min(n, from + s.batchSize());
                sum += step(model, adam, pairs, from, to, sampler, s.negatives(), random);
            }
            losses[epoch] = sum / n;
            if (!Double.isFinite(losses[epoch])) {
                throw new IllegalStateException("skip-gram: the loss diverged to " + losses[epoch] + " in epoch "
                        + (epoch + 1) + "; lower the learning rate " + s.lr());
            }
            if (progress != null) {
                progress.epoch(epoch + 1, losses[epoch], n, (System.nanoTime() - start) / 1e9);
            }
        }
    }

    /** One optimizer step on pairs [from, to); returns the summed loss of those pairs. */
    private static double step(SkipGram model, Adam adam, int[][] pairs, int from, int to, NegativeSampler sampler,
                               int negatives, SplittableRandom random) {
        int batch = to - from;
        long[] centres = longs(pairs[0], from, to); // int64 indices: Indexing reads them without conversion
        try (Scope scope = Scope.open("skip-gram step")) {
            Tensor loss;
            if (sampler == null) {
                loss = model.softmaxLoss(Tensor.ofLongs(centres, batch), Tensor.ofLongs(longs(pairs[1], from, to), batch));
            } else {
                int columns = 1 + negatives;
                long[] contexts = new long[batch * columns];
                for (int i = 0; i < batch; i++) {
                    int positive = pairs[1][from + i];
                    contexts[i * columns] = positive;
                    for (int k = 1; k < columns; k++) {
                        int noise;
                        do {
                            noise = sampler.sample(random);
                        } while (noise == positive && sampler.probability(positive) < 1);
                        contexts[i * columns + k] = noise;
                    }
                }
                loss = model.negativeSamplingLoss(Tensor.ofLongs(centres, batch), Tensor.ofLongs(contexts, batch, columns));
            }
            adam.zeroGrad();
            loss.backward();
            adam.step();
            return loss.item() * batch;
        }
    }

    private static long[] longs(int[] values, int from, int to) {
        long[] out = new long[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = values[i];
        }
        return out;
    }

    /**
     * Each document with frequent words dropped at random: word w of relative frequency f is kept
     * with probability min(1, sqrt(t / f)) (Mikolov et al. 2013). Unknown words are dropped too.
     */
    static List<int[]> subsample(List<int[]> documents, Vocabulary vocabulary, double t, SplittableRandom random) {
        long total = 0;
        for (long c : vocabulary.counts()) {
            total += c;
        }
        double[] keep = new double[vocabulary.size()];
        for (int w = 0; w < keep.length; w++) {
            double f = (double) vocabulary.count(w) / Math.max(1, total);
            keep[w] = w == Vocabulary.UNKNOWN_INDEX ? 0 : t == 0 || f == 0 ? 1 : Math.min(1, Math.sqrt(t / f));
        }
        List<int[]> out = new ArrayList<>(documents.size());
        for (int[] doc : documents) {
            out.add(java.util.Arrays.stream(doc).filter(w -> keep[w] >= 1 || random.nextDouble() < keep[w]).toArray());
        }
        return out;
    }

    /** Every (centre, context) pair at most {@code window} apart, shuffled: {centres[], contexts[]}. */
    static int[][] pairs(List<int[]> documents, int window, SplittableRandom random) {
        long count = 0;
        for (int[] doc : documents) {
            for (int i = 0; i < doc.length; i++) {
                count += Math.min(doc.length - 1, i + window) - Math.max(0, i - window);
            }
        }
        int[] centres = new int[Math.toIntExact(count)];
        int[] contexts = new int[centres.length];
        int at = 0;
        for (int[] doc : documents) {
            for (int i = 0; i < doc.length; i++) {
                for (int j = Math.max(0, i - window), end = Math.min(doc.length - 1, i + window); j <= end; j++) {
                    if (j != i) {
                        centres[at] = doc[i];
                        contexts[at++] = doc[j];
                    }
                }
            }
        }
        for (int i = centres.length - 1; i > 0; i--) { // Fisher-Yates, both arrays alike
            int j = random.nextInt(i + 1);
            int c = centres[i];
            centres[i] = centres[j];
            centres[j] = c;
            c = contexts[i];
            contexts[i] = contexts[j];
            contexts[j] = c;
        }
        return new int[][] {centres, contexts};
    }
}
