package dev.myelin.backend.dnnl;

import dev.myelin.ffi.onednn.Dnnl;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.Supplier;

/**
 * oneDNN direct convolution on plain tensors (NCW/NCHW data, OIW/OIHW weights, or GOIW/GOIHW for
 * groups; the weights are reordered to the layout oneDNN prefers, see {@link LayoutReorders}):
 * forward, backward data and backward weights. Each primitive is created once per shape and
 * {@link ConvSpec} and cached; the backward ones are created with the forward one as hint.
 *
 * <p>The bias is part of the forward and backward-weights primitives (adding it, and summing its
 * gradient, in Java cost a pass over the whole activation each: about a tenth of a LeNet step).
 *
 * <p>These are kernels: they do not check shapes (Convolutions does, naming the op) and never record.
 */
public final class Convolution {
    private Convolution() {}

    /** y = conv(x, w) + bias, with {@code bias} null for none. */
    public static Tensor forward(Tensor x, Tensor w, Tensor bias, ConvSpec spec) {
        Operands o = new Operands(x, w, bias != null, spec);
        Tensor dst = Tensor.empty(o.dstShape());
        PrimitiveKey key = o.key("conv_fwd", dst);
        Supplier<Primitive> create = () -> o.createForward(key, dst);
        Primitive conv = PrimitiveCache.get(key, create);
        Tensor wb = LayoutReorders.toPrimitive(key, conv, Dnnl.DNNL_ARG_WEIGHTS(), o.weights);
        Tensor src = LayoutReorders.toPrimitive(key, conv, Dnnl.DNNL_ARG_SRC(), o.src);
        Tensor out = LayoutReorders.outputFor(conv, Dnnl.DNNL_ARG_DST(), dst);
        if (bias == null) {
            PrimitiveCache.run(key, create, src, wb, out);
        } else {
            PrimitiveCache.run(key, create, src, wb, plain(bias), out);
        }
        LayoutReorders.finishOutput(key, conv, Dnnl.DNNL_ARG_DST(), dst, out);
        return dst;
    }

    /**
     * {dL/dx, dL/dw, dL/dbias} given the forward input x and dL/dy, each null unless asked for
     * ({@code data}; {@code weights}, with the bias gradient when {@code withBias}). When both are
     * asked for, dL/dy is reordered into the primitives' layout once.
     */
    public static Tensor[] backward(Tensor x, Tensor w, boolean withBias, Tensor gradOut, ConvSpec spec, boolean data,
            boolean weights) {
        Operands o = new Operands(x, w, withBias, spec);
        Tensor dy = plain(gradOut);
        ReorderedGrad shared = new ReorderedGrad(dy);
        Tensor dx = data ? backwardData(o, shared) : null;
        Tensor[] dwb = weights ? backwardWeights(o, shared, w.shape()) : new Tensor[2];
        return new Tensor[] {dx, dwb[0], dwb[1]};
    }

    /** dL/dx for the forward input x, given dL/dy; {@code withBias} as in the forward call (it names the hint primitive). */
    public static Tensor backwardData(Tensor x, Tensor w, boolean withBias, Tensor gradOut, ConvSpec spec) {
        return backward(x, w, withBias, gradOut, spec, true, false)[0];
    }

    /** {dL/dw, dL/dbias} (the latter null unless {@code withBias}), given the forward input x and dL/dy. */
    public static Tensor[] backwardWeights(Tensor x, Tensor w, boolean withBias, Tensor gradOut, ConvSpec spec) {
        Tensor[] g = backward(x, w, withBias, gradOut, spec, false, true);
        return new Tensor[] {g[1], g[2]};
    }

    private static Tensor backwardData(Operands o, ReorderedGrad dy) {
        Tensor dx = Tensor.empty(o.src.shape());
        PrimitiveKey fwdKey = o.key("conv_fwd", dy.plain);
        PrimitiveKey key = o.key("conv_bwd_data", dy.plain);
        Supplier<Primitive> create = () -> o.create(key, fwdKey, dy.plain, false);
        Primitive conv = PrimitiveCache.get(key, create);
        Tensor wb = LayoutReorders.toPrimitive(key, conv, Dnnl.DNNL_ARG_WEIGHTS(), o.weights);
        Tensor ddst = dy.as(key, conv);
        Tensor out = LayoutReorders.outputFor(conv, Dnnl.DNNL_ARG_DIFF_SRC(), dx);
        PrimitiveCache.run(key, create, ddst, wb, out);
        LayoutReorders.finishOutput(key, conv, Dnnl.DNNL_ARG_DIFF_SRC(), dx, out);
        return dx;
    }

    private static Tensor[] backwardWeights(Operands o, ReorderedGrad dy, int[] weightShape) {
        Tensor dw = Tensor.empty(o.weights.shape());
        PrimitiveKey fwdKey = o.key("conv_fwd", dy.plain);
        PrimitiveKey key = o.key("conv_bwd_weights", dy.plain);
        Supplier<Primitive> create = () -> o.create(key, fwdKey, dy.plain, true);
        Primitive conv = PrimitiveCache.get(key, create);
        Tensor dwb = LayoutReorders.outputFor(conv, Dnnl.DNNL_ARG_DIFF_WEIGHTS(), dw);
        Tensor src = LayoutReorders.toPrimitive(key, conv, Dnnl.DNNL_ARG_SRC(), o.src);
        Tensor ddst = dy.as(key, conv);
        Tensor db = null;
        if (o.withBias) {
            db = Tensor.empty(dy.plain.size(1));
            PrimitiveCache.run(key, create, src, ddst, dwb, db);
        } else {
            PrimitiveCache.run(key, create, src, ddst, dwb);
        }
        LayoutReorders.finishOutput(key, conv, Dnnl.DNNL_ARG_DIFF_WEIGHTS(), dw, dwb);
        return new Tensor[] {dw.reshape(weightShape), db};
    }

    /** dL/dy and its last reordered copy, reused when the next primitive reads the same layout. */
    private static final class ReorderedGrad {
        final Tensor plain;
        private Tensor reordered;
        private MemorySegment layout;

        ReorderedGrad(Tensor plain) {
            this.plain = plain;
        }

        /** dL/dy as primitive {@code conv}, cached under {@code key}, reads it. */
        Tensor as(PrimitiveKey key, Primitive conv) {
            MemorySegment wanted = LayoutReorders.argDesc(conv, Dnnl.DNNL_ARG_DIFF_DST());
            if (reordered == null || Dnnl.dnnl_memory_desc_equal(layout, wanted) == 0) {
                reordered = LayoutReorders.toPrimitive(key, conv, Dnnl.DNNL_ARG_DIFF_DST(), plain);
                layout = wanted;
            }
            return reordered;
        }
    }

    private static Tensor plain(Tensor t) {
        return t == null ? null : t.detach().contiguous(); // a kernel: nothing here records
    }

    /** The operands in the layouts oneDNN is given: contiguous, weights split into groups when there are several. */
    private static final class Operands {
        final Tensor src;
        final Tensor weights;
        final boolean withBias;
        final ConvSpec spec;
        final ConvLayout layout = ConvLayout.current();

        Operands(Tensor x, Tensor w, boolean withBias, ConvSpec spec) {
            this.src = plain(x);
            this.withBias = withBias;
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

        int outChannels() {
            return weights.size(0) * (spec.groups() > 1 ? weights.size(1) : 1);
        }

        int[] dstShape() {
            int k = spec.spatialDims();
            int[] out = new int[k + 2];
            out[0] = src.size(0);
            out[1] = outChannels();
            int wOff = weights.dim() - k;
            for (int d = 0; d < k; d++) {
                out[d + 2] = spec.outputSize(d, src.size(d + 2), weights.size(wOff + d));
            }
            return out;
        }

        PrimitiveKey key(String op, Tensor dst) {
            PrimitiveKey.Builder b = PrimitiveKey.of(op + (withBias ? "_bias_" : "_") + layout).add(src).add(weights).add(dst);
            spec.addTo(b);
            return b.build();
        }

        Primitive createForward(PrimitiveKey key, Tensor dst) {
            try (Arena arena = Arena.ofConfined(); Descs d = new Descs(this, dst, arena)) {
                MemorySegment pd = arena.allocate(Dnnl.C_POINTER);
                OneDnn.check(Dnnl.dnnl_convolution_forward_primitive_desc_create(pd, OneDnn.engine(), Dnnl.dnnl_forward_training(),
                        Dnnl.dnnl_convolution_direct(), d.src, d.weights, d.bias, d.dst, d.strides, d.dilates, d.padL, d.padR,
                        MemorySegment.NULL), "conv forward " + d.what);
                return withBias
                        ? Primitive.create(key.op(), pd.get(Dnnl.C_POINTER, 0),
                                Dnnl.DNNL_ARG_SRC(), Dnnl.DNNL_ARG_WEIGHTS(), Dnnl.DNNL_ARG_BIAS(), Dnnl.DNNL_ARG_DST())
                        : Primitive.create(key.op(), pd.get(Dnnl.C_POINTER, 0),
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
                        Dnnl.dnnl_convolution_direct(), d.src, d.weights, d.bias, d.dst, d.strides, d.dilates, d.padL, d.padR,
                        fwd.pd(), MemorySegment.NULL), "conv backward weights " + d.what);
                return withBias
                        ? Primitive.create(key.op(), pd.get(Dnnl.C_POINTER, 0),
                                Dnnl.DNNL_ARG_SRC(), Dnnl.DNNL_ARG_DIFF_DST(), Dnnl.DNNL_ARG_DIFF_WEIGHTS(), Dnnl.DNNL_ARG_DIFF_BIAS())
                        : Primitive.create(key.op(), pd.get(Dnnl.C_POINTER, 0),
                                Dnnl.DNNL_ARG_SRC(), Dnnl.DNNL_ARG_DIFF_DST(), Dnnl.DNNL_ARG_DIFF_WEIGHTS());
            }
        }
    }

    /** The memory descriptors and geometry arrays of one primitive creation; the descriptors are destroyed on close. */
    private static final class Descs implements AutoCloseable {
        final MemorySegment src;
        final MemorySegment weights;
        final MemorySegment bias;
        final MemorySegment dst;
        final MemorySegment strides;
        final MemorySegment dilates;
        final MemorySegment padL;
        final MemorySegment padR;
        final String what;

        Descs(Operands o, Tensor dstTensor, Arena arena) {
            src = o.layout.desc(o.src, arena);
            weights = LayoutReorders.anyDesc(o.weights, arena); // oneDNN picks the layout; see LayoutReorders
            bias = o.withBias ? OneDnn.taggedDesc(arena, Dnnl.dnnl_a(), o.outChannels()) : MemorySegment.NULL;
            dst = o.layout.desc(dstTensor, arena);
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
            for (MemorySegment m : new MemorySegment[] {src, weights, bias, dst}) {
                if (!m.equals(MemorySegment.NULL)) {
                    Dnnl.dnnl_memory_desc_destroy(m);
                }
            }
        }
    }
}
