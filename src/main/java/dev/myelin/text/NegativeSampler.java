package dev.myelin.text;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws negative words from word2vec's noise distribution {@code P(w) ~ count(w)^0.75} (by binary
 * search in its cumulative distribution); {@link Vocabulary#UNKNOWN} is never drawn.
 */
public final class NegativeSampler {
    /** word2vec's exponent: between the unigram (1) and uniform (0) distributions. */
    public static final double POWER = 0.75;

    private final double[] cumulative;

    public NegativeSampler(Vocabulary vocabulary) {
        cumulative = new double[vocabulary.size()];
        double sum = 0;
        for (int w = 0; w < cumulative.length; w++) {
            sum += w == Vocabulary.UNKNOWN_INDEX ? 0 : Math.pow(vocabulary.count(w), POWER);
            cumulative[w] = sum;
        }
        if (sum == 0) {
            throw new IllegalArgumentException("negative sampling: the vocabulary has no known words to sample");
        }
    }

    /** One word index from the noise distribution. */
    public int sample(SplittableRandom random) {
        double r = random.nextDouble() * cumulative[cumulative.length - 1];
        int i = Arrays.binarySearch(cumulative, r);
        i = i >= 0 ? i + 1 : -i - 1; // the first index whose cumulative weight exceeds r
        return Math.min(i, cumulative.length - 1);
    }

    /** The probability of drawing word {@code w}. */
    public double probability(int w) {
        double total = cumulative[cumulative.length - 1];
        return (cumulative[w] - (w == 0 ? 0 : cumulative[w - 1])) / total;
    }
}
