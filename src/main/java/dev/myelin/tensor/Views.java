package dev.myelin.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Stride arithmetic for views and the strided copy behind {@link Tensor#contiguous()}. */
final class Views {
    private Views() {}

    /**
     * Strides that let a tensor of {@code shape}/{@code strides} be seen as {@code newShape} without
     * copying, or null when no such strides exist (PyTorch's rule: only dimensions that are
     * contiguous with each other may be merged or split).
     */
    static long[] viewStrides(int[] shape, long[] strides, int[] newShape) {
        if (Shapes.numel(shape) == 0) {
            return Shapes.contiguousStrides(newShape);
        }
        if (shape.length == 0) {
            shape = new int[] {1};
            strides = new long[] {1};
        }
        long[] out = new long[newShape.length];
        int viewD = newShape.length - 1;
        long chunkBase = strides[strides.length - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            tensorNumel *= shape[d];
            if (d == 0 || (shape[d - 1] != 1 && strides[d - 1] != tensorNumel * chunkBase)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    out[viewD] = viewNumel * chunkBase;
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) {
                    return null;
                }
                if (d > 0) {
                    chunkBase = strides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? out : null;
    }

    /** Checks an as-strided view against its storage; returns the index of the last element it reaches. */
    static long checkAsStrided(int[] size, long[] stride, long offset, long capacity) {
        if (size.length != stride.length) {
            throw new IllegalArgumentException("asStrided: " + size.length + " sizes but " + stride.length + " strides");
        }
        Shapes.checkShape("asStrided", size);
        long last = offset;
        boolean overflow = false;
        for (int i = 0; i < size.length; i++) {
            if (stride[i] < 0) {
                throw new IllegalArgumentException("asStrided: negative stride " + stride[i] + " in " + java.util.Arrays.toString(stride));
            }
            try {
                last = Math.addExact(last, Math.multiplyExact((long) Math.max(size[i] - 1, 0), stride[i]));
            } catch (ArithmeticException e) {
                overflow = true;
                last = Long.MAX_VALUE;
            }
        }
        boolean empty = Shapes.numel(size) == 0;
        if (offset < 0 || (empty ? offset > capacity : overflow || last >= capacity)) {
            throw new IllegalArgumentException("asStrided: shape " + Shapes.str(size) + " with strides "
                    + java.util.Arrays.toString(stride) + " at offset " + offset + " reaches element " + last
                    + ", outside the storage of " + capacity + " elements");
        }
        return last;
    }

    /** Whether two indices of a view with these sizes and (non-negative) strides reach the same element. */
    static boolean overlaps(int[] size, long[] stride) {
        Integer[] order = new Integer[size.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingLong(i -> stride[i]));
        long reach = 0; // the largest offset the dimensions so far span
        for (int i : order) {
            if (size[i] <= 1) {
                continue;
            }
            if (stride[i] <= reach) {
                return true;
            }
            reach += (size[i] - 1) * stride[i]; // no overflow: checkAsStrided bounded it by the storage
        }
        return false;
    }

    static int[] remove(int[] a, int i) {
        int[] out = new int[a.length - 1];
        System.arraycopy(a, 0, out, 0, i);
        System.arraycopy(a, i + 1, out, i, a.length - i - 1);
        return out;
    }

    static long[] remove(long[] a, int i) {
        long[] out = new long[a.length - 1];
        System.arraycopy(a, 0, out, 0, i);
        System.arraycopy(a, i + 1, out, i, a.length - i - 1);
        return out;
    }

    static int[] insert(int[] a, int i, int v) {
        int[] out = new int[a.length + 1];
        System.arraycopy(a, 0, out, 0, i);
        out[i] = v;
        System.arraycopy(a, i, out, i + 1, a.length - i);
        return out;
    }

    static long[] insert(long[] a, int i, long v) {
        long[] out = new long[a.length + 1];
        System.arraycopy(a, 0, out, 0, i);
        out[i] = v;
        System.arraycopy(a, i, out, i + 1, a.length - i);
        return out;
    }

    /** Copies {@code src} (any strides) into the contiguous {@code dst} of the same shape and dtype. */
    static void copyInto(Tensor src, Tensor dst) {
        int[] shape = src.shape();
        long[] strides = src.strides();
        int es = src.dtype().byteSize();
        MemorySegment from = src.segment();
        MemorySegment to = dst.data();
        if (shape.length == 0) {
            MemorySegment.copy(from, src.offset() * es, to, 0, es);
            return;
        }
        int rank = shape.length;
        int inner = shape[rank - 1];
        long innerStride = strides[rank - 1];
        long total = Shapes.numel(shape);
        if (total == 0) {
            return;
        }
        int[] idx = new int[rank - 1];
        long base = src.offset();
        for (long row = 0, rows = total / inner; row < rows; row++) {
            long dstAt = row * inner;
            if (innerStride == 1) {
                MemorySegment.copy(from, base * es, to, dstAt * es, (long) inner * es);
            } else if (es == 4) {
                for (int i = 0; i < inner; i++) {
                    to.setAtIndex(ValueLayout.JAVA_INT, dstAt + i, from.getAtIndex(ValueLayout.JAVA_INT, base + i * innerStride));
                }
            } else {
                for (int i = 0; i < inner; i++) {
                    to.setAtIndex(ValueLayout.JAVA_LONG, dstAt + i, from.getAtIndex(ValueLayout.JAVA_LONG, base + i * innerStride));
                }
            }
            for (int d = rank - 2; d >= 0; d--) { // odometer over the outer dimensions
                base += strides[d];
                if (++idx[d] < shape[d]) {
                    break;
                }
                base -= strides[d] * shape[d];
                idx[d] = 0;
            }
        }
    }
}
