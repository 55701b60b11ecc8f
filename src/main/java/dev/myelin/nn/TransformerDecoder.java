package dev.myelin.nn;

import dev.myelin.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * {@code numLayers} decoder layers applied in turn over the same memory, optionally followed by a
 * final layer norm, as {@code torch.nn.TransformerDecoder}; parameters {@code layers.0.*}, ..., {@code norm.*}.
 */
public final class TransformerDecoder extends Module {
    private final Sequential layers;
    private final LayerNorm norm;

    public TransformerDecoder(TransformerSettings settings, int numLayers, boolean finalNorm, long seed) {
        if (numLayers <= 0) {
            throw new IllegalArgumentException("TransformerDecoder: num_layers must be positive, got " + numLayers);
        }
        SplittableRandom seeds = new SplittableRandom(seed);
        layers = module("layers", new Sequential());
        for (int i = 0; i < numLayers; i++) {
            layers.add(new TransformerDecoderLayer(settings, seeds.nextLong()));
        }
        norm = finalNorm ? module("norm", TransformerLayerParts.norm(settings)) : null;
    }

    /** Not a single-input module: use {@link #forward(Tensor, Tensor, DecoderMasks)}. */
    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(label() + ": a decoder needs the target and the memory; "
                + "call forward(tgt, memory, masks)");
    }

    public Tensor forward(Tensor tgt, Tensor memory, DecoderMasks masks) {
        requireOpen();
        Tensor x = tgt;
        for (Module layer : layers.children()) {
            x = ((TransformerDecoderLayer) layer).forward(x, memory, masks);
        }
        return norm == null ? x : norm.forward(x);
    }
}
