package dev.myelin.nn.functional;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * Softmax and log-softmax along one dimension of a contiguous tensor, forward and backward, in
 * plain Java with double accumulators. Stable for any logits: every exponent is x - max <= 0.
 * Nothing here records for autograd.
 */
final class SoftmaxKernel {
    private SoftmaxKernel() {}

    /** The layout around {@code dim}; a 0-d tensor is treated as one element along dimension 0. */
    static Along along(String op, int[] shape, int dim) {
        return Along.of(shape, Shapes.dim(op, dim, Math.max(1, shape.length)));
    }

    /**
     * log(sum_k exp(x_k)) of every position, as max + log(sum exp(x - max)). When {@code expOut} is
     * given, exp(x - max) is also stored there and the returned values are the plain sums instead,
     * which is all softmax needs.
     */
    static double[] logSumExp(MemorySegment x, Along ax, MemorySegment expOut) {
        double[] out = new double[ax.positions()];
        long step = ax.inner();
        for (int p = 0; p < out.length; p++) {
            long base = ax.base(p);
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < ax.size(); k++) {
                max = Math.max(max, x.getAtIndex(JAVA_FLOAT, base + k * step));
            }
            double sum = 0;
            for (int k = 0; k < ax.size(); k++) {
                long at = base + k * step;
                double e = Math.exp(x.getAtIndex(JAVA_FLOAT, at) - max);
                sum += e;
                if (expOut != null) {
                    expOut.setAtIndex(JAVA_FLOAT, at, (float) e);
                }
            }
            out[p] = expOut != null ? sum : max + Math.log(sum);
        }
        return out;
    }

    /** softmax (or log-softmax when {@code log}) of x along the dimension of {@code ax}. */
    static Tensor forward(Tensor x, Along ax, boolean log) {
        MemorySegment in = x.detach().contiguous().data(); // kernels never record
        Tensor out = Tensor.empty(x.shape());
        MemorySegment o = out.data();
        double[] stats = logSumExp(in, ax, log ? null : o);
        long step = ax.inner();
        for (int p = 0; p < stats.length; p++) {
            long base = ax.base(p);
            for (int k = 0; k < ax.size(); k++) {
                long at = base + k * step;
                double v = log ? in.getAtIndex(JAVA_FLOAT, at) - stats[p] : o.getAtIndex(JAVA_FLOAT, at) / stats[p];
                o.setAtIndex(JAVA_FLOAT, at, (float) v);
            }
        }
        return out;
    }

    /**
     * The input gradient from the output y and its gradient g: softmax y * (g - sum_k g y),
     * log-softmax g - exp(y) * sum_k g.
     */
    static Tensor backward(Tensor y, Tensor g, Along ax, boolean log) {
        MemorySegment ys = y.detach().contiguous().data();
        MemorySegment gs = g.detach().contiguous().data();
        Tensor out = Tensor.empty(y.shape());
        MemorySegment o = out.data();
        long step = ax.inner();
        for (int p = 0, n = ax.positions(); p < n; p++) {
            long base = ax.base(p);
            double dot = 0;
            for (int k = 0; k < ax.size(); k++) {
                long at = base + k * step;
                double gk = gs.getAtIndex(JAVA_FLOAT, at);
                dot += log ? gk : gk * ys.getAtIndex(JAVA_FLOAT, at);
            }
            for (int k = 0; k < ax.size(); k++) {
                long at = base + k * step;
                double yk = ys.getAtIndex(JAVA_FLOAT, at);
                double gk = gs.getAtIndex(JAVA_FLOAT, at);
                o.setAtIndex(JAVA_FLOAT, at, (float) (log ? gk - Math.exp(yk) * dot : yk * (gk - dot)));
            }
        }
        return out;
    }
}
