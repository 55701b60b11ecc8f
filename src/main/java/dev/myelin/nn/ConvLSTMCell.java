package dev.myelin.nn;

import dev.myelin.nn.functional.Activations;
import dev.myelin.ops.Ops;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;

/**
 * A convolutional LSTM cell with peephole connections (Shi et al. 2015), {@code *} a 2-D convolution
 * with "same" padding and {@code ∘} the element-wise product:
 * <pre>
 * i  = sigmoid(W_xi * x + W_hi * h + w_ci ∘ c  + b_i)
 * f  = sigmoid(W_xf * x + W_hf * h + w_cf ∘ c  + b_f)
 * c' = f ∘ c + i ∘ tanh(W_xc * x + W_hc * h + b_c)
 * o  = sigmoid(W_xo * x + W_ho * h + w_co ∘ c' + b_o)
 * h' = o ∘ tanh(c')
 * </pre>
 * The eight convolutions run as one: {@code conv} maps the channels of {@code [x; h]} to the four
 * gates stacked in the order i, f, c, o ({@code weight [4*Ch, Cin+Ch, k, k]}, {@code bias [4*Ch]},
 * initialised as {@link Conv2d}). The peephole weights {@code [Ch, H, W]} start at zero, so the
 * cell starts as a plain ConvLSTM; they fix the spatial size the cell accepts.
 *
 * <p>Shapes: x {@code [N, Cin, H, W]}; h and c {@code [N, Ch, H, W]}.
 */
public final class ConvLSTMCell extends Module {
    private final int inChannels;
    private final int hiddenChannels;
    private final int height;
    private final int width;
    private final Conv2d conv;
    private final Tensor peepholeInput;
    private final Tensor peepholeForget;
    private final Tensor peepholeOutput;

    public ConvLSTMCell(int inChannels, int hiddenChannels, int kernelSize, int height, int width) {
        this(inChannels, hiddenChannels, kernelSize, height, width, true, dev.myelin.nn.init.Init.nextSeed());
    }

    /** A cell whose initial weights depend only on {@code seed}. */
    public ConvLSTMCell(int inChannels, int hiddenChannels, int kernelSize, int height, int width, boolean bias, long seed) {
        if (inChannels <= 0 || hiddenChannels <= 0 || kernelSize <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(label() + ": channels, kernel size and spatial size must be positive, got "
                    + "in_channels=" + inChannels + ", hidden_channels=" + hiddenChannels + ", kernel_size=" + kernelSize
                    + ", size=" + height + "x" + width);
        }
        this.inChannels = inChannels;
        this.hiddenChannels = hiddenChannels;
        this.height = height;
        this.width = width;
        this.conv = module("conv", new Conv2d(inChannels + hiddenChannels, 4 * hiddenChannels, kernelSize, 1, "same", 1, 1,
                bias, seed));
        this.peepholeInput = param("w_ci", hiddenChannels, height, width);
        this.peepholeForget = param("w_cf", hiddenChannels, height, width);
        this.peepholeOutput = param("w_co", hiddenChannels, height, width);
    }

    /** One step from a zero state; returns h'. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null).h();
    }

    /** One step; {@code state} null means zeros. */
    public LSTMCell.State forward(Tensor x, LSTMCell.State state) {
        int batch = checkInput(x);
        LSTMCell.State s = state != null ? state : zeroState(batch);
        checkState("hidden state h", s.h(), batch);
        checkState("cell state c", s.c(), batch);
        Tensor gates = conv.forward(Ops.concat(1, x, s.h()));
        Tensor i = Activations.sigmoid(gate(gates, 0).add(peepholeInput.mul(s.c())));
        Tensor f = Activations.sigmoid(gate(gates, 1).add(peepholeForget.mul(s.c())));
        Tensor c = f.mul(s.c()).add(i.mul(Activations.tanh(gate(gates, 2))));
        Tensor o = Activations.sigmoid(gate(gates, 3).add(peepholeOutput.mul(c)));
        return new LSTMCell.State(o.mul(Activations.tanh(c)), c);
    }

    /** Zero h and c {@code [batch, Ch, H, W]}. */
    public LSTMCell.State zeroState(int batch) {
        return new LSTMCell.State(Tensor.zeros(batch, hiddenChannels, height, width),
                Tensor.zeros(batch, hiddenChannels, height, width));
    }

    private Tensor gate(Tensor gates, int k) {
        return gates.slice(1, k * hiddenChannels, (k + 1) * hiddenChannels);
    }

    /** Checks x {@code [N, Cin, H, W]} before any native call and returns N. */
    int checkInput(Tensor x) {
        requireOpen();
        int[] s = x.shape();
        if (x.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(label() + ": input " + Shapes.str(s) + " is " + x.dtype() + ", expected float32");
        }
        if (s.length != 4) {
            throw new IllegalArgumentException(label() + ": input " + Shapes.str(s) + " has " + s.length
                    + " dimensions, expected [batch, " + inChannels + ", " + height + ", " + width + "]");
        }
        if (s[1] != inChannels) {
            throw new IllegalArgumentException(label() + ": input " + Shapes.str(s) + " has " + s[1] + " channels, expected "
                    + inChannels);
        }
        if (s[2] != height || s[3] != width) {
            throw new IllegalArgumentException(label() + ": input " + Shapes.str(s) + " has spatial size " + s[2] + "x" + s[3]
                    + ", expected " + height + "x" + width + " (the size of the peephole weights)");
        }
        return s[0];
    }

    private void checkState(String what, Tensor t, int batch) {
        int[] expected = {batch, hiddenChannels, height, width};
        if (t.dtype() != DType.FLOAT32 || !java.util.Arrays.equals(t.shape(), expected)) {
            throw new IllegalArgumentException(label() + ": " + what + " " + Shapes.str(t.shape()) + " " + t.dtype()
                    + " does not fit an input batch of " + batch + ": expected float32 " + Shapes.str(expected));
        }
    }

    public Conv2d conv() {
        return conv;
    }

    public int hiddenChannels() {
        return hiddenChannels;
    }

    @Override
    protected String extraRepr() {
        return "in_channels=" + inChannels + ", hidden_channels=" + hiddenChannels + ", size=" + height + "x" + width;
    }
}
