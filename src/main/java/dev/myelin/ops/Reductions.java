package dev.myelin.ops;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/** Sums and extrema over dimensions (plain Java, float32, accumulating sums in double). */
public final class Reductions {
    private Reductions() {}

    /** Which dimensions {@code dims} names (negative counts from the end; empty means all). */
    public static boolean[] mask(String op, int rank, int... dims) {
        boolean[] reduce = new boolean[rank];
        if (dims.length == 0) {
            java.util.Arrays.fill(reduce, true);
        }
        for (int d : dims) {
            int k = Shapes.dim(op, d, rank);
            if (reduce[k] && dims.length > 0) {
                throw new IllegalArgumentException(op + ": dimension " + d + " given twice");
            }
            reduce[k] = true;
        }
        return reduce;
    }

    static int[] reducedShape(int[] shape, boolean[] reduce, boolean keepDim) {
        int n = 0;
        int[] out = new int[shape.length];
        for (int d = 0; d < shape.length; d++) {
            if (!reduce[d]) {
                out[n++] = shape[d];
            } else if (keepDim) {
                out[n++] = 1;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** Sum over the dimensions marked in {@code reduce}. */
    public static Tensor sum(Tensor x, boolean[] reduce, boolean keepDim) {
        Kernels.requireFloat("sum", x);
        x = x.detach(); // kernels never record
        int[] shape = x.shape();
        int[] order = new int[shape.length];
        int n = 0;
        long outer = 1;
        long inner = 1;
        boolean leadingOnly = true;
        for (int d = 0; d < shape.length; d++) {
            if (!reduce[d]) {
                order[n++] = d;
                outer *= shape[d];
            } else if (n > 0) {
                leadingOnly = false;
            }
        }
        for (int d = 0; d < shape.length; d++) {
            if (reduce[d]) {
                order[n++] = d;
                inner *= shape[d];
            }
        }
        Tensor out = Tensor.zeros(reducedShape(shape, reduce, keepDim));
        MemorySegment o = out.data();
        if (leadingOnly && x.isContiguous()) { // e.g. a bias gradient: add whole rows into the result
            MemorySegment in = x.data();
            int width = Math.toIntExact(outer);
            for (long r = 0; r < inner; r++) {
                long base = r * outer;
                for (int i = 0; i < width; i++) {
                    o.setAtIndex(JAVA_FLOAT, i, o.getAtIndex(JAVA_FLOAT, i) + in.getAtIndex(JAVA_FLOAT, base + i));
                }
            }
            return out;
        }
        MemorySegment in = x.permute(order).contiguous().data();
        for (long i = 0; i < outer; i++) {
            double s = 0;
            long base = i * inner;
            for (long j = 0; j < inner; j++) {
                s += in.getAtIndex(JAVA_FLOAT, base + j);
            }
            o.setAtIndex(JAVA_FLOAT, i, (float) s);
        }
        return out;
    }

    /** Values and int64 indices of the maximum (or minimum) along one dimension; ties pick the first. */
    public record Extremum(Tensor values, Tensor indices) {}

    public static Extremum extremum(Tensor x, int dim, boolean keepDim, boolean max) {
        String op = max ? "max" : "min";
        Kernels.requireFloat(op, x);
        int d = Shapes.dim(op, dim, Math.max(1, x.dim()));
        Tensor src = x.dim() == 0 ? x.detach().reshape(1) : x.detach();
        int size = src.size(d);
        if (size == 0) {
            throw new IllegalArgumentException(op + ": dimension " + dim + " of shape " + Shapes.str(x.shape()) + " is empty");
        }
        boolean[] reduce = new boolean[src.dim()];
        reduce[d] = true;
        int[] order = new int[src.dim()];
        int n = 0;
        for (int k = 0; k < src.dim(); k++) {
            if (k != d) {
                order[n++] = k;
            }
        }
        order[n] = d;
        MemorySegment in = src.permute(order).contiguous().data();
        int[] outShape = reducedShape(src.shape(), reduce, keepDim && x.dim() > 0);
        Tensor values = Tensor.empty(outShape);
        Tensor indices = Tensor.empty(DType.INT64, outShape);
        MemorySegment v = values.data();
        MemorySegment ix = indices.data();
        for (long i = 0, rows = values.numel(); i < rows; i++) {
            long base = i * size;
            float best = in.getAtIndex(JAVA_FLOAT, base);
            int at = 0;
            for (int j = 1; j < size && !Float.isNaN(best); j++) {
                float e = in.getAtIndex(JAVA_FLOAT, base + j);
                if (Float.isNaN(e) || (max ? e > best : e < best)) {
                    best = e;
                    at = j;
                }
            }
            v.setAtIndex(JAVA_FLOAT, i, best);
            ix.setAtIndex(JAVA_LONG, i, at);
        }
        return new Extremum(values, indices);
    }
}
