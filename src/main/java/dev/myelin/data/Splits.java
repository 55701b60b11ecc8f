package dev.myelin.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Random, reproducible partitions of a dataset into disjoint subsets. */
public final class Splits {
    private Splits() {}

    /** Three disjoint parts of one dataset. */
    public record TrainValidationTest(Subset train, Subset validation, Subset test) {}

    /**
     * Shuffles the examples with {@code seed} and cuts them into parts of the given fractions (which
     * must sum to 1). Part i gets floor(fraction_i * n) examples; the few left over go one each to
     * the first parts, as PyTorch's {@code random_split} does. Every example lands in exactly one part.
     */
    public static List<Subset> randomSplit(Dataset dataset, double[] fractions, long seed) {
        int n = dataset.size();
        int[] sizes = sizes(fractions, n);
        int[] order = Seeds.permutation(n, new SplittableRandom(seed));
        List<Subset> parts = new ArrayList<>(sizes.length);
        int from = 0;
        for (int size : sizes) {
            parts.add(new Subset(dataset, Arrays.copyOfRange(order, from, from + size)));
            from += size;
        }
        return parts;
    }

    /** {@link #randomSplit} into train, validation and test parts; {@code fractions} has three entries, e.g. {0.8, 0.1, 0.1}. */
    public static TrainValidationTest trainValidationTest(Dataset dataset, double[] fractions, long seed) {
        if (fractions.length != 3) {
            throw new IllegalArgumentException("trainValidationTest: expected 3 fractions (train, validation, test), got "
                    + Arrays.toString(fractions));
        }
        List<Subset> p = randomSplit(dataset, fractions, seed);
        return new TrainValidationTest(p.get(0), p.get(1), p.get(2));
    }

    static int[] sizes(double[] fractions, int n) {
        double sum = 0;
        for (double f : fractions) {
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException("randomSplit: fractions must lie in [0, 1], got " + Arrays.toString(fractions));
            }
            sum += f;
        }
        if (fractions.length == 0 || Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("randomSplit: fractions " + Arrays.toString(fractions) + " sum to " + sum
                    + ", expected 1");
        }
        int[] sizes = new int[fractions.length];
        int assigned = 0;
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = (int) Math.floor(fractions[i] * n);
            assigned += sizes[i];
        }
        for (int i = sizes.length - 1; assigned > n; i = (i + sizes.length - 1) % sizes.length) {
            if (sizes[i] > 0) { // fractions summing to 1 + 1e-7 can overshoot by one on huge datasets
                sizes[i]--;
                assigned--;
            }
        }
        for (int i = 0; assigned < n; i = (i + 1) % sizes.length) {
            sizes[i]++;
            assigned++;
        }
        return sizes;
    }
}
