package dev.myelin.bench;

import dev.myelin.memory.Scope;
import dev.myelin.nn.GRU;
import dev.myelin.nn.LSTM;
import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.nn.RNNBase;
import dev.myelin.optim.Adam;
import dev.myelin.tensor.Tensor;

/**
 * W3 ({@link #lstm()}) and W4 ({@link #gru()}): one training step of a one-layer recurrent network,
 * hidden 256, on a batch of 32 sequences of 32 steps of 64 N(0, 1) features (time-first), whose last
 * hidden state goes through a linear layer 256 -> 10; softmax cross-entropy, Adam lr 1e-3.
 */
public final class RnnSteps implements AutoCloseable {
    static final int BATCH = 32;
    static final int STEPS = 32;
    static final int INPUT = 64;
    static final int HIDDEN = 256;

    private final Module model;
    private final Adam adam;
    private final Scope data = Scope.shared("bench data");
    private final Tensor inputs = data.adopt(Tensor.randn(7, STEPS, BATCH, INPUT));
    private final Tensor labels = data.adopt(BenchData.labels(8, BATCH));

    public static RnnSteps lstm() {
        return new RnnSteps(new LSTM(INPUT, HIDDEN, 1, true, false, 0f, false, 21));
    }

    public static RnnSteps gru() {
        return new RnnSteps(new GRU(INPUT, HIDDEN, 1, true, false, 0f, false, 21));
    }

    private RnnSteps(RNNBase recurrent) {
        model = new LastStepClassifier(recurrent, new Linear(HIDDEN, 10, true, 22));
        adam = new Adam(model.parameters(), 1e-3);
    }

    /** One training step; returns the loss. */
    public float trainingStep() {
        return ClassifierStep.train(model, adam, inputs, labels);
    }

    @Override
    public void close() {
        data.close();
        adam.close();
        model.close();
    }

    /** A recurrent layer over time-first input, then a linear head on the last step's output. */
    private static final class LastStepClassifier extends Module {
        private final RNNBase recurrent;
        private final Linear head;

        LastStepClassifier(RNNBase recurrent, Linear head) {
            this.recurrent = module("recurrent", recurrent);
            this.head = module("head", head);
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor out = recurrent.forward(x);
            return head.forward(out.select(0, out.size(0) - 1));
        }
    }
}
