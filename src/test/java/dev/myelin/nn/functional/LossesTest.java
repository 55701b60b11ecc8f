package dev.myelin.nn.functional;

import static dev.myelin.autograd.GradCheck.input;
import static dev.myelin.testing.Reference.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.autograd.GradCheck;
import dev.myelin.memory.NativeHeap;
import dev.myelin.memory.Scope;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LossesTest extends ScopedTest {
    // ---- element-wise losses ----

    /** Checks every reduction of an element-wise loss against {@code perElement} and its gradients against finite differences. */
    private static void checkElementwise(String name, LossFn loss, DoubleBinaryOperator perElement, Tensor x, Tensor t) {
        float[] xs = x.toFloatArray();
        float[] ts = t.toFloatArray();
        float[] expected = new float[xs.length];
        double sum = 0;
        for (int i = 0; i < xs.length; i++) {
            expected[i] = (float) perElement.applyAsDouble(xs[i], ts[i]);
            sum += expected[i];
        }
        Tensor none = loss.apply(x, t, Reduction.NONE);
        assertArrayEquals(x.shape(), none.shape());
        assertClose(expected, none.toFloatArray(), 1e-6f);
        Tensor mean = loss.apply(x, t, Reduction.MEAN);
        assertEquals(0, mean.dim(), "a reduced loss is a 0-d tensor");
        assertEquals(sum / xs.length, mean.item(), 1e-6 * (1 + Math.abs(sum)));
        assertEquals(sum, loss.apply(x, t, Reduction.SUM).item(), 1e-5 * (1 + Math.abs(sum)));
        assertEquals(name, mean.gradFn().name(), "one fused node");
        for (Reduction r : Reduction.values()) {
            GradCheck.check(name + " " + r, in -> loss.apply(in[0], in[1], r), 1e-3, 1e-2, x, t);
        }
    }

    @FunctionalInterface
    private interface LossFn {
        Tensor apply(Tensor input, Tensor target, Reduction r);
    }

    @Test
    void mseL1AndHuberMatchTheirDefinitions() {
        Tensor x = input(1, 3, 5);
        Tensor t = input(2, 3, 5);
        checkElementwise("mse_loss", Losses::mse, (a, b) -> (a - b) * (a - b), x, t);
        checkElementwise("l1_loss", Losses::l1, (a, b) -> Math.abs(a - b), x, t);
        double delta = 0.7;
        checkElementwise("huber_loss", (a, b, r) -> Losses.huber(a, b, 0.7f, r),
                (a, b) -> Math.abs(a - b) < delta ? 0.5 * (a - b) * (a - b) : delta * (Math.abs(a - b) - 0.5 * delta), x, t);
        assertEquals(Losses.mse(x, t, Reduction.MEAN).item(), Losses.mse(x, t).item());
        assertEquals(Losses.huber(x, t, 1f, Reduction.MEAN).item(), Losses.huber(x, t).item());
    }

    @Test
    void binaryCrossEntropyMatchesItsDefinitionAndClampsTheLog() {
        Tensor p = Tensor.rand(3, 4, 3).mul(0.9f).add(0.05f).detach().requiresGrad(true);
        Tensor t = Tensor.rand(4, 4, 3).requiresGrad(true); // soft targets are allowed and get gradients
        checkElementwise("binary_cross_entropy", Losses::binaryCrossEntropy,
                (a, b) -> -(b * Math.log(a) + (1 - b) * Math.log(1 - a)), p, t);
        // p = 0 or 1 would give log 0 = -inf; PyTorch clamps each log at -100
        Tensor edge = Tensor.of(new float[] {0, 1, 0, 1}, 4).requiresGrad(true);
        Tensor target = Tensor.of(new float[] {1, 0, 0, 1}, 4);
        Tensor loss = Losses.binaryCrossEntropy(edge, target, Reduction.NONE);
        assertArrayEquals(new float[] {100, 100, 0, 0}, loss.toFloatArray(), 0);
        loss.sum().backward();
        for (float g : edge.grad().toFloatArray()) {
            assertTrue(Float.isFinite(g), "finite gradient at the clamp, got " + g);
        }
    }

    @Test
    void binaryCrossEntropyWithLogitsIsStable() {
        Tensor x = input(5, 4, 3);
        Tensor t = Tensor.rand(6, 4, 3).requiresGrad(true);
        checkElementwise("binary_cross_entropy_with_logits", Losses::binaryCrossEntropyWithLogits,
                (a, b) -> -(b * Math.log(1 / (1 + Math.exp(-a))) + (1 - b) * Math.log(1 - 1 / (1 + Math.exp(-a)))), x, t);
        // at +-100 the naive form takes log(0); the stable one gives |x| for a wrong label and 0 for a right one
        Tensor big = Tensor.of(new float[] {100, -100, 100, -100}, 4).requiresGrad(true);
        Tensor labels = Tensor.of(new float[] {0, 1, 1, 0}, 4);
        Tensor loss = Losses.binaryCrossEntropyWithLogits(big, labels, Reduction.NONE);
        assertArrayEquals(new float[] {100, 100, 0, 0}, loss.toFloatArray(), 1e-6f);
        loss.sum().backward();
        assertArrayEquals(new float[] {1, -1, 0, 0}, big.grad().toFloatArray(), 1e-6f); // sigmoid(x) - t
    }

    // ---- class losses ----

    /** -log softmax(z)[c] for each row of a [N, C] tensor, in double. */
    private static double[][] referenceLogSoftmax(Tensor logits) {
        int n = logits.size(0);
        int c = logits.size(1);
        double[][] out = new double[n][c];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                max = Math.max(max, logits.getFloat(i, k));
            }
            double sum = 0;
            for (int k = 0; k < c; k++) {
                sum += Math.exp(logits.getFloat(i, k) - max);
            }
            for (int k = 0; k < c; k++) {
                out[i][k] = logits.getFloat(i, k) - max - Math.log(sum);
            }
        }
        return out;
    }

    @Test
    void nllLossPicksTheTargetLogProbability() {
        Tensor logp = input(7, 4, 5);
        Tensor target = Tensor.ofLongs(new long[] {3, 0, 4, 3}, 4);
        float[] expected = new float[4];
        for (int i = 0; i < 4; i++) {
            expected[i] = -logp.getFloat(i, target.getLong(i));
        }
        assertClose(expected, Losses.nllLoss(logp, target, Reduction.NONE).toFloatArray(), 0);
        float mean = (expected[0] + expected[1] + expected[2] + expected[3]) / 4;
        assertEquals(mean, Losses.nllLoss(logp, target).item(), 1e-6);
        assertEquals(mean, Losses.nllLoss(logp, Tensor.ofInts(new int[] {3, 0, 4, 3}, 4)).item(), 1e-6, "int32 targets");
        for (Reduction r : Reduction.values()) {
            GradCheck.check("nll_loss " + r, in -> Losses.nllLoss(in[0], target, r), 1e-2, 1e-3, logp);
        }
    }

    @Test
    void crossEntropyIsLogSoftmaxPlusNll() {
        Tensor logits = input(8, 6, 5);
        Tensor target = Tensor.ofLongs(new long[] {1, 4, 0, 0, 2, 3}, 6);
        double[][] logp = referenceLogSoftmax(logits);
        float[] expected = new float[6];
        for (int i = 0; i < 6; i++) {
            expected[i] = (float) -logp[i][(int) target.getLong(i)];
        }
        assertClose(expected, Losses.crossEntropy(logits, target, Reduction.NONE).toFloatArray(), 1e-6f);
        Tensor viaParts = Losses.nllLoss(Activations.logSoftmax(logits, 1), target, Reduction.SUM);
        assertEquals(viaParts.item(), Losses.crossEntropy(logits, target, Reduction.SUM).item(), 1e-5);
        Tensor fused = Losses.crossEntropy(logits, target);
        assertEquals("cross_entropy", fused.gradFn().name(), "one fused node");
        for (Reduction r : Reduction.values()) {
            GradCheck.check("cross_entropy " + r, in -> Losses.crossEntropy(in[0], target, r), 1e-2, 1e-3, logits);
            GradCheck.check("smoothed cross_entropy " + r, in -> Losses.crossEntropy(in[0], target, 0.2f, r), 1e-2, 1e-3, logits);
        }
    }

    @Test
    void labelSmoothingOnAHandComputedExample() {
        // logits log(1), log(2), log(5): softmax = (1, 2, 5) / 8, target class 2, eps = 0.3
        // nll = log(8/5) = 0.4700036; mean over classes of -log p = (log 8 + log 4 + log 8/5) / 3 = 1.3119132
        // loss = 0.7 * 0.4700036 + 0.3 * 1.3119132 = 0.7225765
        Tensor logits = Tensor.of(new float[] {0, (float) Math.log(2), (float) Math.log(5)}, 1, 3).requiresGrad(true);
        Tensor target = Tensor.ofLongs(new long[] {2}, 1);
        Tensor loss = Losses.crossEntropy(logits, target, 0.3f, Reduction.MEAN);
        assertEquals(0.7225765f, loss.item(), 1e-6f);
        loss.backward();
        // softmax - q with q = (0.1, 0.1, 0.8): eps / C on every class plus 1 - eps on the target
        assertArrayEquals(new float[] {0.025f, 0.15f, -0.175f}, logits.grad().toFloatArray(), 1e-6f);
        // eps = 1 ignores the target: the loss is the mean of -log p over classes
        assertEquals(1.3119132f, Losses.crossEntropy(logits, target, 1f).item(), 1e-6f);
    }

    @Test
    void crossEntropyIsStableForHugeLogits() {
        Tensor logits = Tensor.of(new float[] {1000, -1000, 0, 1000, -1000, 0, 1000, -1000, 0}, 3, 3).requiresGrad(true);
        Tensor target = Tensor.ofLongs(new long[] {0, 1, 2}, 3);
        Tensor loss = Losses.crossEntropy(logits, target, Reduction.NONE);
        assertArrayEquals(new float[] {0, 2000, 1000}, loss.toFloatArray());
        loss.sum().backward();
        assertArrayEquals(new float[] {0, 0, 0, 1, -1, 0, 1, 0, -1}, logits.grad().toFloatArray());
        Tensor soft = Losses.crossEntropySoft(logits.detach(), Tensor.of(new float[] {0.5f, 0.5f, 0, 0, 0, 1, 1, 0, 0}, 3, 3),
                Reduction.NONE);
        assertArrayEquals(new float[] {1000, 1000, 0}, soft.toFloatArray());
    }

    @Test
    void spatialTargetsAndSingleSamples() {
        // [N, C, d] logits with [N, d] targets: each position is a sample, classes along dimension 1
        Tensor logits = input(9, 2, 4, 3);
        Tensor target = Tensor.ofInts(new int[] {0, 3, 1, 2, 2, 0}, 2, 3);
        Tensor rows = logits.detach().permute(0, 2, 1).reshape(6, 4); // the same samples as [N * d, C]
        Tensor flat = Tensor.ofInts(new int[] {0, 3, 1, 2, 2, 0}, 6);
        assertClose(Losses.crossEntropy(rows, flat, Reduction.NONE).toFloatArray(),
                Losses.crossEntropy(logits, target, Reduction.NONE).toFloatArray(), 1e-6f);
        assertArrayEquals(new int[] {2, 3}, Losses.crossEntropy(logits, target, Reduction.NONE).shape());
        assertClose(Losses.nllLoss(rows, flat, Reduction.NONE).toFloatArray(),
                Losses.nllLoss(logits, target, Reduction.NONE).toFloatArray(), 0);
        GradCheck.check("spatial cross_entropy", in -> Losses.crossEntropy(in[0], target, 0.1f, Reduction.MEAN), 1e-2, 1e-3, logits);
        GradCheck.check("spatial nll_loss", in -> Losses.nllLoss(in[0], target, Reduction.SUM), 1e-2, 1e-3, logits);
        Tensor soft = Activations.softmax(input(10, 2, 4, 3), 1).detach().requiresGrad(true);
        GradCheck.check("spatial soft cross_entropy", in -> Losses.crossEntropySoft(in[0], in[1]), 1e-2, 1e-3, logits, soft);
        // one sample: [C] logits and a 0-d target
        Tensor one = Losses.crossEntropy(rows.select(0, 1), Tensor.ofLongs(new long[] {3}), Reduction.NONE);
        assertEquals(0, one.dim());
        assertEquals(Losses.crossEntropy(rows, flat, Reduction.NONE).getFloat(1), one.item(), 1e-6f);
    }

    @Test
    void softTargetCrossEntropy() {
        Tensor logits = input(11, 4, 5);
        Tensor probs = Activations.softmax(input(12, 4, 5), 1).detach().requiresGrad(true);
        double[][] logp = referenceLogSoftmax(logits);
        float[] expected = new float[4];
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 5; k++) {
                expected[i] -= (float) (probs.getFloat(i, k) * logp[i][k]);
            }
        }
        assertClose(expected, Losses.crossEntropySoft(logits, probs, Reduction.NONE).toFloatArray(), 1e-6f);
        for (Reduction r : Reduction.values()) {
            GradCheck.check("soft cross_entropy " + r, in -> Losses.crossEntropySoft(in[0], in[1], r), 1e-2, 1e-3, logits, probs);
        }
        // one-hot probabilities give the class-index loss
        Tensor target = Tensor.ofLongs(new long[] {4, 0, 2, 2}, 4);
        float[] oneHot = new float[20];
        for (int i = 0; i < 4; i++) {
            oneHot[i * 5 + (int) target.getLong(i)] = 1;
        }
        assertEquals(Losses.crossEntropy(logits, target).item(), Losses.crossEntropySoft(logits, Tensor.of(oneHot, 4, 5)).item(), 1e-6);
    }

    // ---- validation ----

    private static void assertMessage(Class<? extends Throwable> type, String message, Executable call) {
        assertEquals(message, assertThrows(type, call).getMessage());
    }

    @Test
    void badClassTargetsAreClearErrors() {
        Tensor logits = Tensor.zeros(32, 10);
        Tensor ten = Tensor.ofLongs(java.util.stream.LongStream.range(0, 32).map(i -> i == 7 ? 10 : i % 10).toArray(), 32);
        assertMessage(IndexOutOfBoundsException.class, "cross_entropy: target [32] has class index 10 out of range [0, 10)",
                () -> Losses.crossEntropy(logits, ten));
        assertMessage(IndexOutOfBoundsException.class, "nll_loss: target [2] has class index -1 out of range [0, 3)",
                () -> Losses.nllLoss(Tensor.zeros(2, 3), Tensor.ofInts(new int[] {0, -1}, 2)));
        assertMessage(IllegalArgumentException.class, "cross_entropy: target must hold int32 or int64 class indices, got float32 [2];"
                + " for class probabilities use crossEntropySoft", () -> Losses.crossEntropy(Tensor.zeros(2, 3), Tensor.zeros(2)));
        assertMessage(IllegalArgumentException.class, "cross_entropy: target [3] does not match logits [2, 3]: expected target shape [2]",
                () -> Losses.crossEntropy(Tensor.zeros(2, 3), Tensor.ofLongs(new long[] {0, 1, 2}, 3)));
        assertMessage(IllegalArgumentException.class, "cross_entropy: label smoothing must be in [0, 1], got 1.5",
                () -> Losses.crossEntropy(Tensor.zeros(2, 3), Tensor.ofLongs(new long[] {0, 1}, 2), 1.5f));
        assertMessage(IllegalArgumentException.class, "cross_entropy: empty batch: logits [0, 3] has no elements",
                () -> Losses.crossEntropy(Tensor.zeros(0, 3), Tensor.ofLongs(new long[0], 0)));
        assertMessage(IllegalArgumentException.class, "cross_entropy: logits [2, 0] have no classes (dimension 1 is 0)",
                () -> Losses.crossEntropy(Tensor.zeros(2, 0), Tensor.ofLongs(new long[] {0, 0}, 2)));
        assertMessage(IllegalArgumentException.class, "cross_entropy: logits must be float32, got int64 [2]",
                () -> Losses.crossEntropy(Tensor.ofLongs(new long[] {0, 0}, 2), Tensor.ofLongs(new long[] {0}, 1)));
        assertMessage(IllegalArgumentException.class,
                "cross_entropy: logits [2, 3] and target probabilities [2, 4] must have the same shape",
                () -> Losses.crossEntropySoft(Tensor.zeros(2, 3), Tensor.zeros(2, 4)));
    }

    @Test
    void badElementwiseInputsAreClearErrors() {
        assertMessage(IllegalArgumentException.class, "mse_loss: input [2, 3] and target [3, 2] must have the same shape",
                () -> Losses.mse(Tensor.zeros(2, 3), Tensor.zeros(3, 2)));
        assertMessage(IllegalArgumentException.class, "binary_cross_entropy: probabilities must lie in [0, 1], got 1.5 at element 1"
                        + " (apply sigmoid first, or use binaryCrossEntropyWithLogits)",
                () -> Losses.binaryCrossEntropy(Tensor.of(new float[] {0.5f, 1.5f}, 2), Tensor.zeros(2)));
        assertMessage(IllegalArgumentException.class, "binary_cross_entropy: probabilities must lie in [0, 1], got NaN at element 0"
                        + " (apply sigmoid first, or use binaryCrossEntropyWithLogits)",
                () -> Losses.binaryCrossEntropy(Tensor.of(new float[] {Float.NaN}, 1), Tensor.zeros(1)));
        assertMessage(IllegalArgumentException.class, "huber_loss: delta must be positive and finite, got 0.0",
                () -> Losses.huber(Tensor.zeros(2), Tensor.zeros(2), 0f));
        assertMessage(IllegalArgumentException.class, "l1_loss: empty batch: input [0] has no elements",
                () -> Losses.l1(Tensor.zeros(0), Tensor.zeros(0)));
        assertMessage(IllegalArgumentException.class, "binary_cross_entropy_with_logits: target must be float32, got int64 [1]",
                () -> Losses.binaryCrossEntropyWithLogits(Tensor.zeros(1), Tensor.ofLongs(new long[] {1}, 1)));
        assertMessage(IllegalArgumentException.class, "mse_loss: reduction must be MEAN, SUM or NONE, got null",
                () -> Losses.mse(Tensor.zeros(1), Tensor.zeros(1), null));
    }

    // ---- in a training loop ----

    @Test
    void aTrainingLoopLearnsAndKeepsMemoryFlat() {
        Tensor w = input(13, 4, 3);
        Tensor x = input(14, 16, 4).detach();
        Tensor target = Tensor.ofLongs(java.util.stream.LongStream.range(0, 16).map(i -> i % 3).toArray(), 16);
        BiFunction<Tensor, Tensor, Tensor> step = (xs, ws) -> Losses.crossEntropy(Activations.gelu(xs.matmul(ws)), target, 0.1f);
        float first = 0;
        float last = 0;
        long bytes = 0;
        for (int i = 0; i < 300; i++) {
            try (Scope iteration = Scope.open("step")) {
                Tensor loss = step.apply(x, w);
                loss.backward();
                try (var off = dev.myelin.autograd.GradMode.noGrad()) {
                    dev.myelin.ops.Kernels.axpyInPlace(w, -0.5f, w.grad());
                }
                w.zeroGrad();
                last = loss.item();
                first = i == 0 ? last : first;
            }
            if (i == 10) {
                bytes = NativeHeap.liveBytes();
            }
        }
        assertEquals(bytes, NativeHeap.liveBytes(), "no native memory left behind by losses or activations");
        assertTrue(last < first * 0.8, "loss went from " + first + " to " + last);
    }
}
