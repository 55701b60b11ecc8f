package dev.myelin.nn;

import dev.myelin.nn.functional.AttentionMask;
import dev.myelin.tensor.Tensor;

/**
 * {@code numLayers} encoder layers applied in turn, optionally followed by a final layer norm, as
 * {@code torch.nn.TransformerEncoder}; parameters {@code layers.0.*}, ..., {@code norm.*}.
 */
public final class TransformerEncoder extends TransformerStack<TransformerEncoderLayer> {
    public TransformerEncoder(TransformerSettings settings, int numLayers, boolean finalNorm, long seed) {
        super(settings, numLayers, finalNorm, seed, layerSeed -> new TransformerEncoderLayer(settings, layerSeed));
    }

    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null);
    }

    public Tensor forward(Tensor src, AttentionMask mask, Tensor srcKeyPaddingMask) {
        return applyLayers(src, (layer, x) -> layer.forward(x, mask, srcKeyPaddingMask));
    }
}
