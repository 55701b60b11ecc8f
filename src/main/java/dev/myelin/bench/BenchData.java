package dev.myelin.bench;

import dev.myelin.tensor.Tensor;
import java.util.SplittableRandom;

/** Inputs the workloads share: class labels uniform in [0, 10), as WORKLOADS.md specifies. */
final class BenchData {
    private BenchData() {}

    /** {@code n} seeded int32 class labels in [0, 10). */
    static Tensor labels(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(10);
        }
        return Tensor.ofInts(y, n);
    }
}
