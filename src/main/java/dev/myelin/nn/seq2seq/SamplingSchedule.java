package dev.myelin.nn.seq2seq;

import java.util.Locale;
import java.util.function.LongToDoubleFunction;

/**
 * Scheduled sampling (Bengio et al. 2015): at training step i each decoder input is the ground-truth
 * previous token with probability eps_i, and the model's own previous prediction otherwise. eps_i
 * decays from (nearly) 1, moving training from teacher forcing towards the conditions of inference:
 * <pre>
 * linear:           eps_i = max(min, k - c i)
 * exponential:      eps_i = k^i                 (0 < k < 1)
 * inverse sigmoid:  eps_i = k / (k + exp(i / k)) (k >= 1)
 * </pre>
 */
public final class SamplingSchedule {
    private final String description;
    private final LongToDoubleFunction teacherForcing;

    private SamplingSchedule(String description, LongToDoubleFunction teacherForcing) {
        this.description = description;
        this.teacherForcing = teacherForcing;
    }

    /** Always the ground truth: plain teacher forcing. */
    public static SamplingSchedule teacherForcingOnly() {
        return new SamplingSchedule("teacher forcing", i -> 1);
    }

    /** {@code eps_i = max(min, k - c i)}. */
    public static SamplingSchedule linear(double k, double c, double min) {
        check(k >= 0 && k <= 1 && c >= 0 && min >= 0 && min <= 1, "linear", "need 0 <= k <= 1, c >= 0, 0 <= min <= 1",
                "k=" + k + ", c=" + c + ", min=" + min);
        return new SamplingSchedule(String.format(Locale.ROOT, "linear(k=%g, c=%g, min=%g)", k, c, min),
                i -> Math.max(min, k - c * i));
    }

    /** {@code eps_i = k^i}. */
    public static SamplingSchedule exponential(double k) {
        check(k > 0 && k < 1, "exponential", "need 0 < k < 1", "k=" + k);
        return new SamplingSchedule(String.format(Locale.ROOT, "exponential(k=%g)", k), i -> Math.pow(k, i));
    }

    /** {@code eps_i = k / (k + exp(i / k))}. */
    public static SamplingSchedule inverseSigmoid(double k) {
        check(k >= 1, "inverse sigmoid", "need k >= 1", "k=" + k);
        return new SamplingSchedule(String.format(Locale.ROOT, "inverse-sigmoid(k=%g)", k), i -> k / (k + Math.exp(i / k)));
    }

    private static void check(boolean ok, String kind, String rule, String got) {
        if (!ok) {
            throw new IllegalArgumentException("SamplingSchedule." + kind + ": " + rule + ", got " + got);
        }
    }

    /** eps_i: the probability of feeding the ground truth at training step {@code step} (from 0). */
    public double teacherForcing(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("SamplingSchedule: step must be >= 0, got " + step);
        }
        return teacherForcing.applyAsDouble(step);
    }

    /** 1 - eps_i: the probability of feeding the model's own previous prediction. */
    public double samplingProbability(long step) {
        return 1 - teacherForcing(step);
    }

    @Override
    public String toString() {
        return description;
    }
}
