package dev.myelin.text;

import dev.myelin.autograd.GradMode;
import dev.myelin.backend.blas.Lapack;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;

/**
 * Latent semantic analysis: word vectors from the truncated SVD {@code M ~ U_k S_k V_k^T} of a word
 * matrix M (a TF-IDF term-document matrix, classically, or a PPMI word-context matrix), computed by
 * LAPACK's {@code sgesdd}. Word w's vector is row w of {@code U_k S_k^p}: p = 1 gives the rows of
 * the best rank-k approximation's left factor; p = 0.5 or 0 often give better similarities (Levy et
 * al. 2015).
 */
public final class Lsa {
    private Lsa() {}

    /** Rows of {@code U_k diag(s_k)^p}, {@code [rows of M, k]}. */
    public static Tensor wordVectors(Tensor matrix, int k, double p) {
        if (matrix.dim() != 2) {
            throw new IllegalArgumentException("lsa: expected a 2-D matrix, got " + Shapes.str(matrix.shape()));
        }
        int rank = Math.min(matrix.size(0), matrix.size(1));
        if (k < 1 || k > rank) {
            throw new IllegalArgumentException("lsa: dimension k=" + k + " must be in [1, " + rank + "] for a matrix "
                    + Shapes.str(matrix.shape()));
        }
        Lapack.Svd svd = Lapack.svd(matrix).truncate(k);
        try (var off = GradMode.noGrad()) {
            return svd.u().mul(svd.s().pow((float) p)).contiguous();
        }
    }
}
