package dev.myelin.nn;

import dev.myelin.tensor.Tensor;

/**
 * Modules applied one after another, each to the previous one's output. The children are named
 * {@code "0"}, {@code "1"}, ... in order, so parameters read {@code 0.weight}, {@code layers.2.bias}.
 */
public final class Sequential extends Module {
    public Sequential(Module... layers) {
        for (Module m : layers) {
            add(m);
        }
    }

    /** Appends a module; returns this for chaining. */
    public Sequential add(Module m) {
        module(Integer.toString(size()), m);
        return this;
    }

    /** The module at position {@code i}. */
    public Module get(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException(label() + ": index " + i + " out of range for " + size() + " modules");
        }
        return children().get(i);
    }

    public int size() {
        return children().size();
    }

    @Override
    public Tensor forward(Tensor x) {
        requireOpen();
        for (Module m : children()) {
            x = m.forward(x);
        }
        return x;
    }
}
