package dev.myelin.data;

import dev.myelin.tensor.Tensor;

/** One-hot encoding of class labels: row i has a 1 in column labels[i] and 0 elsewhere. */
public final class OneHot {
    private OneHot() {}

    /** A flat, row-major {@code [labels.length, classes]} array. */
    public static float[] encode(int[] labels, int classes) {
        DataChecks.positive("one_hot", "the number of classes", classes);
        float[] out = new float[Math.multiplyExact(labels.length, classes)];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("one_hot: label " + labels[i] + " at index " + i + " out of range [0, "
                        + classes + ")");
            }
            out[i * classes + labels[i]] = 1f;
        }
        return out;
    }

    /** The encoding as a float32 tensor {@code [labels.length, classes]} in the current scope. */
    public static Tensor tensor(int[] labels, int classes) {
        return Tensor.of(encode(labels, classes), labels.length, classes);
    }
}
