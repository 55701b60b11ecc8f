package dev.myelin.tensor;

import java.lang.foreign.ValueLayout;

/** Element types: float32 for values, int32/int64 for indices. */
public enum DType {
    FLOAT32(ValueLayout.JAVA_FLOAT),
    INT32(ValueLayout.JAVA_INT),
    INT64(ValueLayout.JAVA_LONG);

    private final ValueLayout layout;

    DType(ValueLayout layout) {
        this.layout = layout;
    }

    public int byteSize() {
        return (int) layout.byteSize();
    }

    public ValueLayout layout() {
        return layout;
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
