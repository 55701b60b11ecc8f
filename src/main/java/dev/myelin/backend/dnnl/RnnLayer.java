package dev.myelin.backend.dnnl;

import dev.myelin.ffi.NativeLibraries;
import dev.myelin.ffi.onednn.Dnnl;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One recurrent layer (one or both directions) through oneDNN's RNN primitives: vanilla RNN (tanh
 * or ReLU), LSTM and linear-before-reset GRU, forward (training, with a workspace, or inference)
 * and backward through time. One primitive per layer, direction unidirectional_left2right or
 * bidirectional_concat, so the output is {@code [T, N, D * H]} as PyTorch feeds it to the next layer.
 *
 * <p>Weights arrive in PyTorch's layout ({@link RnnWeights}), which per direction is oneDNN's ldgoi
 * once the gates are in oneDNN's order. The forward primitive takes weights of format "any" and gets
 * them reordered into the layout it chose (ldgoi is unimplemented there); the backward reads them as
 * ldgoi, as they are. Weight gradients are written (overwritten, not added to) in the layout the
 * backward chose and handed on as strided views of it when that layout is a plain one (as this
 * build's padded ldigo is); a blocked layout would be reordered back to ldgoi.
 *
 * <p>These are kernels: the caller checks shapes (naming its module) and records for autograd.
 */
public final class RnnLayer {
    static {
        NativeLibraries.ensureLoaded(); // Dnnl's symbols resolve only once the library is loaded
    }

    private RnnLayer() {}

    /**
     * A forward pass's results. {@code packed} is one buffer holding output, then h_N, then (LSTM) c_N,
     * which the other three view: one tensor an autograd node can be recorded on. {@code saved} is
     * what backward needs (null after an inference forward).
     */
    public record Forward(Tensor packed, Tensor output, Tensor hN, Tensor cN, Saved saved) {}

    /** Gradients of the layer input {@code [T, N, in]}, h0 and c0 {@code [D, N, H]}, and the parameters per direction. */
    public record Gradients(Tensor input, Tensor h0, Tensor c0, Tensor[] ih, Tensor[] hh, Tensor[] biasIh, Tensor[] biasHh) {}

    /** The forward pass's operands and results, kept for backward. */
    public static final class Saved {
        private final Geometry geo;
        private final Map<Integer, Tensor> tensors;

        private Saved(Geometry geo, Map<Integer, Tensor> tensors) {
            this.geo = geo;
            this.tensors = tensors;
        }
    }

    /** Sizes of one layer's call; with the cell, everything a primitive depends on. */
    private record Geometry(RnnCell cell, int steps, int batch, int input, int hidden, int directions) {
        PrimitiveKey key(String op) {
            return PrimitiveKey.of(op).add(cell.ordinal()).add(steps).add(batch).add(input).add(hidden).add(directions).build();
        }

        int[] stateShape() {
            return new int[] {1, directions, batch, hidden};
        }

        long outputElements() {
            return (long) steps * batch * directions * hidden;
        }

        long stateElements() {
            return (long) directions * batch * hidden;
        }
    }

    /**
     * Runs the layer on {@code x [T, N, in]} from states {@code h0}, {@code c0} {@code [D, N, H]}
     * (null for zeros; c0 only for LSTM). {@code training} keeps the workspace for {@link #backward}.
     */
    public static Forward forward(RnnCell cell, Tensor x, Tensor h0, Tensor c0, RnnWeights w, int hidden, boolean training) {
        Tensor src = x.detach().contiguous();
        Geometry geo = new Geometry(cell, src.size(0), src.size(1), src.size(2), hidden, w.directions());
        long out = geo.outputElements();
        long state = geo.stateElements();
        Tensor packed = Tensor.empty(Math.toIntExact(out + state * (cell.hasCellState() ? 2 : 1)));
        Tensor y = packed.slice(0, 0, (int) out).view(geo.steps, geo.batch, geo.directions * hidden);
        Tensor hN = packed.slice(0, (int) out, (int) (out + state)).view(geo.stateShape());
        Tensor cN = cell.hasCellState() ? packed.slice(0, (int) (out + state), packed.size(0)).view(geo.stateShape()) : null;

        Map<Integer, Tensor> args = new LinkedHashMap<>();
        args.put(Dnnl.DNNL_ARG_SRC_LAYER(), src);
        args.put(Dnnl.DNNL_ARG_SRC_ITER(), state(h0, geo));
        if (cell.hasCellState()) {
            args.put(Dnnl.DNNL_ARG_SRC_ITER_C(), state(c0, geo));
        }
        args.put(Dnnl.DNNL_ARG_WEIGHTS_LAYER(), RnnWeights.toOneDnn(cell, w.ih(), hidden));
        args.put(Dnnl.DNNL_ARG_WEIGHTS_ITER(), RnnWeights.toOneDnn(cell, w.hh(), hidden));
        args.put(Dnnl.DNNL_ARG_BIAS(), w.toOneDnnBias(cell, hidden));
        args.put(Dnnl.DNNL_ARG_DST_LAYER(), y);
        args.put(Dnnl.DNNL_ARG_DST_ITER(), hN);
        if (cell.hasCellState()) {
            args.put(Dnnl.DNNL_ARG_DST_ITER_C(), cN);
        }
        PrimitiveKey key = geo.key(training ? "rnn_fwd_training" : "rnn_fwd_inference");
        int[] argIds = ids(args, training ? Dnnl.DNNL_ARG_WORKSPACE() : null);
        Primitive p = PrimitiveCache.get(key, () -> createForward(key, geo, training, argIds));
        Map<Integer, Tensor> run = new LinkedHashMap<>(args);
        for (int arg : new int[] {Dnnl.DNNL_ARG_WEIGHTS_LAYER(), Dnnl.DNNL_ARG_WEIGHTS_ITER()}) {
            run.put(arg, LayoutReorders.toPrimitive(key, p, arg, args.get(arg)));
        }
        if (training) {
            run.put(Dnnl.DNNL_ARG_WORKSPACE(), LayoutReorders.buffer(p, Dnnl.DNNL_ARG_WORKSPACE()));
        }
        PrimitiveCache.run(key, () -> createForward(key, geo, training, argIds), run.values().toArray(Tensor[]::new));
        if (training) {
            args.put(Dnnl.DNNL_ARG_WORKSPACE(), run.get(Dnnl.DNNL_ARG_WORKSPACE()));
        }
        return new Forward(packed, y, hN.view(geo.directions, geo.batch, hidden),
                cN == null ? null : cN.view(geo.directions, geo.batch, hidden), training ? new Saved(geo, args) : null);
    }

    /** Backpropagation through time, given the gradient of {@link Forward#packed} (output, h_N, c_N in one). */
    public static Gradients backward(Saved s, Tensor gradPacked) {
        Geometry geo = s.geo;
        RnnCell cell = geo.cell;
        Tensor g = gradPacked.detach().contiguous();
        long out = geo.outputElements();
        long state = geo.stateElements();
        Map<Integer, Tensor> args = new LinkedHashMap<>(s.tensors);
        args.put(Dnnl.DNNL_ARG_DIFF_DST_LAYER(), g.slice(0, 0, (int) out).view(geo.steps, geo.batch, geo.directions * geo.hidden));
        args.put(Dnnl.DNNL_ARG_DIFF_DST_ITER(), g.slice(0, (int) out, (int) (out + state)).view(geo.stateShape()));
        if (cell.hasCellState()) {
            args.put(Dnnl.DNNL_ARG_DIFF_DST_ITER_C(), g.slice(0, (int) (out + state), g.size(0)).view(geo.stateShape()));
        }
        Tensor dx = Tensor.empty(geo.steps, geo.batch, geo.input);
        Tensor dh0 = Tensor.empty(geo.stateShape());
        Tensor dc0 = cell.hasCellState() ? Tensor.empty(geo.stateShape()) : null;
        Tensor dBias = Tensor.zeros(1, geo.directions, cell.biasGates(), geo.hidden);
        args.put(Dnnl.DNNL_ARG_DIFF_SRC_LAYER(), dx);
        args.put(Dnnl.DNNL_ARG_DIFF_SRC_ITER(), dh0);
        if (cell.hasCellState()) {
            args.put(Dnnl.DNNL_ARG_DIFF_SRC_ITER_C(), dc0);
        }
        args.put(Dnnl.DNNL_ARG_DIFF_WEIGHTS_LAYER(), null); // placeholders: the buffers depend on the layout chosen
        args.put(Dnnl.DNNL_ARG_DIFF_WEIGHTS_ITER(), null);
        args.put(Dnnl.DNNL_ARG_DIFF_BIAS(), dBias);

        PrimitiveKey fwdKey = geo.key("rnn_fwd_training");
        PrimitiveKey key = geo.key("rnn_bwd");
        int[] argIds = ids(args, null);
        Primitive p = PrimitiveCache.get(key, () -> createBackward(key, fwdKey, geo, argIds));
        // The weights as saved: ldgoi, what createBackward asks for. Their gradients come in the
        // (padded) ldigo oneDNN picks, viewed as they are: accumulating them into .grad is the one copy.
        Map<Integer, Tensor> run = new LinkedHashMap<>(args);
        Map<Integer, Tensor> diffWeights = new LinkedHashMap<>();
        for (int arg : new int[] {Dnnl.DNNL_ARG_DIFF_WEIGHTS_LAYER(), Dnnl.DNNL_ARG_DIFF_WEIGHTS_ITER()}) {
            int in = arg == Dnnl.DNNL_ARG_DIFF_WEIGHTS_LAYER() ? geo.input : geo.hidden;
            Tensor strided = LayoutReorders.stridedOutput(p, arg, RnnWeights.ldigoShape(cell, geo.directions, in, geo.hidden));
            Tensor grad = strided != null ? strided : RnnWeights.gradientBuffer(cell, geo.directions, in, geo.hidden);
            diffWeights.put(arg, grad);
            run.put(arg, strided != null ? strided : LayoutReorders.outputFor(p, arg, grad));
        }
        PrimitiveCache.run(key, () -> createBackward(key, fwdKey, geo, argIds), run.values().toArray(Tensor[]::new));
        for (int arg : diffWeights.keySet()) {
            LayoutReorders.finishOutput(key, p, arg, diffWeights.get(arg), run.get(arg)); // a no-op unless a blocked layout came back
        }
        Tensor[][] biases = RnnWeights.fromOneDnnBias(cell, dBias, geo.hidden);
        int[] stateShape = {geo.directions, geo.batch, geo.hidden};
        return new Gradients(dx, dh0.view(stateShape), dc0 == null ? null : dc0.view(stateShape),
                RnnWeights.fromOneDnn(cell, diffWeights.get(Dnnl.DNNL_ARG_DIFF_WEIGHTS_LAYER()), geo.hidden),
                RnnWeights.fromOneDnn(cell, diffWeights.get(Dnnl.DNNL_ARG_DIFF_WEIGHTS_ITER()), geo.hidden),
                biases[0], biases[1]);
    }

    private static Tensor state(Tensor given, Geometry geo) {
        return given == null ? Tensor.zeros(geo.stateShape()) : given.detach().contiguous().view(geo.stateShape());
    }

    private static int[] ids(Map<Integer, Tensor> args, Integer extra) {
        int[] ids = new int[args.size() + (extra == null ? 0 : 1)];
        int i = 0;
        for (int id : args.keySet()) {
            ids[i++] = id;
        }
        if (extra != null) {
            ids[i] = extra;
        }
        return ids;
    }

    private static Primitive createForward(PrimitiveKey key, Geometry geo, boolean training, int[] args) {
        try (Arena arena = Arena.ofConfined(); Descs d = new Descs(geo, arena)) {
            MemorySegment pd = arena.allocate(Dnnl.C_POINTER);
            int prop = training ? Dnnl.dnnl_forward_training() : Dnnl.dnnl_forward_inference();
            int dir = direction(geo);
            int flags = Dnnl.dnnl_rnn_flags_undef();
            MemorySegment none = MemorySegment.NULL;
            int status = switch (geo.cell) {
                case RNN_TANH, RNN_RELU -> Dnnl.dnnl_vanilla_rnn_forward_primitive_desc_create(pd, OneDnn.engine(), prop,
                        activation(geo.cell), dir, d.srcLayer, d.iter, d.weightsLayer, d.weightsIter, d.bias, d.dstLayer, d.iter,
                        flags, 0f, 0f, none);
                case LSTM -> Dnnl.dnnl_lstm_forward_primitive_desc_create(pd, OneDnn.engine(), prop, dir, d.srcLayer, d.iter,
                        d.iter, d.weightsLayer, d.weightsIter, none, none, d.bias, d.dstLayer, d.iter, d.iter, flags, none);
                case GRU -> Dnnl.dnnl_lbr_gru_forward_primitive_desc_create(pd, OneDnn.engine(), prop, dir, d.srcLayer, d.iter,
                        d.weightsLayer, d.weightsIter, d.bias, d.dstLayer, d.iter, flags, none);
            };
            OneDnn.check(status, key.op() + " " + geo);
            return Primitive.create(key.op(), pd.get(Dnnl.C_POINTER, 0), args);
        }
    }

    private static Primitive createBackward(PrimitiveKey key, PrimitiveKey fwdKey, Geometry geo, int[] args) {
        Primitive fwd = PrimitiveCache.get(fwdKey, () -> createForward(fwdKey, geo, true, forwardTrainingArgs(geo)));
        try (Arena arena = Arena.ofConfined(); Descs d = new Descs(geo, arena)) {
            MemorySegment pd = arena.allocate(Dnnl.C_POINTER);
            int dir = direction(geo);
            int flags = Dnnl.dnnl_rnn_flags_diff_weights_overwrite(); // so the weight-gradient buffers need no zero fill
            MemorySegment none = MemorySegment.NULL;
            int bwd = Dnnl.dnnl_backward();
            // The weights as they are (ldgoi: PyTorch's layout): the backward reads them without a reorder;
            // their gradients stay "any" (ldgoi there is unimplemented); backward() views or reorders what comes back.
            MemorySegment wl = d.plainWeightsLayer;
            MemorySegment wi = d.plainWeightsIter;
            int status = switch (geo.cell) {
                case RNN_TANH, RNN_RELU -> Dnnl.dnnl_vanilla_rnn_backward_primitive_desc_create(pd, OneDnn.engine(), bwd,
                        activation(geo.cell), dir, d.srcLayer, d.iter, wl, wi, d.bias, d.dstLayer, d.iter,
                        d.srcLayer, d.iter, d.weightsLayer, d.weightsIter, d.bias, d.dstLayer, d.iter, flags, 0f, 0f, fwd.pd(), none);
                case LSTM -> Dnnl.dnnl_lstm_backward_primitive_desc_create(pd, OneDnn.engine(), bwd, dir, d.srcLayer, d.iter,
                        d.iter, wl, wi, none, none, d.bias, d.dstLayer, d.iter, d.iter,
                        d.srcLayer, d.iter, d.iter, d.weightsLayer, d.weightsIter, none, none, d.bias, d.dstLayer, d.iter, d.iter,
                        flags, fwd.pd(), none);
                case GRU -> Dnnl.dnnl_lbr_gru_backward_primitive_desc_create(pd, OneDnn.engine(), bwd, dir, d.srcLayer, d.iter,
                        wl, wi, d.bias, d.dstLayer, d.iter, d.srcLayer, d.iter, d.weightsLayer,
                        d.weightsIter, d.bias, d.dstLayer, d.iter, flags, fwd.pd(), none);
            };
            OneDnn.check(status, key.op() + " " + geo);
            return Primitive.create(key.op(), pd.get(Dnnl.C_POINTER, 0), args);
        }
    }

    /** The argument order {@link #forward} uses for a training primitive (the backward primitive's hint may create it). */
    private static int[] forwardTrainingArgs(Geometry geo) {
        boolean c = geo.cell.hasCellState();
        return c
                ? new int[] {Dnnl.DNNL_ARG_SRC_LAYER(), Dnnl.DNNL_ARG_SRC_ITER(), Dnnl.DNNL_ARG_SRC_ITER_C(),
                        Dnnl.DNNL_ARG_WEIGHTS_LAYER(), Dnnl.DNNL_ARG_WEIGHTS_ITER(), Dnnl.DNNL_ARG_BIAS(),
                        Dnnl.DNNL_ARG_DST_LAYER(), Dnnl.DNNL_ARG_DST_ITER(), Dnnl.DNNL_ARG_DST_ITER_C(), Dnnl.DNNL_ARG_WORKSPACE()}
                : new int[] {Dnnl.DNNL_ARG_SRC_LAYER(), Dnnl.DNNL_ARG_SRC_ITER(), Dnnl.DNNL_ARG_WEIGHTS_LAYER(),
                        Dnnl.DNNL_ARG_WEIGHTS_ITER(), Dnnl.DNNL_ARG_BIAS(), Dnnl.DNNL_ARG_DST_LAYER(), Dnnl.DNNL_ARG_DST_ITER(),
                        Dnnl.DNNL_ARG_WORKSPACE()};
    }

    private static int direction(Geometry geo) {
        return geo.directions == 2 ? Dnnl.dnnl_bidirectional_concat() : Dnnl.dnnl_unidirectional_left2right();
    }

    private static int activation(RnnCell cell) {
        return cell == RnnCell.RNN_RELU ? Dnnl.dnnl_eltwise_relu() : Dnnl.dnnl_eltwise_tanh();
    }

    /** Memory descriptors of one primitive creation (plain layouts; weights "any" and ldgoi); destroyed on close. */
    private static final class Descs implements AutoCloseable {
        final MemorySegment srcLayer;
        final MemorySegment dstLayer;
        final MemorySegment iter;
        final MemorySegment weightsLayer;
        final MemorySegment weightsIter;
        final MemorySegment plainWeightsLayer;
        final MemorySegment plainWeightsIter;
        final MemorySegment bias;

        Descs(Geometry g, Arena arena) {
            srcLayer = desc(arena, Dnnl.dnnl_tnc(), g.steps, g.batch, g.input);
            dstLayer = desc(arena, Dnnl.dnnl_tnc(), g.steps, g.batch, g.directions * g.hidden);
            iter = desc(arena, Dnnl.dnnl_ldnc(), 1, g.directions, g.batch, g.hidden);
            weightsLayer = desc(arena, Dnnl.dnnl_format_tag_any(), 1, g.directions, g.input, g.cell.gates(), g.hidden);
            weightsIter = desc(arena, Dnnl.dnnl_format_tag_any(), 1, g.directions, g.hidden, g.cell.gates(), g.hidden);
            plainWeightsLayer = desc(arena, Dnnl.dnnl_ldgoi(), 1, g.directions, g.input, g.cell.gates(), g.hidden);
            plainWeightsIter = desc(arena, Dnnl.dnnl_ldgoi(), 1, g.directions, g.hidden, g.cell.gates(), g.hidden);
            bias = desc(arena, Dnnl.dnnl_ldgo(), 1, g.directions, g.cell.biasGates(), g.hidden);
        }

        private static MemorySegment desc(Arena arena, int tag, long... dims) {
            MemorySegment d = arena.allocate(Dnnl.C_LONG_LONG, dims.length);
            for (int i = 0; i < dims.length; i++) {
                d.setAtIndex(Dnnl.C_LONG_LONG, i, dims[i]);
            }
            MemorySegment out = arena.allocate(Dnnl.C_POINTER);
            OneDnn.check(Dnnl.dnnl_memory_desc_create_with_tag(out, dims.length, d, Dnnl.dnnl_f32(), tag),
                    "dnnl_memory_desc_create_with_tag" + java.util.Arrays.toString(dims));
            return out.get(Dnnl.C_POINTER, 0);
        }

        @Override
        public void close() {
            for (MemorySegment m : new MemorySegment[] {srcLayer, dstLayer, iter, weightsLayer, weightsIter, plainWeightsLayer, plainWeightsIter, bias}) {
                Dnnl.dnnl_memory_desc_destroy(m);
            }
        }
    }
}
