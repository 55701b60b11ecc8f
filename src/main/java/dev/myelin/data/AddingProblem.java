package dev.myelin.data;

import dev.myelin.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * The adding problem (Hochreiter and Schmidhuber, 1997), a test of long-range memory: each step of a
 * sequence is a pair (value drawn from U(0, 1), marker 0 or 1); exactly two steps are marked, and
 * the target is the sum of their two values. Predicting the mean, 1, scores a mean squared error of
 * {@link #CONSTANT_GUESS_MSE} (the variance of a sum of two U(0, 1) values); a model must carry the
 * marked values across up to the whole sequence to do better.
 *
 * <p>Batches are time-first, {@code inputs [T, N, 2]} with feature 0 the value and 1 the marker,
 * {@code targets [N, 1]}, and are reproducible for a given seed.
 */
public final class AddingProblem {
    /** The mean squared error of always answering 1: Var(U1 + U2) = 2 / 12. */
    public static final double CONSTANT_GUESS_MSE = 1.0 / 6;

    /** Inputs {@code [T, N, 2]} and targets {@code [N, 1]}. */
    public record Batch(Tensor inputs, Tensor targets) {}

    private final int length;
    private final SplittableRandom random;

    /** Sequences of {@code length} >= 2 steps, drawn from a generator seeded with {@code seed}. */
    public AddingProblem(int length, long seed) {
        if (length < 2) {
            throw new IllegalArgumentException("AddingProblem: sequence length must be at least 2 (two marked steps), got "
                    + length);
        }
        this.length = length;
        this.random = new SplittableRandom(seed);
    }

    public int length() {
        return length;
    }

    /** The next {@code size} sequences. */
    public Batch next(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("AddingProblem: batch size must be positive, got " + size);
        }
        float[] x = new float[length * size * 2];
        float[] y = new float[size];
        for (int n = 0; n < size; n++) {
            int first = random.nextInt(length);
            int second = random.nextInt(length - 1);
            second += second >= first ? 1 : 0; // two distinct steps
            for (int t = 0; t < length; t++) {
                int at = (t * size + n) * 2;
                x[at] = (float) random.nextDouble();
                if (t == first || t == second) {
                    x[at + 1] = 1f;
                    y[n] += x[at];
                }
            }
        }
        return new Batch(Tensor.of(x, length, size, 2), Tensor.of(y, size, 1));
    }
}
