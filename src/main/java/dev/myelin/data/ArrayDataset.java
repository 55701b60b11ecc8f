package dev.myelin.data;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;

/**
 * An in-memory dataset over Java arrays: features stored flat (example-major, {@code size * featureSize}
 * floats) with int class labels or float targets. It is immutable, so a loader's worker thread can
 * read it while the training thread runs. The factories taking flat arrays keep them without copying
 * (do not change them afterwards); {@link #fromTensors} copies tensor data out of native memory so the
 * dataset does not depend on any {@link dev.myelin.memory.Scope}.
 */
public final class ArrayDataset implements Dataset {
    private final float[] features;
    private final int[] featureShape;
    private final int featureSize;
    private final int[] labels;
    private final float[] targets;
    private final int targetSize;
    private final int size;

    private ArrayDataset(String op, float[] features, int[] featureShape, int[] labels, float[] targets, int targetSize) {
        Shapes.checkShape(op, featureShape);
        this.featureShape = featureShape.clone();
        this.featureSize = Math.toIntExact(Shapes.numel(featureShape));
        this.size = labels != null ? labels.length : targetSize == 0 ? 0 : targets.length / targetSize;
        if (targets != null && targets.length != (long) size * targetSize) {
            throw new IllegalArgumentException(op + ": " + targets.length + " target values are not a multiple of "
                    + targetSize + " targets per example");
        }
        if (features.length != (long) size * featureSize) {
            throw new IllegalArgumentException(op + ": " + features.length + " feature values do not fill " + size
                    + " examples of shape " + Shapes.str(featureShape) + " (" + (long) size * featureSize + " values)");
        }
        if (labels != null) {
            for (int i = 0; i < labels.length; i++) {
                DataChecks.label(op, labels[i], i);
            }
        }
        this.features = features;
        this.labels = labels;
        this.targets = targets;
        this.targetSize = targetSize;
    }

    /** Examples with class labels; {@code features} holds {@code labels.length} examples of {@code featureShape}, flat. */
    public static ArrayDataset classification(float[] features, int[] featureShape, int[] labels) {
        return new ArrayDataset("ArrayDataset.classification", features, featureShape, labels, null, 0);
    }

    /** Examples with {@code targetSize} float targets each; both arrays flat and example-major. */
    public static ArrayDataset regression(float[] features, int[] featureShape, float[] targets, int targetSize) {
        DataChecks.positive("ArrayDataset.regression", "targetSize", targetSize);
        return new ArrayDataset("ArrayDataset.regression", features, featureShape, null, targets, targetSize);
    }

    /** One row of features per example, with class labels (rows are copied). */
    public static ArrayDataset of(float[][] rows, int[] labels) {
        String op = "ArrayDataset.of";
        if (rows.length != labels.length) {
            throw new IllegalArgumentException(op + ": " + rows.length + " feature rows but " + labels.length + " labels");
        }
        return classification(flatten(op, rows), new int[] {rowLength(op, rows)}, labels.clone());
    }

    /** One row of features and one row of float targets per example (rows are copied). */
    public static ArrayDataset of(float[][] rows, float[][] targets) {
        String op = "ArrayDataset.of";
        if (rows.length != targets.length) {
            throw new IllegalArgumentException(op + ": " + rows.length + " feature rows but " + targets.length + " target rows");
        }
        return regression(flatten(op, rows), new int[] {rowLength(op, rows)}, flatten(op, targets), rowLength(op, targets));
    }

    private static int rowLength(String op, float[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException(op + ": no rows, so the row length is unknown; for an empty dataset use "
                    + "classification(features, featureShape, labels)");
        }
        return rows[0].length;
    }

    private static float[] flatten(String op, float[][] rows) {
        int width = rowLength(op, rows);
        float[] flat = new float[Math.multiplyExact(rows.length, width)];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != width) {
                throw new IllegalArgumentException(op + ": row " + i + " has " + rows[i].length + " values, expected "
                        + width + " (as row 0)");
            }
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return flat;
    }

    /**
     * Copies a float32 tensor of features {@code [N, ...]} and a target tensor into Java arrays: int32/int64
     * {@code [N]} become class labels, float32 {@code [N]} or {@code [N, k]} float targets.
     */
    public static ArrayDataset fromTensors(Tensor features, Tensor targets) {
        String op = "ArrayDataset.fromTensors";
        if (features.dtype() != DType.FLOAT32 || features.dim() < 1) {
            throw new IllegalArgumentException(op + ": features must be a float32 tensor [N, ...], got " + features.dtype()
                    + " " + Shapes.str(features.shape()));
        }
        int n = features.size(0);
        if (targets.dim() < 1 || targets.size(0) != n) {
            throw new IllegalArgumentException(op + ": features " + Shapes.str(features.shape()) + " have " + n
                    + " examples but targets " + Shapes.str(targets.shape()) + " do not start with " + n);
        }
        int[] shape = Arrays.copyOfRange(features.shape(), 1, features.dim());
        float[] x = features.detach().toFloatArray();
        return switch (targets.dtype()) {
            case INT32, INT64 -> {
                if (targets.dim() != 1) {
                    throw new IllegalArgumentException(op + ": class labels must be [N], got " + Shapes.str(targets.shape()));
                }
                yield classification(x, shape, toInts(op, targets));
            }
            case FLOAT32 -> {
                if (targets.dim() > 2) {
                    throw new IllegalArgumentException(op + ": float targets must be [N] or [N, k], got "
                            + Shapes.str(targets.shape()));
                }
                yield regression(x, shape, targets.detach().toFloatArray(), targets.dim() == 1 ? 1 : targets.size(1));
            }
        };
    }

    private static int[] toInts(String op, Tensor labels) {
        if (labels.dtype() == DType.INT32) {
            return labels.toIntArray();
        }
        long[] wide = labels.toLongArray();
        int[] out = new int[wide.length];
        for (int i = 0; i < wide.length; i++) {
            if (wide[i] != (int) wide[i]) {
                throw new IllegalArgumentException(op + ": label " + wide[i] + " at index " + i + " does not fit an int");
            }
            out[i] = (int) wide[i];
        }
        return out;
    }

    /** The same examples with features seen in another shape of the same size, e.g. {@code [1, 28, 28]} as {@code [784]}. */
    public ArrayDataset withFeatureShape(int... shape) {
        int[] s = Shapes.inferShape("ArrayDataset.withFeatureShape", featureShape, shape);
        return new ArrayDataset("ArrayDataset.withFeatureShape", features, s, labels, targets, targetSize);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int[] featureShape() {
        return featureShape.clone();
    }

    @Override
    public int featureSize() {
        return featureSize;
    }

    @Override
    public int targetSize() {
        return targetSize;
    }

    @Override
    public Example get(int index) {
        DataChecks.index("ArrayDataset", index, size);
        float[] x = Arrays.copyOfRange(features, index * featureSize, (index + 1) * featureSize);
        return labels != null ? Example.classified(x, labels[index])
                : Example.withTargets(x, Arrays.copyOfRange(targets, index * targetSize, (index + 1) * targetSize));
    }

    @Override
    public void copyFeatures(int index, float[] dest, int offset) {
        DataChecks.index("ArrayDataset", index, size);
        System.arraycopy(features, index * featureSize, dest, offset, featureSize);
    }

    @Override
    public int label(int index) {
        DataChecks.index("ArrayDataset", index, size);
        if (labels == null) {
            throw new IllegalStateException("ArrayDataset: examples have " + targetSize + " float targets, not class labels");
        }
        return labels[index];
    }

    @Override
    public void copyTargets(int index, float[] dest, int offset) {
        DataChecks.index("ArrayDataset", index, size);
        if (targets == null) {
            throw new IllegalStateException("ArrayDataset: examples have class labels, not float targets");
        }
        System.arraycopy(targets, index * targetSize, dest, offset, targetSize);
    }

    @Override
    public String toString() {
        return "ArrayDataset(" + size + " examples of " + Shapes.str(featureShape) + ", "
                + (labels != null ? "class labels" : targetSize + " targets") + ")";
    }
}
