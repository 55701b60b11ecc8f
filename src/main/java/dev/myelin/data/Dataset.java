package dev.myelin.data;

import dev.myelin.tensor.Shapes;

/**
 * A finite, indexable collection of examples with one feature shape. Examples either all carry an
 * int class label ({@link #targetSize()} == 0) or all a float target vector of the same length.
 *
 * <p>A {@link DataLoader} reads datasets from its worker thread, so {@link #get} and the copy
 * methods must be safe to call from another thread (the in-memory datasets here are immutable).
 */
public interface Dataset {
    int size();

    Example get(int index);

    /** The shape of one example's features, e.g. {@code [1, 28, 28]} or {@code [4]}. */
    int[] featureShape();

    /** 0 when examples carry an int class label, otherwise the length of their float target vector. */
    int targetSize();

    /** Number of floats in one example's features (the product of {@link #featureShape()}). */
    default int featureSize() {
        return Math.toIntExact(Shapes.numel(featureShape()));
    }

    default boolean hasLabels() {
        return targetSize() == 0;
    }

    /** Copies example {@code index}'s features into {@code dest} at {@code offset}; loaders fill batches with it. */
    default void copyFeatures(int index, float[] dest, int offset) {
        float[] f = get(index).features();
        if (f.length != featureSize()) {
            throw new IllegalStateException("dataset: example " + index + " has " + f.length + " features, the feature shape "
                    + Shapes.str(featureShape()) + " needs " + featureSize());
        }
        System.arraycopy(f, 0, dest, offset, f.length);
    }

    /** The class label of example {@code index} (for datasets with {@link #hasLabels()}). */
    default int label(int index) {
        return get(index).label();
    }

    /** Copies example {@code index}'s float targets into {@code dest} at {@code offset}. */
    default void copyTargets(int index, float[] dest, int offset) {
        float[] t = get(index).targets();
        if (t == null || t.length != targetSize()) {
            throw new IllegalStateException("dataset: example " + index + " has " + (t == null ? "a class label" : t.length + " targets")
                    + ", expected " + targetSize() + " float targets");
        }
        System.arraycopy(t, 0, dest, offset, t.length);
    }
}
