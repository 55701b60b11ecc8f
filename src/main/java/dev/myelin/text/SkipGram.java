package dev.myelin.text;

import dev.myelin.nn.Module;
import dev.myelin.nn.functional.Losses;
import dev.myelin.nn.functional.Reduction;
import dev.myelin.nn.init.Init;
import dev.myelin.ops.Ops;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;

/**
 * Word2Vec's skip-gram model (Mikolov et al. 2013): every word w has a centre vector v_w (row of
 * {@code centre}, [V, D]) and a context vector u_w (row of {@code context}, [V, D]); the model
 * scores a context word o around a centre word c by {@code u_o . v_c}. Two losses per (c, o) pair,
 * both averaged over the batch:
 * <pre>
 *   full softmax:       -log softmax_o(U v_c)            = -u_o.v_c + log sum_w exp(u_w.v_c)
 *   negative sampling:  -log sigma(u_o.v_c) - sum_{k=1..K} log sigma(-u_{n_k}.v_c)
 * </pre>
 * Both gather their rows with {@link Ops#indexSelect} (whose backward scatter-adds into the
 * embedding gradients) and run through the autograd engine. Initialisation as word2vec's: centre
 * vectors uniform in [-0.5/D, 0.5/D], context vectors zero.
 */
public final class SkipGram extends Module {
    private final int vocabularySize;
    private final int dim;
    private final Tensor centre;
    private final Tensor context;

    public SkipGram(int vocabularySize, int dim, long seed) {
        if (vocabularySize < 1 || dim < 1) {
            throw new IllegalArgumentException("SkipGram: vocabulary size and dimension must be positive, got "
                    + vocabularySize + " and " + dim);
        }
        this.vocabularySize = vocabularySize;
        this.dim = dim;
        this.centre = param("centre", vocabularySize, dim);
        this.context = param("context", vocabularySize, dim);
        Init.uniform(centre, -0.5f / dim, 0.5f / dim, seed);
    }

    /** The centre vectors of the words in a 1-D index tensor: {@code [n] -> [n, D]}. */
    @Override
    public Tensor forward(Tensor words) {
        requireOpen();
        return rows(centre, words);
    }

    /**
     * Rows of {@code table} picked by a 1-D index tensor, an embedding look-up; the backward
     * scatter-adds into the table's gradient. (index_select copies whole rows: measured 4x faster
     * here than a gather with the index broadcast along each row.)
     */
    private Tensor rows(Tensor table, Tensor words) {
        if (words.dim() != 1) {
            throw new IllegalArgumentException(label() + ": word indices must be 1-D, got " + Shapes.str(words.shape()));
        }
        return Ops.indexSelect(table, 0, words);
    }

    /**
     * Negative-sampling loss, averaged over the batch. {@code centres} is [B]; {@code contexts} is
     * [B, 1 + K]: column 0 the observed context word, columns 1..K the sampled negatives.
     */
    public Tensor negativeSamplingLoss(Tensor centres, Tensor contexts) {
        requireOpen();
        int batch = checkCentres("negative sampling", centres);
        if (contexts.dim() != 2 || contexts.size(0) != batch || contexts.size(1) < 2) {
            throw new IllegalArgumentException(label() + " negative sampling: contexts must be [" + batch
                    + ", 1 + negatives] with at least one negative, got " + Shapes.str(contexts.shape()));
        }
        int columns = contexts.size(1);
        Tensor v = forward(centres).unsqueeze(1);                                      // [B, 1, D]
        Tensor u = rows(context, contexts.reshape(-1)).view(batch, columns, dim);      // [B, 1+K, D]
        Tensor scores = u.mul(v).sum(false, 2);                                        // [B, 1+K]: u_k . v_c
        float[] labels = new float[batch * columns];
        for (int b = 0; b < batch; b++) {
            labels[b * columns] = 1; // the observed pair; negatives are 0
        }
        return Losses.binaryCrossEntropyWithLogits(scores, Tensor.of(labels, batch, columns), Reduction.SUM).div(batch);
    }

    /** Full-softmax loss over the whole vocabulary, averaged over the batch; {@code centres} and {@code contexts} are [B]. */
    public Tensor softmaxLoss(Tensor centres, Tensor contexts) {
        requireOpen();
        int batch = checkCentres("softmax", centres);
        if (contexts.dim() != 1 || contexts.size(0) != batch) {
            throw new IllegalArgumentException(label() + " softmax: contexts must be [" + batch + "], got "
                    + Shapes.str(contexts.shape()));
        }
        Tensor logits = forward(centres).matmul(context.t()); // [B, V]
        return Losses.crossEntropy(logits, contexts);
    }

    private int checkCentres(String loss, Tensor centres) {
        if (centres.dim() != 1 || centres.size(0) == 0) {
            throw new IllegalArgumentException(label() + " " + loss + ": centres must be a non-empty 1-D index tensor, got "
                    + Shapes.str(centres.shape()));
        }
        return centres.size(0);
    }

    /** Centre vectors [V, D]: the word embeddings. */
    public Tensor centre() {
        return centre;
    }

    /** Context vectors [V, D]. */
    public Tensor context() {
        return context;
    }

    public int vocabularySize() {
        return vocabularySize;
    }

    public int dim() {
        return dim;
    }

    @Override
    public String toString() {
        return "SkipGram(vocabulary=" + vocabularySize + ", dim=" + dim + ")";
    }
}
