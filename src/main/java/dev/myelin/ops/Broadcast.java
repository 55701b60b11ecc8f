package dev.myelin.ops;

import dev.myelin.tensor.Tensor;

/**
 * The loop structure of an element-wise op over broadcast operands: the output shape with, for each
 * operand, its strides (0 along broadcast dimensions) and offset. Adjacent dimensions that every
 * operand walks contiguously are merged, so most ops run as one long inner loop.
 */
final class Broadcast {
    final int[] shape;
    final long[][] strides;
    final long[] offsets;

    private Broadcast(int[] shape, long[][] strides, long[] offsets) {
        this.shape = shape;
        this.strides = strides;
        this.offsets = offsets;
    }

    /** Operands viewed in {@code outShape}; each must broadcast to it (checked by the caller). */
    static Broadcast of(int[] outShape, Tensor... operands) {
        int rank = outShape.length;
        long[][] strides = new long[operands.length][rank];
        long[] offsets = new long[operands.length];
        for (int k = 0; k < operands.length; k++) {
            Tensor t = operands[k];
            int lead = rank - t.dim();
            for (int d = 0; d < t.dim(); d++) {
                strides[k][lead + d] = t.size(d) == 1 && outShape[lead + d] != 1 ? 0 : t.stride(d);
            }
            offsets[k] = t.offset();
        }
        return coalesce(outShape, strides, offsets);
    }

    private static Broadcast coalesce(int[] shape, long[][] strides, long[] offsets) {
        int n = 0;
        int[] s = new int[Math.max(1, shape.length)];
        long[][] st = new long[strides.length][s.length];
        s[0] = 1;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) {
                continue; // size-1 dimensions contribute nothing
            }
            boolean merge = n > 0;
            for (int k = 0; merge && k < strides.length; k++) {
                merge = st[k][n - 1] == strides[k][d] * shape[d];
            }
            if (merge) {
                s[n - 1] *= shape[d];
                for (int k = 0; k < strides.length; k++) {
                    st[k][n - 1] = strides[k][d];
                }
            } else {
                s[n] = shape[d];
                for (int k = 0; k < strides.length; k++) {
                    st[k][n] = strides[k][d];
                }
                n++;
            }
        }
        if (n == 0) {
            n = 1;
            s[0] = 1;
        }
        int[] shapeOut = java.util.Arrays.copyOf(s, n);
        long[][] stridesOut = new long[strides.length][];
        for (int k = 0; k < strides.length; k++) {
            stridesOut[k] = java.util.Arrays.copyOf(st[k], n);
        }
        return new Broadcast(shapeOut, stridesOut, offsets);
    }

    int inner() {
        return shape[shape.length - 1];
    }

    long innerStride(int operand) {
        return strides[operand][shape.length - 1];
    }

    long rows() {
        long r = 1;
        for (int d = 0; d < shape.length - 1; d++) {
            r *= shape[d];
        }
        return r;
    }

    /** Walks the outer dimensions: call {@link #advance} after each row; {@code base[k]} is operand k's row start. */
    final class Cursor {
        final long[] base = offsets.clone();
        private final int[] idx = new int[shape.length];

        void advance() {
            for (int d = shape.length - 2; d >= 0; d--) {
                for (int k = 0; k < base.length; k++) {
                    base[k] += strides[k][d];
                }
                if (++idx[d] < shape[d]) {
                    return;
                }
                for (int k = 0; k < base.length; k++) {
                    base[k] -= strides[k][d] * shape[d];
                }
                idx[d] = 0;
            }
        }
    }

    Cursor cursor() {
        return new Cursor();
    }
}
