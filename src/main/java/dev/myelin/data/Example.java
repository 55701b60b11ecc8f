package dev.myelin.data;

/**
 * One example of a {@link Dataset}: its features (row-major, in the dataset's feature shape) and
 * either an int class label or a vector of float targets (then {@code label} is {@link #NO_LABEL}).
 */
public record Example(float[] features, int label, float[] targets) {
    public static final int NO_LABEL = -1;

    public Example {
        if (features == null) {
            throw new IllegalArgumentException("Example: features are null");
        }
        if ((targets == null) == (label < 0)) {
            throw new IllegalArgumentException("Example: needs either a class label >= 0 or float targets, got label "
                    + label + " and " + (targets == null ? "no targets" : targets.length + " targets"));
        }
    }

    public static Example classified(float[] features, int label) {
        return new Example(features, label, null);
    }

    public static Example withTargets(float[] features, float[] targets) {
        return new Example(features, NO_LABEL, targets);
    }

    /** True for a classification example (an int label), false for float targets. */
    public boolean hasLabel() {
        return targets == null;
    }
}
