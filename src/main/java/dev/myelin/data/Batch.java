package dev.myelin.data;

import dev.myelin.tensor.Tensor;

/**
 * One mini-batch, held as plain Java arrays so a loader's worker thread can build it without touching
 * native memory. {@link #features()}, {@link #labels()} and {@link #targets()} create tensors in the
 * <em>caller's</em> current {@link dev.myelin.memory.Scope} (open a step scope first); each call makes
 * a new tensor. The last batch of an epoch may hold fewer than the batch size: see {@link #size()}.
 */
public final class Batch {
    private final int epoch;
    private final int index;
    private final int[] exampleIndices;
    private final float[] features;
    private final int[] featureShape;
    private final int[] labels;
    private final float[] targets;
    private final int targetSize;

    Batch(int epoch, int index, int[] exampleIndices, float[] features, int[] featureShape, int[] labels, float[] targets,
            int targetSize) {
        this.epoch = epoch;
        this.index = index;
        this.exampleIndices = exampleIndices;
        this.features = features;
        this.featureShape = featureShape;
        this.labels = labels;
        this.targets = targets;
        this.targetSize = targetSize;
    }

    /** Number of examples in this batch. */
    public int size() {
        return exampleIndices.length;
    }

    public int epoch() {
        return epoch;
    }

    /** Position of this batch in its epoch, from 0. */
    public int index() {
        return index;
    }

    /** The dataset indices of the examples, in batch order. */
    public int[] exampleIndices() {
        return exampleIndices.clone();
    }

    public boolean hasLabels() {
        return labels != null;
    }

    /** Features as a float32 tensor {@code [size, featureShape...]} in the current scope. */
    public Tensor features() {
        int[] shape = new int[featureShape.length + 1];
        shape[0] = size();
        System.arraycopy(featureShape, 0, shape, 1, featureShape.length);
        return Tensor.of(features, shape);
    }

    /** Class labels as an int32 tensor {@code [size]} in the current scope (what cross-entropy takes). */
    public Tensor labels() {
        return Tensor.ofInts(labelArray(), size());
    }

    /** Float targets as a tensor {@code [size, targetSize]} in the current scope. */
    public Tensor targets() {
        return Tensor.of(targetArray(), size(), targetSize);
    }

    /** The features, flat and example-major (the batch's own array: do not change it). */
    public float[] featureArray() {
        return features;
    }

    /** The class labels (the batch's own array). */
    public int[] labelArray() {
        if (labels == null) {
            throw new IllegalStateException("Batch: the dataset has " + targetSize + " float targets per example, not class "
                    + "labels; use targets()");
        }
        return labels;
    }

    /** The float targets, flat and example-major (the batch's own array). */
    public float[] targetArray() {
        if (targets == null) {
            throw new IllegalStateException("Batch: the dataset has class labels, not float targets; use labels()");
        }
        return targets;
    }

    @Override
    public String toString() {
        return "Batch(epoch " + epoch + ", index " + index + ", " + size() + " examples)";
    }
}
