package dev.myelin.ops;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.myelin.backend.dnnl.StridedCopy;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Plain-Java float32 kernels for element-wise math, with NumPy broadcasting. No autograd here:
 * differentiable ops in {@link Ops} call these for their forward and backward passes.
 */
public final class Kernels {
    /** Two-operand element-wise functions. */
    public enum Binary { ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, GT, GE, LT, LE, EQ }

    /** One-operand element-wise functions; {@code p} is a parameter where one is needed. */
    public enum Unary { NEG, EXP, LOG, SQRT, ABS, SIGN, SQUARE, RECIPROCAL, STEP, SIGMOID, TANH, RELU, SCALE, ADD_SCALAR, POW_SCALAR }

    /** Elements from which a strided copy goes to oneDNN's reorder (a call costs some microseconds; measured break-even ~8K). */
    public static final long STRIDED_COPY_MIN = 16_384;

    private Kernels() {}

    static void requireFloat(String op, Tensor t) {
        if (t.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": expected a float32 tensor, got " + t.dtype() + " of shape "
                    + Shapes.str(t.shape()));
        }
    }

    /** a (op) b with broadcasting, in a new contiguous tensor. */
    public static Tensor binary(Binary op, Tensor a, Tensor b) {
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        requireFloat(name, a);
        requireFloat(name, b);
        Tensor out = Tensor.empty(Shapes.broadcast(name, a.shape(), b.shape()));
        if (out.numel() == 0) {
            return out;
        }
        Broadcast bc = Broadcast.of(out.shape(), out, a, b);
        MemorySegment o = out.segment();
        MemorySegment x = a.segment();
        MemorySegment y = b.segment();
        int n = bc.inner();
        long so = bc.innerStride(0);
        long sa = bc.innerStride(1);
        long sb = bc.innerStride(2);
        Broadcast.Cursor c = bc.cursor();
        for (long row = 0, rows = bc.rows(); row < rows; row++, c.advance()) {
            binaryRow(op, o, c.base[0], so, x, c.base[1], sa, y, c.base[2], sb, n);
        }
        return out;
    }

    private static void binaryRow(Binary op, MemorySegment o, long io, long so, MemorySegment x, long ia, long sa,
                                  MemorySegment y, long ib, long sb, int n) {
        if (so == 1 && sa == 1 && (sb == 1 || sb == 0) && op.ordinal() <= Binary.DIV.ordinal()) {
            if (sb == 1) {
                contiguousRow(op, o, io, x, ia, y, ib, n);
            } else {
                scalarRow(op, o, io, x, ia, y.getAtIndex(JAVA_FLOAT, ib), n);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            o.setAtIndex(JAVA_FLOAT, io + i * so, apply(op, x.getAtIndex(JAVA_FLOAT, ia + i * sa), y.getAtIndex(JAVA_FLOAT, ib + i * sb)));
        }
    }

    // Unit-stride loops with the op hoisted out, so the JIT can vectorise them.
    private static void contiguousRow(Binary op, MemorySegment o, long io, MemorySegment x, long ia, MemorySegment y, long ib, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) o.setAtIndex(JAVA_FLOAT, io + i, x.getAtIndex(JAVA_FLOAT, ia + i) + y.getAtIndex(JAVA_FLOAT, ib + i)); }
            case SUB -> { for (int i = 0; i < n; i++) o.setAtIndex(JAVA_FLOAT, io + i, x.getAtIndex(JAVA_FLOAT, ia + i) - y.getAtIndex(JAVA_FLOAT, ib + i)); }
            case MUL -> { for (int i = 0; i < n; i++) o.setAtIndex(JAVA_FLOAT, io + i, x.getAtIndex(JAVA_FLOAT, ia + i) * y.getAtIndex(JAVA_FLOAT, ib + i)); }
            default -> { for (int i = 0; i < n; i++) o.setAtIndex(JAVA_FLOAT, io + i, x.getAtIndex(JAVA_FLOAT, ia + i) / y.getAtIndex(JAVA_FLOAT, ib + i)); }
        }
    }

    private static void scalarRow(Binary op, MemorySegment o, long io, MemorySegment x, long ia, float b, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) o.setAtIndex(JAVA_FLOAT, io + i, x.getAtIndex(JAVA_FLOAT, ia + i) + b); }
            case SUB -> { for (int i = 0; i < n; i++) o.setAtIndex(JAVA_FLOAT, io + i, x.getAtIndex(JAVA_FLOAT, ia + i) - b); }
            case MUL -> { for (int i = 0; i < n; i++) o.setAtIndex(JAVA_FLOAT, io + i, x.getAtIndex(JAVA_FLOAT, ia + i) * b); }
            default -> { for (int i = 0; i < n; i++) o.setAtIndex(JAVA_FLOAT, io + i, x.getAtIndex(JAVA_FLOAT, ia + i) / b); }
        }
    }

    private static float apply(Binary op, float a, float b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> (float) Math.pow(a, b);
            case MAXIMUM -> Float.isNaN(a) || Float.isNaN(b) ? Float.NaN : Math.max(a, b);
            case MINIMUM -> Float.isNaN(a) || Float.isNaN(b) ? Float.NaN : Math.min(a, b);
            case GT -> a > b ? 1f : 0f;
            case GE -> a >= b ? 1f : 0f;
            case LT -> a < b ? 1f : 0f;
            case LE -> a <= b ? 1f : 0f;
            case EQ -> a == b ? 1f : 0f;
        };
    }

    /** f(x) element by element, in a new contiguous tensor. */
    public static Tensor unary(Unary op, Tensor x, float p) {
        requireFloat(op.name().toLowerCase(java.util.Locale.ROOT), x);
        Tensor src = x.detach().contiguous(); // kernels never record
        Tensor out = Tensor.empty(x.shape());
        MemorySegment in = src.data();
        MemorySegment o = out.data();
        int n = Math.toIntExact(out.numel());
        switch (op) {
            case SCALE -> { for (int i = 0; i < n; i++) o.setAtIndex(JAVA_FLOAT, i, in.getAtIndex(JAVA_FLOAT, i) * p); }
            case ADD_SCALAR -> { for (int i = 0; i < n; i++) o.setAtIndex(JAVA_FLOAT, i, in.getAtIndex(JAVA_FLOAT, i) + p); }
            case NEG -> { for (int i = 0; i < n; i++) o.setAtIndex(JAVA_FLOAT, i, -in.getAtIndex(JAVA_FLOAT, i)); }
            default -> {
                for (int i = 0; i < n; i++) {
                    o.setAtIndex(JAVA_FLOAT, i, apply(op, in.getAtIndex(JAVA_FLOAT, i), p));
                }
            }
        }
        return out;
    }

    private static float apply(Unary op, float v, float p) {
        return switch (op) {
            case NEG -> -v;
            case EXP -> (float) Math.exp(v);
            case LOG -> (float) Math.log(v);
            case SQRT -> (float) Math.sqrt(v);
            case ABS -> Math.abs(v);
            case SIGN -> Math.signum(v);
            case SQUARE -> v * v;
            case RECIPROCAL -> 1f / v;
            case STEP -> v > 0 ? 1f : 0f;
            case SIGMOID -> v >= 0 ? (float) (1 / (1 + Math.exp(-v))) : (float) (Math.exp(v) / (1 + Math.exp(v)));
            case TANH -> (float) Math.tanh(v);
            case RELU -> v <= 0 ? 0f : v; // NaN passes through, as in PyTorch
            case SCALE -> v * p;
            case ADD_SCALAR -> v + p;
            case POW_SCALAR -> (float) Math.pow(v, p);
        };
    }

    public static Tensor add(Tensor a, Tensor b) {
        return binary(Binary.ADD, a, b);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        return binary(Binary.MUL, a, b);
    }

    public static Tensor scale(Tensor a, float s) {
        return unary(Unary.SCALE, a, s);
    }

    /** acc += g, where g broadcasts to acc's shape; acc may be any view whose elements do not overlap. */
    public static void addInPlace(Tensor acc, Tensor g) {
        update("add_", acc, g, 1f, true);
    }

    /** acc += alpha * g, where g broadcasts to acc's shape; acc may be any view whose elements do not overlap. */
    public static void axpyInPlace(Tensor acc, float alpha, Tensor g) {
        update("add_", acc, g, alpha, true);
    }

    /** dst[...] = src broadcast to dst's shape; dst may be any view whose elements do not overlap. */
    public static void assign(Tensor dst, Tensor src) {
        update("assign", dst, src, 1f, false);
    }

    /** dst = src, or dst += alpha * src when {@code accumulate}, with src broadcast to dst's shape. */
    private static void update(String op, Tensor dst, Tensor src, float alpha, boolean accumulate) {
        requireFloat(op, dst);
        requireFloat(op, src);
        int[] shape = Shapes.broadcast(op, dst.shape(), src.shape());
        if (!Arrays.equals(shape, dst.shape())) {
            throw new IllegalArgumentException(op + ": cannot write " + Shapes.str(src.shape()) + " into " + Shapes.str(dst.shape()));
        }
        if (dst.numel() == 0) {
            return;
        }
        if (!accumulate && dst.isContiguous() && src.isContiguous() && Arrays.equals(src.shape(), shape)) {
            MemorySegment.copy(src.data(), 0, dst.data(), 0, dst.numel() * Float.BYTES);
            return;
        }
        if (!accumulate && dst.numel() >= STRIDED_COPY_MIN && StridedCopy.accepts(dst, src)) {
            StridedCopy.run(dst, src);
            return;
        }
        Broadcast bc = Broadcast.of(shape, dst, src);
        MemorySegment o = dst.segment();
        MemorySegment x = src.segment();
        int n = bc.inner();
        long so = bc.innerStride(0);
        long sx = bc.innerStride(1);
        Broadcast.Cursor c = bc.cursor();
        for (long row = 0, rows = bc.rows(); row < rows; row++, c.advance()) {
            long io = c.base[0];
            long ix = c.base[1];
            if (so == 1 && sx == 1 && accumulate) { // the hot case (gradient accumulation): unit stride, vectorisable
                for (int i = 0; i < n; i++) {
                    o.setAtIndex(JAVA_FLOAT, io + i, o.getAtIndex(JAVA_FLOAT, io + i) + alpha * x.getAtIndex(JAVA_FLOAT, ix + i));
                }
            } else {
                for (int i = 0; i < n; i++) {
                    float v = x.getAtIndex(JAVA_FLOAT, ix + i * sx);
                    o.setAtIndex(JAVA_FLOAT, io + i * so, accumulate ? o.getAtIndex(JAVA_FLOAT, io + i * so) + alpha * v : v);
                }
            }
        }
    }

    /** Sums {@code g} over the dimensions it was broadcast along, so it has {@code shape}. */
    public static Tensor sumToShape(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) {
            return g;
        }
        int lead = gs.length - shape.length;
        if (lead < 0) {
            throw new IllegalArgumentException("sumToShape: gradient " + Shapes.str(gs) + " has fewer dimensions than "
                    + Shapes.str(shape));
        }
        boolean[] reduce = new boolean[gs.length];
        for (int d = 0; d < gs.length; d++) {
            reduce[d] = d < lead || (shape[d - lead] == 1 && gs[d] != 1);
            if (!reduce[d] && d >= lead && shape[d - lead] != gs[d]) {
                throw new IllegalArgumentException("sumToShape: gradient " + Shapes.str(gs) + " does not broadcast from "
                        + Shapes.str(shape));
            }
        }
        return Reductions.sum(g, reduce, true).reshape(shape);
    }
}
