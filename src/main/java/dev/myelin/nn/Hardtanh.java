package dev.myelin.nn;

import dev.myelin.nn.functional.Activations;
import dev.myelin.tensor.Tensor;

/** {@code x} clamped to {@code [min, max]} (default [-1, 1]). */
public final class Hardtanh extends Activation {
    private final float min;
    private final float max;

    public Hardtanh() {
        this(-1f, 1f);
    }

    public Hardtanh(float min, float max) {
        this.min = min;
        this.max = max;
    }

    @Override
    protected Tensor apply(Tensor x) {
        return Activations.hardtanh(x, min, max);
    }

    @Override
    protected String extraRepr() {
        return "min_val=" + min + ", max_val=" + max;
    }
}
