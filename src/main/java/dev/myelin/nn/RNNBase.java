package dev.myelin.nn;

import dev.myelin.autograd.Autograd;
import dev.myelin.autograd.GradMode;
import dev.myelin.backend.dnnl.RnnCell;
import dev.myelin.backend.dnnl.RnnLayer;
import dev.myelin.backend.dnnl.RnnWeights;
import dev.myelin.nn.init.Init;
import dev.myelin.ops.Ops;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;

/**
 * What {@link RNN}, {@link LSTM} and {@link GRU} share, as PyTorch's {@code nn.RNNBase}: stacked
 * layers, optionally bidirectional, run through oneDNN one layer at a time (layer l + 1 reads the
 * concatenated directions of layer l), with dropout between layers in training mode.
 *
 * <p>Parameters, named and shaped as PyTorch's state dict so its checkpoints load: for each layer
 * k and direction (suffix "" or "_reverse"), {@code weight_ih_lk [gates * H, in_k]},
 * {@code weight_hh_lk [gates * H, H]}, {@code bias_ih_lk} and {@code bias_hh_lk [gates * H]}, with
 * {@code in_0 = input_size} and {@code in_k = D * H} above; all drawn from U(-1/sqrt(H), 1/sqrt(H)).
 *
 * <p>Each layer is one autograd node: its backward is oneDNN's backpropagation through time.
 */
public abstract class RNNBase extends Module {
    private final RnnCell cell;
    private final int inputSize;
    private final int hiddenSize;
    private final int numLayers;
    private final boolean bias;
    private final boolean batchFirst;
    private final int directions;
    private final float dropout;
    private final Dropout between;
    private final RnnWeights[] layers;

    RNNBase(RnnCell cell, int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, float dropout,
            boolean bidirectional, long seed) {
        String name = cell.moduleName();
        if (inputSize <= 0 || hiddenSize <= 0 || numLayers <= 0) {
            throw new IllegalArgumentException(name + ": input_size, hidden_size and num_layers must be positive, got "
                    + inputSize + ", " + hiddenSize + ", " + numLayers);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException(name + ": dropout must be in [0, 1), got " + dropout);
        }
        this.cell = cell;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.bias = bias;
        this.batchFirst = batchFirst;
        this.directions = bidirectional ? 2 : 1;
        this.dropout = dropout;
        this.layers = new RnnWeights[numLayers];
        int rows = cell.gates() * hiddenSize;
        for (int l = 0; l < numLayers; l++) {
            int in = l == 0 ? inputSize : directions * hiddenSize;
            Tensor[] ih = new Tensor[directions];
            Tensor[] hh = new Tensor[directions];
            Tensor[] bih = bias ? new Tensor[directions] : null;
            Tensor[] bhh = bias ? new Tensor[directions] : null;
            for (int d = 0; d < directions; d++) {
                String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
                ih[d] = param("weight_ih" + suffix, rows, in);
                hh[d] = param("weight_hh" + suffix, rows, hiddenSize);
                if (bias) {
                    bih[d] = param("bias_ih" + suffix, rows);
                    bhh[d] = param("bias_hh" + suffix, rows);
                }
            }
            layers[l] = new RnnWeights(ih, hh, bih, bhh);
        }
        this.between = dropout > 0 && numLayers > 1 ? module("dropout", new Dropout(dropout, seed ^ 0x5DEECE66DL)) : null;
        resetParameters(seed);
    }

    static long defaultSeed() {
        return Init.nextSeed();
    }

    /** Draws every parameter from U(-1/sqrt(H), 1/sqrt(H)), PyTorch's initialisation, from {@code seed}. */
    public void resetParameters(long seed) {
        requireOpen();
        Init.recurrentUniform(parameters(), hiddenSize, seed);
    }

    /** Every step's output, {@code [T, N, D * H]} ({@code [N, T, D * H]} when batch-first), from zero states. */
    @Override
    public Tensor forward(Tensor x) {
        return run(x, null, null)[0];
    }

    /** {output, h_N, c_N (LSTM only, else null)} for input x and initial states (null for zeros). */
    final Tensor[] run(Tensor x, Tensor h0, Tensor c0) {
        checkInput(x);
        int batch = x.size(batchFirst ? 0 : 1);
        checkState("h0", h0, batch);
        checkState("c0", c0, batch);
        Tensor input = batchFirst ? x.transpose(0, 1) : x;
        Tensor[] hN = new Tensor[numLayers];
        Tensor[] cN = new Tensor[numLayers];
        for (int l = 0; l < numLayers; l++) {
            if (l > 0 && between != null) {
                input = between.forward(input);
            }
            Tensor[] out = layer(l, input, stateOf(h0, l), stateOf(c0, l));
            input = out[0];
            hN[l] = out[1];
            cN[l] = out[2];
        }
        Tensor output = batchFirst ? input.transpose(0, 1) : input;
        return new Tensor[] {output, join(hN), cell.hasCellState() ? join(cN) : null};
    }

    private Tensor stateOf(Tensor state, int layer) {
        return state == null ? null : state.slice(0, layer * directions, (layer + 1) * directions);
    }

    private static Tensor join(Tensor[] perLayer) {
        return perLayer.length == 1 ? perLayer[0] : Ops.concat(0, perLayer);
    }

    /** One layer as one autograd node: inputs x, h0, c0 and the parameters, output the packed (output, h_N, c_N). */
    private Tensor[] layer(int l, Tensor x, Tensor h0, Tensor c0) {
        RnnWeights w = layers[l];
        Tensor[] inputs = new Tensor[3 + 4 * directions];
        inputs[0] = x;
        inputs[1] = h0;
        inputs[2] = c0;
        for (int d = 0; d < directions; d++) {
            inputs[3 + 4 * d] = w.ih()[d];
            inputs[4 + 4 * d] = w.hh()[d];
            inputs[5 + 4 * d] = bias ? w.biasIh()[d] : null;
            inputs[6 + 4 * d] = bias ? w.biasHh()[d] : null;
        }
        boolean training = false;
        for (Tensor t : inputs) {
            training |= t != null && t.requiresGrad();
        }
        training &= GradMode.isEnabled();
        RnnLayer.Forward f = RnnLayer.forward(cell, x, h0, c0, w, hiddenSize, training);
        Tensor packed = Autograd.record(cell.moduleName().toLowerCase(), f.packed(), inputs, (g, needs) -> {
            RnnLayer.Gradients gr = RnnLayer.backward(f.saved(), g);
            Tensor[] out = new Tensor[inputs.length];
            out[0] = gr.input();
            out[1] = gr.h0();
            out[2] = gr.c0();
            for (int d = 0; d < directions; d++) {
                out[3 + 4 * d] = gr.ih()[d];
                out[4 + 4 * d] = gr.hh()[d];
                out[5 + 4 * d] = bias ? gr.biasIh()[d] : null;
                out[6 + 4 * d] = bias ? gr.biasHh()[d] : null;
            }
            return out;
        });
        int steps = x.size(0);
        int batch = x.size(1);
        int outEnd = steps * batch * directions * hiddenSize;
        int stateEnd = outEnd + directions * batch * hiddenSize;
        Tensor output = packed.slice(0, 0, outEnd).view(steps, batch, directions * hiddenSize);
        Tensor h = packed.slice(0, outEnd, stateEnd).view(directions, batch, hiddenSize);
        Tensor c = cell.hasCellState() ? packed.slice(0, stateEnd, packed.size(0)).view(directions, batch, hiddenSize) : null;
        return new Tensor[] {output, h, c};
    }

    private void checkInput(Tensor x) {
        requireOpen();
        String layout = batchFirst ? "[N, T, " + inputSize + "] (batch_first)" : "[T, N, " + inputSize + "]";
        if (x.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(label() + ": input " + Shapes.str(x.shape()) + " is " + x.dtype()
                    + ", expected float32");
        }
        if (x.dim() != 3) {
            throw new IllegalArgumentException(label() + ": input " + Shapes.str(x.shape()) + " has rank " + x.dim()
                    + ", expected " + layout);
        }
        if (x.size(2) != inputSize) {
            throw new IllegalArgumentException(label() + ": input " + Shapes.str(x.shape()) + " has feature size "
                    + x.size(2) + ", expected " + inputSize);
        }
        int steps = x.size(batchFirst ? 1 : 0);
        int batch = x.size(batchFirst ? 0 : 1);
        if (steps == 0 || batch == 0) {
            throw new IllegalArgumentException(label() + ": input " + Shapes.str(x.shape()) + " is empty (sequence length "
                    + steps + ", batch " + batch + "); expected " + layout + " with T, N >= 1");
        }
    }

    private void checkState(String name, Tensor state, int batch) {
        if (state == null) {
            return;
        }
        int[] expected = {numLayers * directions, batch, hiddenSize};
        if (!java.util.Arrays.equals(state.shape(), expected)) {
            throw new IllegalArgumentException(label() + ": " + name + " has shape " + Shapes.str(state.shape()) + ", expected "
                    + Shapes.str(expected) + " (num_layers * directions, batch, hidden_size)");
        }
        if (state.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(label() + ": " + name + " is " + state.dtype() + ", expected float32");
        }
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    public int numLayers() {
        return numLayers;
    }

    public boolean bidirectional() {
        return directions == 2;
    }

    public boolean batchFirst() {
        return batchFirst;
    }

    @Override
    protected String extraRepr() {
        return inputSize + ", " + hiddenSize + (numLayers > 1 ? ", num_layers=" + numLayers : "") + (bias ? "" : ", bias=false")
                + (batchFirst ? ", batch_first=true" : "") + (dropout > 0 ? ", dropout=" + dropout : "")
                + (directions == 2 ? ", bidirectional=true" : "");
    }
}
