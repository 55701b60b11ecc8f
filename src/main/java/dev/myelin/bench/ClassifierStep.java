package dev.myelin.bench;

import dev.myelin.memory.Scope;
import dev.myelin.nn.Module;
import dev.myelin.nn.functional.Losses;
import dev.myelin.optim.Optimizer;
import dev.myelin.tensor.Tensor;

/** The training step W1, W2 and W5 time: cross-entropy forward, backward, update, clear the gradients. */
final class ClassifierStep {
    private ClassifierStep() {}

    /** One step of {@code model} on a batch, its temporaries freed at the end; returns the loss. */
    static float train(Module model, Optimizer optimizer, Tensor inputs, Tensor labels) {
        model.train();
        try (Scope step = Scope.open("step")) {
            Tensor loss = Losses.crossEntropy(model.forward(inputs), labels);
            loss.backward();
            optimizer.step();
            optimizer.zeroGrad();
            return loss.item();
        }
    }
}
