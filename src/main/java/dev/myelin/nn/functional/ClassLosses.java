package dev.myelin.nn.functional;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.myelin.autograd.Autograd;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * Classification losses over scores [N, C, d...], each one fused op with its own backward. Scores
 * are read and gradients written through a {@link ClassLayout}; the cross entropies keep only
 * log-sum-exp per position from the forward pass and rebuild the softmax in the backward pass.
 */
final class ClassLosses {
    private ClassLosses() {}

    /** loss = -logp[target]. */
    static Tensor nll(Tensor logProbabilities, Tensor target, Reduction reduction) {
        String op = "nll_loss";
        ClassLayout layout = ClassLayout.of(op, "log-probabilities", logProbabilities);
        int[] classes = layout.classIndices(op, "log-probabilities", target);
        Checks.requireReduction(op, reduction);
        MemorySegment x = logProbabilities.detach().contiguous().data();
        Tensor loss = perPosition(layout, p -> -x.getAtIndex(JAVA_FLOAT, layout.at(p, classes[p])));
        return Autograd.record(op, reduction.reduce(loss), new Tensor[] {logProbabilities, target}, (g, needs) -> {
            Reduction.Upstream up = reduction.upstream(g, layout.positions());
            Tensor gx = Tensor.zeros(layout.scoreShape());
            MemorySegment o = gx.data();
            for (int p = 0; p < classes.length; p++) {
                o.setAtIndex(JAVA_FLOAT, layout.at(p, classes[p]), -up.at(p));
            }
            return new Tensor[] {gx, null}; // class indices have no gradient
        });
    }

    /**
     * With smoothing eps the target distribution is q = (1 - eps) onehot(target) + eps / C, so
     * loss = lse - (1 - eps) z[target] - eps mean(z) and d loss / d z = softmax(z) - q.
     */
    static Tensor crossEntropy(Tensor logits, Tensor target, float labelSmoothing, Reduction reduction) {
        String op = "cross_entropy";
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException(op + ": label smoothing must be in [0, 1], got " + labelSmoothing);
        }
        ClassLayout layout = ClassLayout.of(op, "logits", logits);
        int[] classes = layout.classIndices(op, "logits", target);
        Checks.requireReduction(op, reduction);
        MemorySegment z = logits.detach().contiguous().data();
        double[] lse = SoftmaxKernel.logSumExp(z, layout.along(), null);
        int c = layout.classes();
        double eps = labelSmoothing;
        Tensor loss = perPosition(layout, p -> {
            double mean = 0;
            for (int k = 0; eps > 0 && k < c; k++) {
                mean += z.getAtIndex(JAVA_FLOAT, layout.at(p, k));
            }
            return lse[p] - (1 - eps) * z.getAtIndex(JAVA_FLOAT, layout.at(p, classes[p])) - eps * mean / c;
        });
        return Autograd.record(op, reduction.reduce(loss), new Tensor[] {logits, target}, (g, needs) -> {
            Reduction.Upstream up = reduction.upstream(g, layout.positions());
            return new Tensor[] {perScore(layout, (p, k, at) -> {
                double q = (k == classes[p] ? 1 - eps : 0) + eps / c;
                return up.at(p) * (Math.exp(z.getAtIndex(JAVA_FLOAT, at) - lse[p]) - q);
            }), null};
        });
    }

    /** loss = -sum_k t_k logsoftmax(z)_k; d/dz = softmax(z) sum(t) - t, d/dt = -logsoftmax(z). */
    static Tensor crossEntropySoft(Tensor logits, Tensor targetProbabilities, Reduction reduction) {
        String op = "cross_entropy";
        ClassLayout layout = ClassLayout.of(op, "logits", logits);
        Checks.requireFloat(op, "target probabilities", targetProbabilities);
        Checks.requireSameShape(op, "logits", logits, "target probabilities", targetProbabilities);
        Checks.requireReduction(op, reduction);
        MemorySegment z = logits.detach().contiguous().data();
        MemorySegment t = targetProbabilities.detach().contiguous().data();
        double[] lse = SoftmaxKernel.logSumExp(z, layout.along(), null);
        double[] mass = new double[layout.positions()];
        Tensor loss = perPosition(layout, p -> {
            double sum = 0;
            for (int k = 0; k < layout.classes(); k++) {
                long at = layout.at(p, k);
                double tk = t.getAtIndex(JAVA_FLOAT, at);
                mass[p] += tk;
                sum += tk * (lse[p] - z.getAtIndex(JAVA_FLOAT, at));
            }
            return sum;
        });
        return Autograd.record(op, reduction.reduce(loss), new Tensor[] {logits, targetProbabilities}, (g, needs) -> {
            Reduction.Upstream up = reduction.upstream(g, layout.positions());
            return new Tensor[] {
                needs[0] ? perScore(layout, (p, k, at) -> up.at(p)
                        * (Math.exp(z.getAtIndex(JAVA_FLOAT, at) - lse[p]) * mass[p] - t.getAtIndex(JAVA_FLOAT, at))) : null,
                needs[1] ? perScore(layout, (p, k, at) -> up.at(p) * (lse[p] - z.getAtIndex(JAVA_FLOAT, at))) : null,
            };
        });
    }

    private interface PositionValue {
        double at(int p);
    }

    private interface ScoreValue {
        double at(int p, int k, long index);
    }

    /** A tensor of the loss shape with one value per position. */
    private static Tensor perPosition(ClassLayout layout, PositionValue value) {
        Tensor out = Tensor.empty(layout.lossShape());
        MemorySegment o = out.data();
        for (int p = 0; p < layout.positions(); p++) {
            o.setAtIndex(JAVA_FLOAT, p, (float) value.at(p));
        }
        return out;
    }

    /** A tensor of the score shape with one value per score. */
    private static Tensor perScore(ClassLayout layout, ScoreValue value) {
        Tensor out = Tensor.empty(layout.scoreShape());
        MemorySegment o = out.data();
        for (int p = 0; p < layout.positions(); p++) {
            for (int k = 0; k < layout.classes(); k++) {
                long at = layout.at(p, k);
                o.setAtIndex(JAVA_FLOAT, at, (float) value.at(p, k, at));
            }
        }
        return out;
    }
}
