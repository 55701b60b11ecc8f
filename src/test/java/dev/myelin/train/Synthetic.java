package dev.myelin.train;

import dev.myelin.data.ArrayDataset;
import dev.myelin.data.DataLoader;
import dev.myelin.nn.Linear;
import dev.myelin.nn.ReLU;
import dev.myelin.nn.Sequential;
import java.util.SplittableRandom;

/** Small seeded problems for the trainer tests. */
final class Synthetic {
    private Synthetic() {}

    /** Four Gaussian blobs in the plane, centred at (±2, ±2), std 0.7; label = quadrant, shifted by {@code labelShift} mod 4. */
    static ArrayDataset blobs(int n, long seed, int labelShift) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(4);
            x[2 * i] = (float) ((c % 2 == 0 ? -2 : 2) + 0.7 * r.nextGaussian());
            x[2 * i + 1] = (float) ((c / 2 == 0 ? -2 : 2) + 0.7 * r.nextGaussian());
            y[i] = (c + labelShift) % 4;
        }
        return ArrayDataset.classification(x, new int[] {2}, y);
    }

    /** t = 3 x0 - 2 x1 + 0.5 plus noise of std 0.05. */
    static ArrayDataset line(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[2 * n];
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = (float) r.nextGaussian();
            x[2 * i + 1] = (float) r.nextGaussian();
            t[i] = (float) (3 * x[2 * i] - 2 * x[2 * i + 1] + 0.5 + 0.05 * r.nextGaussian());
        }
        return ArrayDataset.regression(x, new int[] {2}, t, 1);
    }

    static Sequential mlp(long seed) {
        return new Sequential(new Linear(2, 16, true, seed), new ReLU(), new Linear(16, 4, true, seed + 1));
    }

    static DataLoader loader(ArrayDataset data, int batch, boolean shuffle) {
        return DataLoader.builder(data, batch).shuffle(shuffle).seed(5).prefetch(0).build();
    }
}
