package dev.myelin.data;

/** The examples of another dataset at the given indices, in that order (a view: nothing is copied). */
public final class Subset implements Dataset {
    private final Dataset base;
    private final int[] indices;

    public Subset(Dataset base, int[] indices) {
        for (int i : indices) {
            DataChecks.index("Subset", i, base.size());
        }
        this.base = base;
        this.indices = indices.clone();
    }

    /** Examples {@code from} (inclusive) to {@code to} (exclusive) of {@code base}. */
    public static Subset range(Dataset base, int from, int to) {
        if (from < 0 || to < from || to > base.size()) {
            throw new IndexOutOfBoundsException("Subset.range: [" + from + ", " + to + ") is not within [0, "
                    + base.size() + ")");
        }
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return new Subset(base, idx);
    }

    public Dataset base() {
        return base;
    }

    /** Which examples of the base dataset this subset holds. */
    public int[] indices() {
        return indices.clone();
    }

    private int at(int index) {
        return indices[DataChecks.index("Subset", index, indices.length)];
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public Example get(int index) {
        return base.get(at(index));
    }

    @Override
    public int[] featureShape() {
        return base.featureShape();
    }

    @Override
    public int featureSize() {
        return base.featureSize();
    }

    @Override
    public int targetSize() {
        return base.targetSize();
    }

    @Override
    public void copyFeatures(int index, float[] dest, int offset) {
        base.copyFeatures(at(index), dest, offset);
    }

    @Override
    public int label(int index) {
        return base.label(at(index));
    }

    @Override
    public void copyTargets(int index, float[] dest, int offset) {
        base.copyTargets(at(index), dest, offset);
    }

    @Override
    public String toString() {
        return "Subset(" + indices.length + " of " + base + ")";
    }
}
