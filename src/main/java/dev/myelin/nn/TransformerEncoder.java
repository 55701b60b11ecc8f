package dev.myelin.nn;

import dev.myelin.nn.functional.AttentionMask;
import dev.myelin.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * {@code numLayers} encoder layers applied in turn, optionally followed by a final layer norm, as
 * {@code torch.nn.TransformerEncoder}; parameters {@code layers.0.*}, ..., {@code norm.*}.
 */
public final class TransformerEncoder extends Module {
    private final Sequential layers;
    private final LayerNorm norm;

    public TransformerEncoder(TransformerSettings settings, int numLayers, boolean finalNorm, long seed) {
        if (numLayers <= 0) {
            throw new IllegalArgumentException("TransformerEncoder: num_layers must be positive, got " + numLayers);
        }
        SplittableRandom seeds = new SplittableRandom(seed);
        layers = module("layers", new Sequential());
        for (int i = 0; i < numLayers; i++) {
            layers.add(new TransformerEncoderLayer(settings, seeds.nextLong()));
        }
        norm = finalNorm ? module("norm", TransformerLayerParts.norm(settings)) : null;
    }

    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null);
    }

    public Tensor forward(Tensor src, AttentionMask mask, Tensor srcKeyPaddingMask) {
        requireOpen();
        Tensor x = src;
        for (Module layer : layers.children()) {
            x = ((TransformerEncoderLayer) layer).forward(x, mask, srcKeyPaddingMask);
        }
        return norm == null ? x : norm.forward(x);
    }

    public int numLayers() {
        return layers.size();
    }
}
