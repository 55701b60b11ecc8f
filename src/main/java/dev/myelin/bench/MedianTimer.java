package dev.myelin.bench;

import java.util.Arrays;

/**
 * A plain timer for {@link BenchStep}s where JMH is not available (the runnable jar): runs the step
 * for a warm-up time, then times {@code iterations} iterations of whole steps, each at least
 * {@code iterationSeconds} long, and returns the median time per step.
 */
public final class MedianTimer {
    private MedianTimer() {}

    /** The median over the iterations of seconds per step. */
    public static double secondsPerOp(BenchStep step, double warmupSeconds, int iterations, double iterationSeconds) {
        if (iterations < 1 || warmupSeconds < 0 || iterationSeconds <= 0) {
            throw new IllegalArgumentException("MedianTimer: expected iterations >= 1, warm-up >= 0 s and iteration time > 0 s,"
                    + " got " + iterations + ", " + warmupSeconds + " s, " + iterationSeconds + " s");
        }
        float sink = 0;
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        while (System.nanoTime() < warmupEnd) {
            sink += step.run();
        }
        double[] samples = new double[iterations];
        long minNanos = (long) (iterationSeconds * 1e9);
        for (int i = 0; i < iterations; i++) {
            long calls = 0;
            long start = System.nanoTime();
            long elapsed;
            do {
                sink += step.run();
                calls++;
            } while ((elapsed = System.nanoTime() - start) < minNanos);
            samples[i] = elapsed / 1e9 / calls;
        }
        if (Float.isNaN(sink)) {
            System.err.println("[bench] note: the step returned NaN"); // also keeps the results alive
        }
        return median(samples);
    }

    /** The median (the mean of the middle two for an even count). */
    public static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
