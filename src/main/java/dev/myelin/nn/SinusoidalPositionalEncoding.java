package dev.myelin.nn;

import dev.myelin.memory.Scope;
import dev.myelin.tensor.Tensor;

/**
 * The fixed encoding of "Attention Is All You Need": {@code PE(pos, 2i) = sin(pos / 10000^(2i/d))},
 * {@code PE(pos, 2i+1) = cos(pos / 10000^(2i/d))}, added to the input (see {@link PositionalEncoding}).
 * The table is a buffer named {@code pe}; it learns nothing.
 */
public final class SinusoidalPositionalEncoding extends PositionalEncoding {
    private final Tensor pe;

    public SinusoidalPositionalEncoding(int maxLen, int dModel, boolean batchFirst) {
        super(maxLen, dModel, batchFirst);
        try (Scope init = Scope.open("init pe")) {
            pe = buffer("pe", Tensor.of(values(maxLen, dModel), maxLen, dModel));
        }
    }

    /** The table computed in double precision. */
    static float[] values(int maxLen, int d) {
        float[] v = new float[maxLen * d];
        for (int pos = 0; pos < maxLen; pos++) {
            for (int i = 0; 2 * i < d; i++) {
                double angle = pos / Math.pow(10000, 2.0 * i / d);
                v[pos * d + 2 * i] = (float) Math.sin(angle);
                if (2 * i + 1 < d) {
                    v[pos * d + 2 * i + 1] = (float) Math.cos(angle);
                }
            }
        }
        return v;
    }

    @Override
    protected Tensor table() {
        return pe;
    }
}
