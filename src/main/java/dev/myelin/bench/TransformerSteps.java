package dev.myelin.bench;

import dev.myelin.memory.Scope;
import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.nn.SinusoidalPositionalEncoding;
import dev.myelin.nn.TransformerEncoder;
import dev.myelin.nn.TransformerSettings;
import dev.myelin.optim.AdamW;
import dev.myelin.optim.HyperParams;
import dev.myelin.tensor.Tensor;

/**
 * W5: one training step of a Transformer encoder classifier at batch 16 on N(0, 1) inputs
 * [16, 64, 256]: sinusoidal positions added, 2 post-norm encoder layers (4 heads, feed-forward 1024,
 * ReLU, dropout 0.1), mean over the sequence, linear 256 -> 10; softmax cross-entropy, AdamW with
 * lr 1e-3 and weight decay 0.01. The step runs in a scope, as a training loop should.
 */
public final class TransformerSteps implements AutoCloseable {
    public static final int BATCH = 16;
    public static final int SEQUENCE = 64;
    public static final int D_MODEL = 256;

    private final Classifier model = new Classifier(21);
    private final AdamW adamW = new AdamW(model.parameters(), HyperParams.of().lr(1e-3).weightDecay(0.01));
    private final Scope data = Scope.shared("bench data");
    private final Tensor inputs = data.adopt(Tensor.randn(22, BATCH, SEQUENCE, D_MODEL));
    private final Tensor labels = data.adopt(BenchData.labels(23, BATCH));

    /** Positions, the encoder stack, the mean over the sequence and the linear head. */
    static final class Classifier extends Module {
        private final SinusoidalPositionalEncoding pos;
        private final TransformerEncoder encoder;
        private final Linear head;

        Classifier(long seed) {
            TransformerSettings s = TransformerSettings.of(D_MODEL, 4).dimFeedforward(1024).dropout(0.1f).batchFirst(true);
            pos = module("pos", new SinusoidalPositionalEncoding(SEQUENCE, D_MODEL, true));
            encoder = module("encoder", new TransformerEncoder(s, 2, false, seed));
            head = module("head", new Linear(D_MODEL, 10, true, seed + 1));
        }

        @Override
        public Tensor forward(Tensor x) {
            return head.forward(encoder.forward(pos.forward(x)).mean(false, 1));
        }
    }

    /** W5: one training step; returns the loss. */
    public float trainingStep() {
        return ClassifierStep.train(model, adamW, inputs, labels);
    }

    @Override
    public void close() {
        data.close();
        adamW.close();
        model.close();
    }
}
