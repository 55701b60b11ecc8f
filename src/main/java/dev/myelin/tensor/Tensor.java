package dev.myelin.tensor;

import dev.myelin.autograd.Autograd;
import dev.myelin.autograd.Node;
import dev.myelin.memory.HasStorage;
import dev.myelin.memory.Storage;
import dev.myelin.ops.Kernels;
import dev.myelin.ops.Ops;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * An n-dimensional array in native memory: a {@link Storage} plus shape, strides and offset (in
 * elements). Views (reshape, transpose, permute, slice, expand) share the storage and copy nothing.
 * New tensors belong to the current {@link dev.myelin.memory.Scope}.
 *
 * <p>A tensor that {@linkplain #requiresGrad(boolean) requires a gradient} makes every op on it
 * record itself; {@link #backward()} then fills {@link #grad()} of the leaves.
 */
public final class Tensor implements HasStorage {
    private final Storage storage;
    private final DType dtype;
    private final int[] shape;
    private final long[] strides;
    private final long offset;
    private boolean requiresGrad;
    private Tensor grad;
    private boolean gradIsStale; // zeroGrad() was called: grad's memory is kept but its values are zero
    private Node gradFn;
    private Tensor viewBase; // where this tensor's chain of recorded views starts; see recordPart

    Tensor(Storage storage, DType dtype, int[] shape, long[] strides, long offset) {
        this.storage = storage;
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    // ---- creation ----

    /** Uninitialised memory: for outputs that an op overwrites completely. */
    public static Tensor empty(DType dtype, int... shape) {
        Shapes.checkShape("empty", shape);
        int[] s = shape.clone();
        Storage storage = Storage.allocate(Shapes.numel(s) * dtype.byteSize());
        return new Tensor(storage, dtype, s, Shapes.contiguousStrides(s), 0);
    }

    public static Tensor empty(int... shape) {
        return empty(DType.FLOAT32, shape);
    }

    public static Tensor zeros(DType dtype, int... shape) {
        Tensor t = empty(dtype, shape);
        t.storage.segment().fill((byte) 0);
        return t;
    }

    public static Tensor zeros(int... shape) {
        return zeros(DType.FLOAT32, shape);
    }

    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    public static Tensor full(float value, int... shape) {
        Tensor t = empty(DType.FLOAT32, shape);
        MemorySegment seg = t.storage.segment();
        for (long i = 0, n = t.numel(); i < n; i++) {
            seg.setAtIndex(ValueLayout.JAVA_FLOAT, i, value);
        }
        return t;
    }

    /** 0, 1, ..., n-1 as float32. */
    public static Tensor arange(int n) {
        return arange(0, n, 1);
    }

    /** start, start+step, ... below end (above end for a negative step), as float32. */
    public static Tensor arange(float start, float end, float step) {
        if (step == 0 || !Float.isFinite(start) || !Float.isFinite(end) || !Float.isFinite(step)) {
            throw new IllegalArgumentException("arange: need finite start/end and a non-zero step, got "
                    + start + ", " + end + ", " + step);
        }
        int n = (int) Math.max(0, Math.ceil((end - start) / step));
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = start + i * step;
        }
        return of(v, n);
    }

    /** Uniform in [0, 1), reproducible for a given seed. */
    public static Tensor rand(long seed, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        return fill(shape, () -> (float) r.nextDouble());
    }

    /** Standard normal, reproducible for a given seed. */
    public static Tensor randn(long seed, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        return fill(shape, () -> (float) r.nextGaussian());
    }

    private interface FloatSource {
        float next();
    }

    private static Tensor fill(int[] shape, FloatSource source) {
        Tensor t = empty(DType.FLOAT32, shape);
        MemorySegment seg = t.storage.segment();
        for (long i = 0, n = t.numel(); i < n; i++) {
            seg.setAtIndex(ValueLayout.JAVA_FLOAT, i, source.next());
        }
        return t;
    }

    /** Copies a Java array into a new tensor of the given shape (row-major). */
    public static Tensor of(float[] data, int... shape) {
        Tensor t = empty(DType.FLOAT32, checkLength("of", data.length, shape));
        MemorySegment.copy(data, 0, t.storage.segment(), ValueLayout.JAVA_FLOAT, 0, data.length);
        return t;
    }

    public static Tensor ofInts(int[] data, int... shape) {
        Tensor t = empty(DType.INT32, checkLength("ofInts", data.length, shape));
        MemorySegment.copy(data, 0, t.storage.segment(), ValueLayout.JAVA_INT, 0, data.length);
        return t;
    }

    public static Tensor ofLongs(long[] data, int... shape) {
        Tensor t = empty(DType.INT64, checkLength("ofLongs", data.length, shape));
        MemorySegment.copy(data, 0, t.storage.segment(), ValueLayout.JAVA_LONG, 0, data.length);
        return t;
    }

    public static Tensor scalar(float value) {
        return of(new float[] {value});
    }

    private static int[] checkLength(String op, int length, int[] shape) {
        Shapes.checkShape(op, shape);
        if (Shapes.numel(shape) != length) {
            throw new IllegalArgumentException(op + ": " + length + " values do not fill shape " + Shapes.str(shape)
                    + " (" + Shapes.numel(shape) + " elements)");
        }
        return shape.clone();
    }

    // ---- properties ----

    public int[] shape() {
        return shape.clone();
    }

    public int dim() {
        return shape.length;
    }

    /** Size of one dimension; negative counts from the end. */
    public int size(int dim) {
        return shape[Shapes.dim("size", dim, shape.length)];
    }

    /** Strides in elements. */
    public long[] strides() {
        return strides.clone();
    }

    public long stride(int dim) {
        return strides[Shapes.dim("stride", dim, shape.length)];
    }

    /** Offset of the first element into the storage, in elements. */
    public long offset() {
        return offset;
    }

    public long numel() {
        return Shapes.numel(shape);
    }

    public DType dtype() {
        return dtype;
    }

    @Override
    public Storage storage() {
        return storage;
    }

    /** The whole storage segment; throws {@link IllegalStateException} if its scope has closed. */
    public MemorySegment segment() {
        return storage.segment();
    }

    /** The address of the first element (for native calls); checked like {@link #segment()}. */
    public MemorySegment data() {
        return storage.segment().asSlice(offset * dtype.byteSize());
    }

    /** Whether some dimension of size above 1 has stride 0 (made by {@link #expand}): elements repeat. */
    public boolean isExpanded() {
        for (int i = 0; i < shape.length; i++) {
            if (strides[i] == 0 && shape[i] > 1) {
                return true;
            }
        }
        return false;
    }

    /** True when the elements lie in row-major order with no gaps (size-1 dimensions may have any stride). */
    public boolean isContiguous() {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1) {
                if (strides[i] != expected) {
                    return false;
                }
                expected *= shape[i];
            }
        }
        return true;
    }

    // ---- elements ----

    private long elementIndex(long[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has " + index.length
                    + " coordinates but the tensor has shape " + Shapes.str(shape));
        }
        long at = offset;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " out of bounds for shape "
                        + Shapes.str(shape));
            }
            at += index[i] * strides[i];
        }
        return at;
    }

    public float getFloat(long... index) {
        requireDType("getFloat", DType.FLOAT32);
        return segment().getAtIndex(ValueLayout.JAVA_FLOAT, elementIndex(index));
    }

    public void setFloat(float value, long... index) {
        requireDType("setFloat", DType.FLOAT32);
        segment().setAtIndex(ValueLayout.JAVA_FLOAT, elementIndex(index), value);
    }

    public long getLong(long... index) {
        long at = elementIndex(index);
        return switch (dtype) {
            case INT32 -> segment().getAtIndex(ValueLayout.JAVA_INT, at);
            case INT64 -> segment().getAtIndex(ValueLayout.JAVA_LONG, at);
            case FLOAT32 -> throw new IllegalArgumentException("getLong: tensor is float32; use getFloat");
        };
    }

    /** The single value of a one-element float tensor. */
    public float item() {
        if (numel() != 1) {
            throw new IllegalArgumentException("item: tensor of shape " + Shapes.str(shape) + " has " + numel()
                    + " elements, expected exactly 1");
        }
        return getFloat(new long[shape.length]);
    }

    public float[] toFloatArray() {
        requireDType("toFloatArray", DType.FLOAT32);
        float[] out = new float[Math.toIntExact(numel())];
        MemorySegment.copy(contiguous().data(), ValueLayout.JAVA_FLOAT, 0, out, 0, out.length);
        return out;
    }

    public int[] toIntArray() {
        requireDType("toIntArray", DType.INT32);
        int[] out = new int[Math.toIntExact(numel())];
        MemorySegment.copy(contiguous().data(), ValueLayout.JAVA_INT, 0, out, 0, out.length);
        return out;
    }

    public long[] toLongArray() {
        requireDType("toLongArray", DType.INT64);
        long[] out = new long[Math.toIntExact(numel())];
        MemorySegment.copy(contiguous().data(), ValueLayout.JAVA_LONG, 0, out, 0, out.length);
        return out;
    }

    void requireDType(String op, DType expected) {
        if (dtype != expected) {
            throw new IllegalArgumentException(op + ": expected a " + expected + " tensor, got " + dtype
                    + " of shape " + Shapes.str(shape));
        }
    }

    // ---- views ----

    private Tensor view(int[] newShape, long[] newStrides, long newOffset) {
        return new Tensor(storage, dtype, newShape, newStrides, newOffset);
    }

    /** Records a one-input op for autograd: {@code back} maps the output's gradient to one for this tensor. */
    private Tensor record(String name, Tensor out, java.util.function.UnaryOperator<Tensor> back) {
        return requiresGrad ? Autograd.record(name, out, new Tensor[] {this}, (g, needs) -> new Tensor[] {back.apply(g)}) : out;
    }

    /**
     * Records a view whose elements are distinct elements of this tensor (every view but expand), so
     * that it continues this tensor's chain of views.
     */
    private Tensor recordView(String name, Tensor out, java.util.function.UnaryOperator<Tensor> back) {
        Tensor r = record(name, out, back);
        if (r.gradFn != null) {
            r.viewBase = chainBase();
        }
        return r;
    }

    private Tensor chainBase() {
        return viewBase != null ? viewBase : this;
    }

    /**
     * The tensor a part-view of this one sends its gradient to: the start of the chain when that is
     * contiguous and still requires grad (set requiresGrad(false) since, this view still records), else this.
     */
    private Tensor partBase() {
        Tensor start = chainBase();
        return start.isContiguous() && start.requiresGrad ? start : this;
    }

    /**
     * Records a view that picks some of this tensor's elements (slice, select, asStrided): its gradient
     * is zero except for the view's. When the chain of views ending here starts at a contiguous tensor,
     * that tensor takes the gradient directly, scattered at the view's place in it: one zero-filled
     * gradient for the chain instead of one per part-view in it. {@code partOf} picks the same part
     * of a contiguous tensor of this shape, for the other case.
     */
    private Tensor recordPart(String name, Tensor out, java.util.function.UnaryOperator<Tensor> partOf) {
        Tensor base = partBase();
        if (!base.isContiguous()) {
            return recordView(name, out, g -> scatterInto(partOf, g));
        }
        long at = out.offset - base.offset;
        return base.recordView(name, out, g -> base.scatterInto(z -> z.view(out.shape, out.strides, at), g));
    }

    /** A gradient of this tensor's shape that is zero except where {@code part} (a view of it) puts {@code g}. */
    private Tensor scatterInto(java.util.function.UnaryOperator<Tensor> part, Tensor g) {
        Tensor z = empty(dtype, shape);
        Tensor p = part.apply(z);
        MemorySegment all = z.storage.segment();
        if (p.isContiguous()) { // zero only around the part, which g then fills
            long from = p.offset * dtype.byteSize();
            long to = from + p.numel() * dtype.byteSize();
            all.asSlice(0, from).fill((byte) 0);
            all.asSlice(to).fill((byte) 0);
        } else {
            all.fill((byte) 0);
        }
        Kernels.assign(p, g);
        return z;
    }

    /** Same elements in a new shape without copying (one dimension may be -1); throws if the strides forbid it. */
    public Tensor view(int... newShape) {
        int[] s = Shapes.inferShape("view", shape, newShape);
        long[] st = Views.viewStrides(shape, strides, s);
        if (st == null) {
            throw new IllegalArgumentException("view: cannot view a non-contiguous tensor of shape " + Shapes.str(shape)
                    + " and strides " + Arrays.toString(strides) + " as " + Shapes.str(s) + "; use reshape (copies)");
        }
        return recordView("view", view(s, st, offset), g -> g.reshape(shape));
    }

    /** Like {@link #view} when possible, otherwise a contiguous copy in the new shape. */
    public Tensor reshape(int... newShape) {
        int[] s = Shapes.inferShape("reshape", shape, newShape);
        long[] st = Views.viewStrides(shape, strides, s);
        return st != null ? recordView("reshape", view(s, st, offset), g -> g.reshape(shape)) : contiguous().view(s);
    }

    /** Swaps two dimensions (a view). */
    public Tensor transpose(int dim0, int dim1) {
        int a = Shapes.dim("transpose", dim0, shape.length);
        int b = Shapes.dim("transpose", dim1, shape.length);
        int[] order = new int[shape.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    /** The transpose of a 2-D tensor (a view). */
    public Tensor t() {
        if (shape.length != 2) {
            throw new IllegalArgumentException("t: expected a 2-D tensor, got shape " + Shapes.str(shape)
                    + "; use transpose(dim0, dim1)");
        }
        return transpose(0, 1);
    }

    /** Reorders dimensions (a view): result dimension i is this tensor's dimension order[i]. */
    public Tensor permute(int... order) {
        if (order.length != shape.length) {
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " has " + order.length
                    + " entries for a tensor of rank " + shape.length);
        }
        int[] s = new int[order.length];
        long[] st = new long[order.length];
        boolean[] seen = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            int d = Shapes.dim("permute", order[i], shape.length);
            if (seen[d]) {
                throw new IllegalArgumentException("permute: dimension " + d + " repeated in " + Arrays.toString(order));
            }
            seen[d] = true;
            s[i] = shape[d];
            st[i] = strides[d];
        }
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inverse[Shapes.dim("permute", order[i], shape.length)] = i;
        }
        return recordView("permute", view(s, st, offset), g -> g.permute(inverse));
    }

    /** Elements start, start+step, ... below end along one dimension (a view); bounds are clamped like Python's. */
    public Tensor slice(int dim, int start, int end, int step) {
        int d = Shapes.dim("slice", dim, shape.length);
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step);
        }
        int n = shape[d];
        int from = Math.clamp(start < 0 ? start + n : start, 0, n);
        int to = Math.clamp(end < 0 ? end + n : end, from, n);
        int[] s = shape.clone();
        long[] st = strides.clone();
        s[d] = (to - from + step - 1) / step;
        st[d] = strides[d] * step;
        return recordPart("slice", view(s, st, offset + from * strides[d]), z -> z.slice(dim, start, end, step));
    }

    public Tensor slice(int dim, int start, int end) {
        return slice(dim, start, end, 1);
    }

    /** The sub-tensor at one index of a dimension, which is removed (a view). */
    public Tensor select(int dim, int index) {
        int d = Shapes.dim("select", dim, shape.length);
        if (index < -shape[d] || index >= shape[d]) {
            throw new IndexOutOfBoundsException("select: index " + index + " out of range for dimension " + d
                    + " of size " + shape[d] + " (shape " + Shapes.str(shape) + ")");
        }
        int i = index < 0 ? index + shape[d] : index;
        return recordPart("select", view(Views.remove(shape, d), Views.remove(strides, d), offset + i * strides[d]),
                z -> z.select(d, i));
    }

    /**
     * A view of this tensor's storage with any shape, strides and offset (in elements from the
     * storage's start), as PyTorch's {@code as_strided}. Every element it reaches must lie in the
     * storage. Differentiable when its dimensions, ordered by stride, do not overlap and its elements
     * lie within the contiguous tensor this one's chain of views starts at (a plain tensor: itself).
     */
    public Tensor asStrided(int[] size, long[] stride, long storageOffset) {
        long capacity = storage.segment().byteSize() / dtype.byteSize();
        long last = Views.checkAsStrided(size, stride, storageOffset, capacity);
        Tensor out = view(size.clone(), stride.clone(), storageOffset);
        if (requiresGrad && dev.myelin.autograd.GradMode.isEnabled()) {
            Tensor base = partBase();
            if (!base.isContiguous() || storageOffset < base.offset || last >= base.offset + base.numel()
                    || Views.overlaps(size, stride)) {
                throw new IllegalArgumentException("asStrided: the view of shape " + Shapes.str(size) + ", strides "
                        + Arrays.toString(stride) + " at " + storageOffset + " needs a gradient, so its dimensions must"
                        + " nest without overlap and lie within a contiguous tensor (here " + Shapes.str(base.shape)
                        + " at " + base.offset + "); detach() it for a view without gradient, or view contiguous() instead");
            }
        }
        return recordPart("as_strided", out, null); // partBase() checked contiguous above: partOf is not needed
    }

    /** Inserts a size-1 dimension at {@code dim} (a view). */
    public Tensor unsqueeze(int dim) {
        int d = Shapes.dim("unsqueeze", dim, shape.length + 1);
        long stride = d < shape.length ? strides[d] * shape[d] : 1;
        return recordView("unsqueeze", view(Views.insert(shape, d, 1), Views.insert(strides, d, stride), offset),
                g -> g.reshape(shape));
    }

    /** Removes a size-1 dimension (a view); a dimension of another size is an error. */
    public Tensor squeeze(int dim) {
        int d = Shapes.dim("squeeze", dim, shape.length);
        if (shape[d] != 1) {
            throw new IllegalArgumentException("squeeze: dimension " + d + " of shape " + Shapes.str(shape)
                    + " has size " + shape[d] + ", not 1");
        }
        return recordView("squeeze", view(Views.remove(shape, d), Views.remove(strides, d), offset), g -> g.reshape(shape));
    }

    /** Broadcasts size-1 (or missing leading) dimensions to a larger shape with stride 0 (a view). */
    public Tensor expand(int... newShape) {
        if (newShape.length < shape.length) {
            throw new IllegalArgumentException("expand: target " + Shapes.str(newShape) + " has fewer dimensions than "
                    + Shapes.str(shape));
        }
        int lead = newShape.length - shape.length;
        int[] s = newShape.clone();
        long[] st = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            int from = i - lead;
            if (from < 0) {
                st[i] = 0;
            } else if (shape[from] == s[i] || s[i] == -1) {
                s[i] = shape[from];
                st[i] = strides[from];
            } else if (shape[from] == 1) {
                st[i] = 0;
            } else {
                throw new IllegalArgumentException("expand: cannot expand shape " + Shapes.str(shape) + " to "
                        + Shapes.str(newShape) + " (dimension " + i + " has size " + shape[from] + ", not 1)");
            }
            if (s[i] < 0) {
                throw new IllegalArgumentException("expand: invalid size " + s[i] + " in " + Shapes.str(newShape));
            }
        }
        return record("expand", view(s, st, offset), g -> g); // the engine sums g back to this shape; repeats elements: ends a view chain
    }

    /** This tensor if it is contiguous, otherwise a contiguous copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : copy();
    }

    /** A contiguous copy with its own storage (differentiable). */
    public Tensor copy() {
        Tensor out = empty(dtype, shape);
        if (dtype == DType.FLOAT32 && numel() >= Kernels.STRIDED_COPY_MIN && !isContiguous()) {
            Kernels.assign(out, this); // a oneDNN reorder: 2-40x faster than the row loop below on large views
        } else {
            Views.copyInto(this, out);
        }
        return record("copy", out, g -> g);
    }

    // ---- autograd ----

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf tensor (a parameter, an input) so that ops on it record and backward fills {@link #grad()}. */
    public Tensor requiresGrad(boolean on) {
        if (gradFn != null && !on) {
            throw new IllegalStateException("requiresGrad(false) on a tensor computed by " + gradFn
                    + "; use detach() to cut it from the graph");
        }
        if (on && dtype != DType.FLOAT32) {
            throw new IllegalArgumentException("requiresGrad: only float32 tensors can have gradients, this is " + dtype);
        }
        requiresGrad = on;
        return this;
    }

    /** The accumulated gradient of a leaf after {@link #backward()}, or null. */
    public Tensor grad() {
        if (gradIsStale) {
            grad.segment().asSlice(grad.offset * 4, grad.numel() * 4).fill((byte) 0);
            gradIsStale = false;
        }
        return grad;
    }

    /** Replaces the gradient (optimizers and gradient clipping use this); null clears it. */
    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape, shape)) {
            throw new IllegalArgumentException("setGrad: gradient shape " + Shapes.str(g.shape)
                    + " differs from tensor shape " + Shapes.str(shape));
        }
        grad = g;
        gradIsStale = false;
    }

    /** Sets the accumulated gradient to zero in place (keeping its memory), if there is one. */
    public void zeroGrad() {
        gradIsStale = grad != null; // zeroed lazily: the next backward overwrites instead of adding to zeros
    }

    /**
     * For {@link Autograd} only: adds {@code g} into this leaf's gradient. The first gradient is
     * copied into memory owned by the leaf's own scope; after {@link #zeroGrad()} the kept memory
     * is overwritten (one copy instead of zero-fill plus add).
     */
    public void accumulateGrad(Tensor g) {
        if (grad == null) {
            grad = g.copy();
            dev.myelin.memory.Scope.transfer(grad, storage.owner());
        } else if (gradIsStale) {
            Kernels.assign(grad, g);
        } else {
            // A large strided add reads across cache lines: one copy first is faster. A broadcast is read as it is.
            Kernels.addInPlace(grad, g.isExpanded() || g.numel() < Kernels.STRIDED_COPY_MIN ? g : g.contiguous());
        }
        gradIsStale = false;
    }

    /** The recorded op that produced this tensor, or null for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    /** For {@link Autograd} only: ties this freshly computed tensor to the op that made it. */
    public void attachGradFn(Node node) {
        gradFn = node;
        requiresGrad = true;
    }

    /** The same memory, cut from the graph: it requires no gradient. */
    public Tensor detach() {
        return view(shape, strides, offset);
    }

    /** Backpropagates from this scalar (d this / d this = 1) into the leaves' {@link #grad()}. */
    public void backward() {
        Autograd.backward(this, null, false);
    }

    /** Backpropagates the given gradient of this tensor. */
    public void backward(Tensor gradOutput) {
        Autograd.backward(this, gradOutput, false);
    }

    /** As {@link #backward(Tensor)}, keeping the graph for another backward when {@code retainGraph}. */
    public void backward(Tensor gradOutput, boolean retainGraph) {
        Autograd.backward(this, gradOutput, retainGraph);
    }

    // ---- math ----

    /** Matrix product (2-D, or batched with broadcast batch dimensions) through cblas_sgemm. */
    public Tensor matmul(Tensor other) {
        return Ops.matmul(this, other);
    }

    public Tensor add(Tensor other) {
        return Ops.add(this, other);
    }

    public Tensor add(float s) {
        return Ops.addScalar(this, s);
    }

    public Tensor sub(Tensor other) {
        return Ops.sub(this, other);
    }

    public Tensor sub(float s) {
        return Ops.addScalar(this, -s);
    }

    public Tensor mul(Tensor other) {
        return Ops.mul(this, other);
    }

    public Tensor mul(float s) {
        return Ops.mulScalar(this, s);
    }

    public Tensor div(Tensor other) {
        return Ops.div(this, other);
    }

    public Tensor div(float s) {
        return Ops.mulScalar(this, 1f / s);
    }

    public Tensor neg() {
        return Ops.neg(this);
    }

    public Tensor exp() {
        return Ops.exp(this);
    }

    public Tensor log() {
        return Ops.log(this);
    }

    public Tensor sqrt() {
        return Ops.sqrt(this);
    }

    public Tensor abs() {
        return Ops.abs(this);
    }

    public Tensor pow(float exponent) {
        return Ops.powScalar(this, exponent);
    }

    public Tensor pow(Tensor exponent) {
        return Ops.pow(this, exponent);
    }

    public Tensor clamp(float min, float max) {
        return Ops.clamp(this, min, max);
    }

    /** Sum of all elements (a 0-d tensor). */
    public Tensor sum() {
        return Ops.sum(this, false);
    }

    /** Sum over the given dimensions. */
    public Tensor sum(boolean keepDim, int... dims) {
        return Ops.sum(this, keepDim, dims);
    }

    /** Mean of all elements (a 0-d tensor). */
    public Tensor mean() {
        return Ops.mean(this, false);
    }

    /** Mean over the given dimensions. */
    public Tensor mean(boolean keepDim, int... dims) {
        return Ops.mean(this, keepDim, dims);
    }

    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
