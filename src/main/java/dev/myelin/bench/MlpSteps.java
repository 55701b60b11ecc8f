package dev.myelin.bench;

import dev.myelin.autograd.GradMode;
import dev.myelin.memory.Scope;
import dev.myelin.nn.Linear;
import dev.myelin.nn.ReLU;
import dev.myelin.nn.Sequential;
import dev.myelin.optim.Adam;
import dev.myelin.tensor.Tensor;

/**
 * W1 and W6: the MLP 784 -> 256 ReLU -> 256 ReLU -> 10. {@link #trainingStep} is one step at batch
 * 128 (forward, softmax cross-entropy, backward, Adam update with lr 1e-3), {@link #inference} one
 * batch-1 forward pass in evaluation mode. Both run in a scope, as a training loop should, so the
 * pool serves every allocation.
 */
public final class MlpSteps implements AutoCloseable {
    private final Sequential model = new Sequential(new Linear(784, 256, true, 1), new ReLU(),
            new Linear(256, 256, true, 2), new ReLU(), new Linear(256, 10, true, 3));
    private final Adam adam = new Adam(model.parameters(), 1e-3);
    private final Scope data = Scope.shared("bench data");
    private final Tensor batch = data.adopt(Tensor.randn(4, 128, 784));
    private final Tensor labels = data.adopt(BenchData.labels(5, 128));
    private final Tensor single = data.adopt(Tensor.randn(6, 1, 784));

    /** W1: one training step; returns the loss. */
    public float trainingStep() {
        return ClassifierStep.train(model, adam, batch, labels);
    }

    /** W6: one inference call; returns the first logit. */
    public float inference() {
        model.eval();
        try (var off = GradMode.noGrad(); Scope s = Scope.open("inference")) {
            return model.forward(single).getFloat(0, 0);
        }
    }

    @Override
    public void close() {
        data.close();
        adam.close();
        model.close();
    }
}
