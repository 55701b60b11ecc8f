package dev.myelin.backend.blas;

import dev.myelin.autograd.GradMode;
import dev.myelin.ffi.NativeLibraries;
import dev.myelin.ffi.openblas.OpenBlas;
import dev.myelin.memory.Scope;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;

/**
 * Typed, checked entry to the LAPACK routines of OpenBLAS (through LAPACKE, row-major): singular
 * value decomposition by divide and conquer ({@code sgesdd}) or QR iteration ({@code sgesvd}), and
 * the eigen-decomposition of a symmetric matrix ({@code ssyevd}). Inputs are checked (2-D float32,
 * non-empty, finite, symmetric where required) before any native call; LAPACK overwrites its input,
 * so it works on a copy. Results are new tensors of the caller's scope; they record no gradient.
 */
public final class Lapack {
    static {
        NativeLibraries.ensureLoaded();
    }

    /** Which LAPACK driver computes an SVD; both give the same factors up to signs of singular-vector pairs. */
    public enum SvdDriver {
        /** {@code sgesdd}: divide and conquer, the faster for larger matrices. */
        DIVIDE_AND_CONQUER,
        /** {@code sgesvd}: QR iteration, slower but the classic reference. */
        QR_ITERATION
    }

    /**
     * A thin SVD {@code A = U diag(s) V^T} of an m x n matrix with k = min(m, n): {@code u} is
     * [m, k] with orthonormal columns, {@code s} is [k] in descending order, {@code vt} is [k, n]
     * with orthonormal rows.
     */
    public record Svd(Tensor u, Tensor s, Tensor vt) {
        /** The rank of the factorisation, k. */
        public int rank() {
            return s.size(0);
        }

        /** The leading {@code k} singular triplets (views): the best rank-k approximation is their product. */
        public Svd truncate(int k) {
            if (k < 1 || k > rank()) {
                throw new IllegalArgumentException("svd truncate: k=" + k + " must be in [1, " + rank() + "]");
            }
            return new Svd(u.slice(1, 0, k), s.slice(0, 0, k), vt.slice(0, 0, k));
        }

        /** {@code U diag(s) V^T}: the matrix these factors represent. */
        public Tensor reconstruct() {
            try (var off = GradMode.noGrad()) {
                return u.mul(s).matmul(vt);
            }
        }
    }

    /** Eigenvalues ascending and, as the columns of {@code vectors}, orthonormal eigenvectors: {@code A = V diag(w) V^T}. */
    public record Eigen(Tensor values, Tensor vectors) {}

    private Lapack() {}

    /** The thin SVD of {@code a} by divide and conquer ({@code sgesdd}). */
    public static Svd svd(Tensor a) {
        return svd(a, SvdDriver.DIVIDE_AND_CONQUER);
    }

    /** The thin SVD of a 2-D float32 matrix by the chosen LAPACK driver. */
    public static Svd svd(Tensor a, SvdDriver driver) {
        String op = driver == SvdDriver.DIVIDE_AND_CONQUER ? "svd (sgesdd)" : "svd (sgesvd)";
        checkMatrix(op, a);
        int m = a.size(0);
        int n = a.size(1);
        int k = Math.min(m, n);
        Tensor u = Tensor.empty(m, k);
        Tensor s = Tensor.empty(k);
        Tensor vt = Tensor.empty(k, n);
        try (Scope work = Scope.open("lapack")) {
            Tensor copy = workingCopy(a);
            int info;
            if (driver == SvdDriver.DIVIDE_AND_CONQUER) {
                info = OpenBlas.LAPACKE_sgesdd(OpenBlas.LAPACK_ROW_MAJOR(), (byte) 'S', m, n, copy.data(), n,
                        s.data(), u.data(), k, vt.data(), n);
            } else {
                Tensor superb = Tensor.empty(Math.max(1, k - 1));
                info = OpenBlas.LAPACKE_sgesvd(OpenBlas.LAPACK_ROW_MAJOR(), (byte) 'S', (byte) 'S', m, n, copy.data(), n,
                        s.data(), u.data(), k, vt.data(), n, superb.data());
            }
            checkInfo(op, info, "the bidiagonal QR/divide-and-conquer iteration did not converge");
        }
        return new Svd(u, s, vt);
    }

    /** Eigenvalues and eigenvectors of a symmetric matrix by divide and conquer ({@code ssyevd}). */
    public static Eigen symmetricEigen(Tensor a) {
        String op = "symmetric_eigen (ssyevd)";
        checkMatrix(op, a);
        int n = a.size(0);
        if (a.size(1) != n) {
            throw new IllegalArgumentException(op + ": expected a square matrix, got " + Shapes.str(a.shape()));
        }
        float[] v = a.toFloatArray();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                float x = v[i * n + j];
                float y = v[j * n + i];
                if (Math.abs(x - y) > 1e-5f * Math.max(1f, Math.max(Math.abs(x), Math.abs(y)))) {
                    throw new IllegalArgumentException(op + ": matrix " + Shapes.str(a.shape()) + " is not symmetric: ["
                            + i + ", " + j + "] = " + x + " but [" + j + ", " + i + "] = " + y);
                }
            }
        }
        Tensor vectors = Tensor.of(v, n, n); // overwritten in place by the eigenvectors
        Tensor values = Tensor.empty(n);
        int info = OpenBlas.LAPACKE_ssyevd(OpenBlas.LAPACK_ROW_MAJOR(), (byte) 'V', (byte) 'U', n, vectors.data(), n,
                values.data());
        checkInfo(op, info, "the algorithm failed to converge");
        return new Eigen(values, vectors);
    }

    /** 2-D, float32, non-empty, finite and small enough for LAPACK's 32-bit sizes. */
    private static void checkMatrix(String op, Tensor a) {
        if (a.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": expected a float32 matrix, got " + a.dtype() + " "
                    + Shapes.str(a.shape()));
        }
        if (a.dim() != 2) {
            throw new IllegalArgumentException(op + ": expected a 2-D matrix, got shape " + Shapes.str(a.shape()));
        }
        if (a.size(0) == 0 || a.size(1) == 0) {
            throw new IllegalArgumentException(op + ": matrix " + Shapes.str(a.shape()) + " is empty");
        }
        if ((long) a.size(0) * a.size(1) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": matrix " + Shapes.str(a.shape()) + " has more than 2^31-1 elements");
        }
        float[] v = a.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException(op + ": matrix " + Shapes.str(a.shape()) + " has a non-finite value "
                        + v[i] + " at [" + i / a.size(1) + ", " + i % a.size(1) + "]");
            }
        }
    }

    /** A contiguous copy that LAPACK may overwrite, cut from any graph. */
    private static Tensor workingCopy(Tensor a) {
        try (var off = GradMode.noGrad()) {
            return a.detach().copy();
        }
    }

    /** LAPACKE's info: 0 success, -i the i-th argument was illegal (a bug here), +i no convergence. */
    private static void checkInfo(String op, int info, String whenPositive) {
        if (info < 0) {
            throw new IllegalStateException(op + ": LAPACK rejected argument " + (-info) + " (a bug in the wrapper)");
        }
        if (info > 0) {
            throw new ArithmeticException(op + ": " + whenPositive + " (info=" + info + ")");
        }
    }
}
