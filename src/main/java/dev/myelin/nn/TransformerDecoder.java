package dev.myelin.nn;

import dev.myelin.tensor.Tensor;

/**
 * {@code numLayers} decoder layers applied in turn over the same memory, optionally followed by a
 * final layer norm, as {@code torch.nn.TransformerDecoder}; parameters {@code layers.0.*}, ..., {@code norm.*}.
 */
public final class TransformerDecoder extends TransformerStack<TransformerDecoderLayer> {
    public TransformerDecoder(TransformerSettings settings, int numLayers, boolean finalNorm, long seed) {
        super(settings, numLayers, finalNorm, seed, layerSeed -> new TransformerDecoderLayer(settings, layerSeed));
    }

    /** Not a single-input module: use {@link #forward(Tensor, Tensor, DecoderMasks)}. */
    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(label() + ": a decoder needs the target and the memory; "
                + "call forward(tgt, memory, masks)");
    }

    public Tensor forward(Tensor tgt, Tensor memory, DecoderMasks masks) {
        return applyLayers(tgt, (layer, x) -> layer.forward(x, memory, masks));
    }
}
