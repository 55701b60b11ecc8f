package dev.myelin.backend.dnnl;

import dev.myelin.ffi.onednn.Dnnl;
import dev.myelin.ops.Kernels;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.Supplier;

/**
 * oneDNN direct convolution on plain tensors (NCW/NCHW data, OIW/OIHW weights, or GOIW/GOIHW for
 * groups; the weights are reordered to the layout oneDNN prefers, see {@link ConvWeightLayout}):
 * forward, backward data and backward weights. Each primitive is created once per shape and
 * {@link ConvSpec} and cached; the backward ones are created with the forward one as hint.
 *
 * <p>The bias is added (and its gradient summed) in Java, not by the primitive: Primitive.create reads
 * every argument's descriptor at query index 0, and the bias descriptor is weights_md at index 1.
 *
 * <p>These are kernels: they do not check shapes (Convolutions does, naming the op) and never record.
 */
public final class Convolution {
    private Convolution() {}

    /** y = conv(x, w) + bias, with {@code bias} null for none. */
    public static Tensor forward(Tensor x, Tensor w, Tensor bias, ConvSpec spec) {
        Operands o = new Operands(x, w, spec);
        Tensor dst = Tensor.empty(o.dstShape());
        PrimitiveKey key = o.key("conv_fwd", dst);
        Supplier<Primitive> create = () -> o.createForward(key, dst);
        PrimitiveCache.run(key, create, o.src, blockedWeights(o, key, create, dst), dst);
        if (bias != null) {
            Kernels.addInPlace(dst, bias.detach().reshape(perChannel(bias.size(0), spec)));
        }
        return dst;
    }

    /** dL/dx for the forward input x, given dL/dy. */
    public static Tensor backwardData(Tensor x, Tensor w, Tensor gradOut, ConvSpec spec) {
        Operands o = new Operands(x, w, spec);
        Tensor dy = plain(gradOut);
        Tensor dx = Tensor.empty(x.shape());
        PrimitiveKey fwdKey = o.key("conv_fwd", dy);
        PrimitiveKey key = o.key("conv_bwd_data", dy);
        Supplier<Primitive> create = () -> o.create(key, fwdKey, dy, false);
        PrimitiveCache.run(key, create, dy, blockedWeights(o, key, create, dy), dx);
        return dx;
    }

    /** {dL/dw, dL/dbias} (the latter null unless {@code withBias}), given the forward input x and dL/dy. */
    public static Tensor[] backwardWeights(Tensor x, Tensor w, boolean withBias, Tensor gradOut, ConvSpec spec) {
        Operands o = new Operands(x, w, spec);
        Tensor dy = plain(gradOut);
        Tensor dw = Tensor.empty(o.weights.shape());
        PrimitiveKey fwdKey = o.key("conv_fwd", dy);
        PrimitiveKey key = o.key("conv_bwd_weights", dy);
        Primitive conv = PrimitiveCache.get(key, () -> o.create(key, fwdKey, dy, true));
        Tensor dwb = ConvWeightLayout.blockedBuffer(conv, Dnnl.dnnl_query_diff_weights_md());
        PrimitiveCache.run(key, () -> o.create(key, fwdKey, dy, true), o.src, dy, dwb);
        ConvWeightLayout.reorder(o.key("conv_bwd_weights_w_out", dy), conv, Dnnl.dnnl_query_diff_weights_md(), dw, dwb, false);
        Tensor db = withBias ? Kernels.sumToShape(dy, perChannel(dy.size(1), spec)).reshape(dy.size(1)) : null;
        return new Tensor[] {dw.reshape(w.shape()), db};
    }

    /** The weights reordered into the layout the primitive under {@code key} reads them in. */
    private static Tensor blockedWeights(Operands o, PrimitiveKey key, Supplier<Primitive> create, Tensor dst) {
        Primitive conv = PrimitiveCache.get(key, create);
        Tensor wb = ConvWeightLayout.blockedBuffer(conv, Dnnl.dnnl_query_weights_md());
        ConvWeightLayout.reorder(o.key(key.op() + "_w_in", dst), conv, Dnnl.dnnl_query_weights_md(), o.weights, wb, true);
        return wb;
    }

    /** [O, 1, 1]: a per-channel vector shaped to broadcast over the spatial dimensions. */
    private static int[] perChannel(int channels, ConvSpec spec) {
        int[] s = new int[spec.spatialDims() + 1];
        java.util.Arrays.fill(s, 1);
        s[0] = channels;
        return s;
    }

    private static Tensor plain(Tensor t) {
        return t == null ? null : t.detach().contiguous(); // a kernel: nothing here records
    }

    /** The operands in the layouts oneDNN is given: contiguous, weights split into groups when there are several. */
    private static final class Operands {
        final Tensor src;
        final Tensor weights;
        final ConvSpec spec;

        Operands(Tensor x, Tensor w, ConvSpec spec) {
            this.src = plain(x);
            this.spec = spec;
            Tensor wc = plain(w);
            if (spec.groups() > 1) {
                int[] s = wc.shape();
                int[] g = new int[s.length + 1];
                g[0] = spec.groups();
                g[1] = s[0] / spec.groups();
                System.arraycopy(s, 1, g, 2, s.length - 1);
                wc = wc.reshape(g);
            }
            this.weights = wc;
        }

        int[] dstShape() {
            int k = spec.spatialDims();
            int[] out = new int[k + 2];
            out[0] = src.size(0);
            out[1] = weights.size(0) * (spec.groups() > 1 ? weights.size(1) : 1);
            int wOff = weights.dim() - k;
            for (int d = 0; d < k; d++) {
                out[d + 2] = spec.outputSize(d, src.size(d + 2), weights.size(wOff + d));
            }
            return out;
        }

        PrimitiveKey key(String op, Tensor dst) {
            PrimitiveKey.Builder b = PrimitiveKey.of(op).add(src).add(weights).add(dst);
            spec.addTo(b);
            return b.build();
        }

        Primitive createForward(PrimitiveKey key, Tensor dst) {
            try (Arena arena = Arena.ofConfined(); Descs d = new Descs(this, dst, arena)) {
                MemorySegment pd = arena.allocate(Dnnl.C_POINTER);
                OneDnn.check(Dnnl.dnnl_convolution_forward_primitive_desc_create(pd, OneDnn.engine(), Dnnl.dnnl_forward_training(),
                        Dnnl.dnnl_convolution_direct(), d.src, d.weights, MemorySegment.NULL, d.dst, d.strides, d.dilates, d.padL, d.padR,
                        MemorySegment.NULL), "conv forward " + d.what);
                return Primitive.create(key.op(), pd.get(Dnnl.C_POINTER, 0),
                        Dnnl.DNNL_ARG_SRC(), Dnnl.DNNL_ARG_WEIGHTS(), Dnnl.DNNL_ARG_DST());
            }
        }

        /** A backward primitive: weights (and bias) gradient when {@code weightsGrad}, otherwise data gradient. */
        Primitive create(PrimitiveKey key, PrimitiveKey fwdKey, Tensor dy, boolean weightsGrad) {
            Primitive fwd = PrimitiveCache.get(fwdKey, () -> createForward(fwdKey, dy));
            try (Arena arena = Arena.ofConfined(); Descs d = new Descs(this, dy, arena)) {
                MemorySegment pd = arena.allocate(Dnnl.C_POINTER);
                if (!weightsGrad) {
                    OneDnn.check(Dnnl.dnnl_convolution_backward_data_primitive_desc_create(pd, OneDnn.engine(),
                            Dnnl.dnnl_convolution_direct(), d.src, d.weights, d.dst, d.strides, d.dilates, d.padL, d.padR,
                            fwd.pd(), MemorySegment.NULL), "conv backward data " + d.what);
                    return Primitive.create(key.op(), pd.get(Dnnl.C_POINTER, 0),
                            Dnnl.DNNL_ARG_DIFF_DST(), Dnnl.DNNL_ARG_WEIGHTS(), Dnnl.DNNL_ARG_DIFF_SRC());
                }
                OneDnn.check(Dnnl.dnnl_convolution_backward_weights_primitive_desc_create(pd, OneDnn.engine(),
                        Dnnl.dnnl_convolution_direct(), d.src, d.weights, MemorySegment.NULL, d.dst, d.strides, d.dilates, d.padL, d.padR,
                        fwd.pd(), MemorySegment.NULL), "conv backward weights " + d.what);
                return Primitive.create(key.op(), pd.get(Dnnl.C_POINTER, 0),
                        Dnnl.DNNL_ARG_SRC(), Dnnl.DNNL_ARG_DIFF_DST(), Dnnl.DNNL_ARG_DIFF_WEIGHTS());
            }
        }
    }

    /** The memory descriptors and geometry arrays of one primitive creation; the descriptors are destroyed on close. */
    private static final class Descs implements AutoCloseable {
        final MemorySegment src;
        final MemorySegment weights;
        final MemorySegment dst;
        final MemorySegment strides;
        final MemorySegment dilates;
        final MemorySegment padL;
        final MemorySegment padR;
        final String what;

        Descs(Operands o, Tensor dstTensor, Arena arena) {
            src = OneDnn.memoryDesc(o.src, arena);
            weights = ConvWeightLayout.anyDesc(o.weights, arena); // oneDNN picks the layout; see ConvWeightLayout
            dst = OneDnn.memoryDesc(dstTensor, arena);
            ConvSpec s = o.spec;
            strides = dims(arena, s.stride(), 0);
            dilates = dims(arena, s.dilation(), -1); // oneDNN counts the gaps: PyTorch's dilation - 1
            padL = dims(arena, s.padBefore(), 0);
            padR = dims(arena, s.padAfter(), 0);
            what = java.util.Arrays.toString(o.src.shape()) + " * " + java.util.Arrays.toString(o.weights.shape()) + " (" + s + ")";
        }

        private static MemorySegment dims(Arena arena, int[] values, int offset) {
            MemorySegment m = arena.allocate(Dnnl.C_LONG_LONG, values.length);
            for (int i = 0; i < values.length; i++) {
                m.setAtIndex(Dnnl.C_LONG_LONG, i, values[i] + offset);
            }
            return m;
        }

        @Override
        public void close() {
            for (MemorySegment m : new MemorySegment[] {src, weights, dst}) {
                Dnnl.dnnl_memory_desc_destroy(m);
            }
        }
    }
}
