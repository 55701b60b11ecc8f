package dev.myelin.nn;

import dev.myelin.memory.Scope;
import dev.myelin.nn.init.Init;
import dev.myelin.ops.Kernels;
import dev.myelin.ops.Ops;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;

/**
 * A look-up table of {@code numEmbeddings} vectors of size {@code embeddingDim}, as PyTorch's
 * {@code nn.Embedding}: {@code forward(ids)} maps int32/int64 ids of any shape to
 * {@code ids.shape + [embeddingDim]}. The gradient is scatter-added into the rows that were used.
 *
 * <p>With a padding index, that row starts at zero and receives no gradient, so it stays zero
 * (the usual marker for padded positions). Initialisation as PyTorch's: N(0, 1).
 */
public final class Embedding extends Module {
    private final int numEmbeddings;
    private final int embeddingDim;
    private final int paddingIdx;
    private final Tensor weight;

    public Embedding(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, -1, Init.nextSeed());
    }

    /** A table whose initial values depend only on {@code seed}; {@code paddingIdx} < 0 means no padding row. */
    public Embedding(int numEmbeddings, int embeddingDim, int paddingIdx, long seed) {
        if (numEmbeddings <= 0 || embeddingDim <= 0) {
            throw new IllegalArgumentException("Embedding: num_embeddings and embedding_dim must be positive, got "
                    + numEmbeddings + " and " + embeddingDim);
        }
        if (paddingIdx >= numEmbeddings) {
            throw new IllegalArgumentException("Embedding: padding_idx " + paddingIdx + " is out of range [0, "
                    + numEmbeddings + ")");
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.paddingIdx = paddingIdx;
        this.weight = param("weight", numEmbeddings, embeddingDim);
        Init.normal(weight, 0, 1, seed);
        if (paddingIdx >= 0) {
            try (Scope zero = Scope.open("padding row")) {
                Kernels.assign(weight.detach().select(0, paddingIdx), Tensor.zeros(embeddingDim));
            }
        }
    }

    /** A table holding a copy of {@code vectors} [V, D]; {@code freeze} keeps it out of training. */
    public static Embedding fromPretrained(Tensor vectors, boolean freeze) {
        if (vectors.dim() != 2) {
            throw new IllegalArgumentException("Embedding.fromPretrained: vectors must be [num_embeddings, embedding_dim], got "
                    + Shapes.str(vectors.shape()));
        }
        Embedding e = new Embedding(vectors.size(0), vectors.size(1), -1, 0);
        Kernels.assign(e.weight.detach(), vectors.detach());
        e.weight.requiresGrad(!freeze);
        return e;
    }

    @Override
    public Tensor forward(Tensor ids) {
        requireOpen();
        return Ops.embedding(weight, ids, paddingIdx);
    }

    public Tensor weight() {
        return weight;
    }

    public int numEmbeddings() {
        return numEmbeddings;
    }

    public int embeddingDim() {
        return embeddingDim;
    }

    /** The padding row, or -1 when there is none. */
    public int paddingIdx() {
        return paddingIdx;
    }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + (paddingIdx >= 0 ? ", padding_idx=" + paddingIdx : "");
    }
}
