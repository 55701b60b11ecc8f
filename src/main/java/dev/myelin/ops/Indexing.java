package dev.myelin.ops;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/** Index look-ups and their scatter-add adjoints (plain Java). Every index is range-checked first. */
public final class Indexing {
    private Indexing() {}

    /** The values of an int32/int64 index tensor, each checked to lie in [0, bound). */
    static long[] indices(String op, Tensor index, int bound) {
        long[] v = switch (index.dtype()) {
            case INT64 -> index.toLongArray();
            case INT32 -> java.util.Arrays.stream(index.toIntArray()).asLongStream().toArray();
            case FLOAT32 -> throw new IllegalArgumentException(op + ": index must be int32 or int64, got float32 "
                    + Shapes.str(index.shape()));
        };
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] >= bound) {
                throw new IndexOutOfBoundsException(op + ": index " + v[i] + " at position " + i + " is out of range [0, "
                        + bound + ")");
            }
        }
        return v;
    }

    /** x.select(dim, index[i]) for each i, stacked along dim. */
    public static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        Kernels.requireFloat("index_select", x);
        int d = Shapes.dim("index_select", dim, x.dim());
        if (index.dim() != 1) {
            throw new IllegalArgumentException("index_select: index must be 1-D, got " + Shapes.str(index.shape()));
        }
        long[] ix = indices("index_select", index, x.size(d));
        x = x.detach(); // kernels never record
        int[] shape = x.shape();
        shape[d] = ix.length;
        Tensor out = Tensor.empty(shape);
        for (int i = 0; i < ix.length; i++) {
            Kernels.assign(out.select(d, i), x.select(d, (int) ix[i]));
        }
        return out;
    }

    /**
     * Rows of a contiguous table {@code [V, D]} picked by an index of any shape: out has shape
     * {@code index.shape + [D]}. One bulk copy per row, which is what makes embeddings cheap.
     */
    public static Tensor embeddingLookup(Tensor table, Tensor index) {
        Kernels.requireFloat("embedding", table);
        if (table.dim() != 2) {
            throw new IllegalArgumentException("embedding: weight must be [num_embeddings, embedding_dim], got "
                    + Shapes.str(table.shape()));
        }
        long[] ix = indices("embedding", index, table.size(0));
        Tensor src = table.detach().contiguous();
        int d = src.size(1);
        int[] shape = java.util.Arrays.copyOf(index.shape(), index.dim() + 1);
        shape[index.dim()] = d;
        Tensor out = Tensor.empty(shape);
        MemorySegment from = src.segment();
        MemorySegment to = out.segment();
        long rowBytes = (long) d * Float.BYTES;
        long base = src.offset() * Float.BYTES;
        long outBase = out.offset() * Float.BYTES;
        for (int i = 0; i < ix.length; i++) {
            MemorySegment.copy(from, base + ix[i] * rowBytes, to, outBase + i * rowBytes, rowBytes);
        }
        return out;
    }

    /**
     * The adjoint of {@link #embeddingLookup}: a zero {@code [V, D]} gradient into which each row of
     * {@code grad} is added at its index; rows whose index is {@code paddingIdx} (if not negative) are skipped.
     */
    public static Tensor embeddingBackward(Tensor grad, Tensor index, int numEmbeddings, int paddingIdx) {
        long[] ix = indices("embedding", index, numEmbeddings);
        Tensor g = grad.detach().contiguous();
        int d = g.size(g.dim() - 1);
        Tensor out = Tensor.zeros(numEmbeddings, d);
        MemorySegment from = g.segment();
        MemorySegment to = out.segment();
        long gBase = g.offset();
        for (int i = 0; i < ix.length; i++) {
            if (ix[i] == paddingIdx) {
                continue;
            }
            long src = gBase + (long) i * d;
            long dst = ix[i] * d;
            for (int k = 0; k < d; k++) {
                to.setAtIndex(JAVA_FLOAT, dst + k, to.getAtIndex(JAVA_FLOAT, dst + k) + from.getAtIndex(JAVA_FLOAT, src + k));
            }
        }
        return out;
    }

    /** target.select(dim, index[i]) += src.select(dim, i): the adjoint of {@link #indexSelect}. */
    public static void indexAdd(Tensor target, int dim, Tensor index, Tensor src) {
        int d = Shapes.dim("index_add", dim, target.dim());
        long[] ix = indices("index_add", index, target.size(d));
        src = src.detach();
        for (int i = 0; i < ix.length; i++) {
            Kernels.addInPlace(target.select(d, (int) ix[i]), src.select(d, i));
        }
    }

    private static void checkGather(String op, Tensor x, int d, Tensor index) {
        if (index.dim() != x.dim()) {
            throw new IllegalArgumentException(op + ": index " + Shapes.str(index.shape()) + " must have the rank of input "
                    + Shapes.str(x.shape()));
        }
        for (int k = 0; k < x.dim(); k++) {
            if (k != d && index.size(k) > x.size(k)) {
                throw new IllegalArgumentException(op + ": index " + Shapes.str(index.shape()) + " is larger than input "
                        + Shapes.str(x.shape()) + " in dimension " + k);
            }
        }
    }

    /** out[p] = x[p with coordinate dim replaced by index[p]], shaped like index. */
    public static Tensor gather(Tensor x, int dim, Tensor index) {
        Kernels.requireFloat("gather", x);
        int d = Shapes.dim("gather", dim, x.dim());
        checkGather("gather", x, d, index);
        long[] ix = indices("gather", index, x.size(d));
        Tensor out = Tensor.empty(index.shape());
        MemorySegment src = x.segment();
        MemorySegment o = out.data();
        walk(index.shape(), d, ix, x, (at, xOffset) -> o.setAtIndex(JAVA_FLOAT, at, src.getAtIndex(JAVA_FLOAT, xOffset)));
        return out;
    }

    /** target[p with coordinate dim replaced by index[p]] += src[p]: the adjoint of {@link #gather}. */
    public static void scatterAdd(Tensor target, int dim, Tensor index, Tensor src) {
        int d = Shapes.dim("scatter_add", dim, target.dim());
        checkGather("scatter_add", target, d, index);
        long[] ix = indices("scatter_add", index, target.size(d));
        MemorySegment t = target.segment();
        MemorySegment s = src.detach().contiguous().data();
        walk(index.shape(), d, ix, target, (at, tOffset) ->
                t.setAtIndex(JAVA_FLOAT, tOffset, t.getAtIndex(JAVA_FLOAT, tOffset) + s.getAtIndex(JAVA_FLOAT, at)));
    }

    private interface Visit {
        void at(long position, long dataOffset);
    }

    /** Visits every position of an index of {@code shape}, with the offset into {@code data} it addresses. */
    private static void walk(int[] shape, int dim, long[] ix, Tensor data, Visit visit) {
        int rank = shape.length;
        int[] pos = new int[rank];
        long[] strides = data.strides();
        for (long p = 0; p < ix.length; p++) {
            long off = data.offset();
            for (int k = 0; k < rank; k++) {
                off += (k == dim ? ix[(int) p] : pos[k]) * strides[k];
            }
            visit.at(p, off);
            for (int k = rank - 1; k >= 0; k--) {
                if (++pos[k] < shape[k]) {
                    break;
                }
                pos[k] = 0;
            }
        }
    }

    static boolean isIndex(Tensor t) {
        return t.dtype() == DType.INT64 || t.dtype() == DType.INT32;
    }
}
