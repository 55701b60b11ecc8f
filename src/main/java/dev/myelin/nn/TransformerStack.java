package dev.myelin.nn;

import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.LongFunction;

/**
 * What {@link TransformerEncoder} and {@link TransformerDecoder} share: {@code numLayers} layers
 * applied in turn, optionally followed by a final layer norm; parameters {@code layers.0.*}, ...,
 * {@code norm.*} as PyTorch's.
 */
abstract class TransformerStack<L extends Module> extends Module {
    private final List<L> layers;
    private final LayerNorm norm;

    /** {@code newLayer} builds one layer from its seed; each layer draws its own seed from {@code seed}. */
    TransformerStack(TransformerSettings settings, int numLayers, boolean finalNorm, long seed, LongFunction<L> newLayer) {
        if (numLayers <= 0) {
            throw new IllegalArgumentException(label() + ": num_layers must be positive, got " + numLayers);
        }
        SplittableRandom seeds = new SplittableRandom(seed);
        Sequential stack = module("layers", new Sequential());
        List<L> built = new ArrayList<>(numLayers);
        for (int i = 0; i < numLayers; i++) {
            L layer = newLayer.apply(seeds.nextLong());
            stack.add(layer);
            built.add(layer);
        }
        layers = List.copyOf(built);
        norm = finalNorm ? module("norm", TransformerLayerParts.norm(settings)) : null;
    }

    /** Runs {@code x} through every layer in turn with {@code step}, then through the final norm if there is one. */
    final Tensor applyLayers(Tensor x, BiFunction<L, Tensor, Tensor> step) {
        requireOpen();
        Tensor y = x;
        for (L layer : layers) {
            y = step.apply(layer, y);
        }
        return norm == null ? y : norm.forward(y);
    }

    public final int numLayers() {
        return layers.size();
    }
}
