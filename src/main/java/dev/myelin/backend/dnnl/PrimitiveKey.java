package dev.myelin.backend.dnnl;

import dev.myelin.tensor.Tensor;
import java.util.Arrays;

/** What identifies a created primitive: the op, its settings, and every operand's dtype, shape and strides. */
final class PrimitiveKey {
    private final String op;
    private final long[] parts;
    private final int hash;

    private PrimitiveKey(String op, long[] parts) {
        this.op = op;
        this.parts = parts;
        this.hash = op.hashCode() * 31 + Arrays.hashCode(parts);
    }

    static Builder of(String op) {
        return new Builder(op);
    }

    String op() {
        return op;
    }

    /** A builder for a key derived from this one (say, a reorder feeding it): op {@code op + suffix}, then this key's parts. */
    Builder extend(String suffix) {
        Builder b = new Builder(op + suffix);
        for (long part : parts) {
            b.add(part);
        }
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrimitiveKey k && k.hash == hash && k.op.equals(op) && Arrays.equals(k.parts, parts);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return op + Arrays.toString(parts);
    }

    static final class Builder {
        private final String op;
        private long[] parts = new long[16];
        private int n;

        private Builder(String op) {
            this.op = op;
        }

        Builder add(long v) {
            if (n == parts.length) {
                parts = Arrays.copyOf(parts, n * 2);
            }
            parts[n++] = v;
            return this;
        }

        Builder add(float v) {
            return add(Float.floatToIntBits(v));
        }

        Builder add(Tensor t) {
            add(t.dtype().ordinal()).add(t.dim());
            for (int i = 0; i < t.dim(); i++) {
                add(t.size(i)).add(t.stride(i));
            }
            return this;
        }

        PrimitiveKey build() {
            return new PrimitiveKey(op, Arrays.copyOf(parts, n));
        }
    }
}
