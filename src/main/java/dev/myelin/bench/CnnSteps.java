package dev.myelin.bench;

import dev.myelin.memory.Scope;
import dev.myelin.nn.Conv2d;
import dev.myelin.nn.Dropout;
import dev.myelin.nn.Flatten;
import dev.myelin.nn.Linear;
import dev.myelin.nn.MaxPool2d;
import dev.myelin.nn.ReLU;
import dev.myelin.nn.Sequential;
import dev.myelin.optim.HyperParams;
import dev.myelin.optim.Sgd;
import dev.myelin.tensor.Tensor;

/**
 * W2: one training step of the LeNet-style CNN at batch 64 on 1x28x28 inputs: conv 5x5 32ch pad 2 + ReLU,
 * maxpool 2x2, conv 5x5 64ch pad 2 + ReLU, maxpool 2x2, flatten 3136 -> 128 ReLU, dropout 0.5, 128 -> 10;
 * softmax cross-entropy, SGD with momentum 0.9 and lr 0.01. The step runs in a scope, as a training loop should.
 */
public final class CnnSteps implements AutoCloseable {
    public static final int BATCH = 64;

    private final Sequential model = leNet();
    private final Sgd sgd = new Sgd(model.parameters(), HyperParams.of().lr(0.01).momentum(0.9));
    private final Scope data = Scope.shared("bench data");
    private final Tensor images = data.adopt(Tensor.randn(7, BATCH, 1, 28, 28));
    private final Tensor labels = data.adopt(BenchData.labels(8, BATCH));

    /** The W2 network with weights fixed by the seeds (the same network PyTorch's W2 builds). */
    public static Sequential leNet() {
        return new Sequential(
                new Conv2d(1, 32, 5, 1, 2, 1, 1, true, 11), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 5, 1, 2, 1, 1, true, 12), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(64 * 7 * 7, 128, true, 13), new ReLU(),
                new Dropout(0.5f, 14), new Linear(128, 10, true, 15));
    }

    /** W2: one training step; returns the loss. */
    public float trainingStep() {
        return ClassifierStep.train(model, sgd, images, labels);
    }

    @Override
    public void close() {
        data.close();
        sgd.close();
        model.close();
    }
}
