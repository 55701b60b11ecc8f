package dev.myelin.autograd;

import dev.myelin.tensor.Tensor;

/**
 * One recorded operation: its inputs and the function that turns the gradient of its output into
 * gradients of its inputs. Made by {@link Autograd#record}; ops never build nodes themselves.
 */
public final class Node {
    /** Maps the gradient of the output to one gradient per input (null where none is needed). */
    @FunctionalInterface
    public interface Backward {
        Tensor[] apply(Tensor gradOutput, boolean[] needsGrad);
    }

    final String name;
    final Tensor[] inputs;
    final boolean[] needsGrad;
    Backward backward; // null once a backward pass has freed the graph

    Node(String name, Tensor[] inputs, boolean[] needsGrad, Backward backward) {
        this.name = name;
        this.inputs = inputs;
        this.needsGrad = needsGrad;
        this.backward = backward;
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name + "Backward";
    }
}
