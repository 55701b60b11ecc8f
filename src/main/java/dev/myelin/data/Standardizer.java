package dev.myelin.data;

import dev.myelin.tensor.Shapes;

/**
 * Per-feature standardisation {@code x' = (x - mean) / std}, with mean and (population) std fitted on
 * one dataset, normally the training split, and then applied unchanged to the others so that no
 * statistic leaks from validation or test data. A feature that is constant in the fitting data keeps
 * std 1 (it is only centred), as scikit-learn's StandardScaler does.
 */
public final class Standardizer {
    private final float[] mean;
    private final float[] std;

    private Standardizer(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

    /** Fits mean and std of every feature over all examples of {@code data} (two passes in double). */
    public static Standardizer fit(Dataset data) {
        int n = data.size();
        int f = data.featureSize();
        if (n == 0) {
            throw new IllegalArgumentException("Standardizer.fit: the dataset is empty");
        }
        double[] sum = new double[f];
        float[] row = new float[f];
        for (int i = 0; i < n; i++) {
            data.copyFeatures(i, row, 0);
            for (int j = 0; j < f; j++) {
                sum[j] += row[j];
            }
        }
        double[] squares = new double[f];
        for (int i = 0; i < n; i++) {
            data.copyFeatures(i, row, 0);
            for (int j = 0; j < f; j++) {
                double d = row[j] - sum[j] / n;
                squares[j] += d * d;
            }
        }
        float[] mean = new float[f];
        float[] std = new float[f];
        for (int j = 0; j < f; j++) {
            mean[j] = (float) (sum[j] / n);
            double s = Math.sqrt(squares[j] / n);
            std[j] = s > 0 ? (float) s : 1f;
        }
        return new Standardizer(mean, std);
    }

    public float[] mean() {
        return mean.clone();
    }

    /** The divisors: each feature's std, or 1 where the feature was constant. */
    public float[] std() {
        return std.clone();
    }

    /** Standardises one example's features in place. */
    public void transform(float[] features, int offset) {
        for (int j = 0; j < mean.length; j++) {
            features[offset + j] = (features[offset + j] - mean[j]) / std[j];
        }
    }

    /** A view of {@code data} whose features come out standardised (the labels are unchanged). */
    public Dataset apply(Dataset data) {
        if (data.featureSize() != mean.length) {
            throw new IllegalArgumentException("Standardizer.apply: the dataset has " + data.featureSize() + " features per "
                    + "example (" + Shapes.str(data.featureShape()) + "), but the standardizer was fitted on " + mean.length);
        }
        return new Standardized(data);
    }

    private final class Standardized implements Dataset {
        private final Dataset base;

        Standardized(Dataset base) {
            this.base = base;
        }

        @Override
        public int size() {
            return base.size();
        }

        @Override
        public Example get(int index) {
            Example e = base.get(index);
            float[] x = e.features().clone();
            transform(x, 0);
            return new Example(x, e.label(), e.targets());
        }

        @Override
        public int[] featureShape() {
            return base.featureShape();
        }

        @Override
        public int targetSize() {
            return base.targetSize();
        }

        @Override
        public void copyFeatures(int index, float[] dest, int offset) {
            base.copyFeatures(index, dest, offset);
            transform(dest, offset);
        }

        @Override
        public int label(int index) {
            return base.label(index);
        }

        @Override
        public void copyTargets(int index, float[] dest, int offset) {
            base.copyTargets(index, dest, offset);
        }
    }
}
