package dev.myelin.nn;

import dev.myelin.ops.Ops;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A stack of {@link ConvLSTMCell}s run over a sequence of frames: layer {@code l} reads the hidden
 * states of layer {@code l - 1}. Input {@code [N, T, Cin, H, W]} (batch first); the output is every
 * step's hidden state of the last layer, {@code [N, T, Ch_last, H, W]}, and each layer's final state.
 */
public final class ConvLSTM extends Module {
    /** Every step's output of the last layer and the final (h, c) of each layer. */
    public record Output(Tensor outputs, List<LSTMCell.State> finalStates) {}

    private final List<ConvLSTMCell> cells = new ArrayList<>();

    /** {@code hiddenChannels[l]} is the width of layer {@code l}. */
    public ConvLSTM(int inChannels, int[] hiddenChannels, int kernelSize, int height, int width, long seed) {
        if (hiddenChannels.length == 0) {
            throw new IllegalArgumentException(label() + ": need at least one layer (hidden_channels is empty)");
        }
        SplittableRandom seeds = new SplittableRandom(seed);
        int in = inChannels;
        for (int l = 0; l < hiddenChannels.length; l++) {
            cells.add(module(String.valueOf(l),
                    new ConvLSTMCell(in, hiddenChannels[l], kernelSize, height, width, true, seeds.nextLong())));
            in = hiddenChannels[l];
        }
    }

    /** The last layer's hidden state at every step, from zero states. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null).outputs();
    }

    /** Runs the sequence; {@code initial} holds one state per layer, or is null for zeros. */
    public Output forward(Tensor x, List<LSTMCell.State> initial) {
        requireOpen();
        if (x.dim() != 5 || x.size(1) == 0) {
            throw new IllegalArgumentException(label() + ": input " + Shapes.str(x.shape())
                    + " must be a non-empty sequence [batch, steps, channels, height, width]");
        }
        if (initial != null && initial.size() != cells.size()) {
            throw new IllegalArgumentException(label() + ": " + initial.size() + " initial states for " + cells.size()
                    + " layers");
        }
        List<LSTMCell.State> states = new ArrayList<>();
        for (int l = 0; l < cells.size(); l++) {
            states.add(initial == null ? null : initial.get(l));
        }
        Tensor[] outputs = new Tensor[x.size(1)];
        for (int t = 0; t < outputs.length; t++) {
            Tensor in = x.select(1, t);
            for (int l = 0; l < cells.size(); l++) {
                LSTMCell.State s = cells.get(l).forward(in, states.get(l));
                states.set(l, s);
                in = s.h();
            }
            outputs[t] = in;
        }
        return new Output(Ops.stack(1, outputs), List.copyOf(states));
    }

    public List<ConvLSTMCell> cells() {
        return List.copyOf(cells);
    }
}
