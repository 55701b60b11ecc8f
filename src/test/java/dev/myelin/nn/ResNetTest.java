package dev.myelin.nn;

import static dev.myelin.autograd.GradCheck.input;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.autograd.GradCheck;
import dev.myelin.autograd.GradMode;
import dev.myelin.memory.Scope;
import dev.myelin.nn.functional.Losses;
import dev.myelin.ops.Kernels;
import dev.myelin.optim.Adam;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Residual blocks, a small ResNet that learns, and the W2 LeNet's shapes. */
class ResNetTest {
    private Scope scope;

    @BeforeEach
    void open() {
        scope = Scope.open("test");
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private static void assertMessage(String expected, Executable e) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, e).getMessage());
    }

    /** Sets batch norm bn2's scale to zero, which turns the residual branch off: the block is relu(shortcut(x)). */
    private static void silenceResidualBranch(BasicBlock block) {
        Tensor gamma = block.namedParameters().get("bn2.weight");
        try (var off = GradMode.noGrad()) {
            Kernels.assign(gamma.detach(), Tensor.zeros(gamma.shape()));
        }
    }

    @Test
    void identityBlockKeepsTheShapeAndAddsTheInput() {
        try (BasicBlock block = new BasicBlock(4, 4, 1, 11)) {
            assertFalse(block.hasProjection());
            assertEquals(List.of("conv1.weight", "bn1.weight", "bn1.bias", "conv2.weight", "bn2.weight", "bn2.bias"),
                    List.copyOf(block.namedParameters().keySet()));
            Tensor x = Tensor.randn(3, 2, 4, 6, 6);
            assertArrayEquals(new int[] {2, 4, 6, 6}, block.forward(x).shape());

            silenceResidualBranch(block);
            float[] in = x.toFloatArray();
            float[] out = block.forward(x).toFloatArray();
            for (int i = 0; i < in.length; i++) {
                assertEquals(Math.max(0f, in[i]), out[i], 1e-6f, "element " + i);
            }
        }
    }

    @Test
    void projectionBlockChangesChannelsAndResolution() {
        try (BasicBlock block = new BasicBlock(4, 8, 2, 12); BasicBlock widen = new BasicBlock(4, 8, 1, 13);
             BasicBlock shrink = new BasicBlock(4, 4, 2, 14)) {
            assertTrue(block.hasProjection() && widen.hasProjection() && shrink.hasProjection());
            assertTrue(block.namedParameters().containsKey("downsample.0.weight"));
            assertArrayEquals(new int[] {8, 4, 1, 1}, block.namedParameters().get("downsample.0.weight").shape());
            Tensor x = Tensor.randn(4, 2, 4, 7, 7);
            assertArrayEquals(new int[] {2, 8, 4, 4}, block.forward(x).shape());
            assertArrayEquals(new int[] {2, 8, 7, 7}, widen.forward(x).shape());
            assertArrayEquals(new int[] {2, 4, 4, 4}, shrink.forward(x).shape());

            // With the residual branch off the block is relu(bn(conv1x1_stride2(x))); in training mode
            // batch norm (scale 1, shift 0) makes each channel of the shortcut mean 0, variance 1.
            silenceResidualBranch(block);
            float[] shortcut = block.namedChildren().get("downsample").forward(x).toFloatArray();
            float[] out = block.forward(x).toFloatArray();
            for (int i = 0; i < out.length; i++) {
                assertEquals(Math.max(0f, shortcut[i]), out[i], 1e-5f, "element " + i);
            }
            float[] w = block.namedParameters().get("downsample.0.weight").toFloatArray();
            float[] in = x.toFloatArray();
            for (int c = 0; c < 8; c++) {
                double[] raw = new double[2 * 16];
                for (int n = 0; n < 2; n++) {
                    for (int oh = 0; oh < 4; oh++) {
                        for (int ow = 0; ow < 4; ow++) {
                            double s = 0;
                            for (int ci = 0; ci < 4; ci++) {
                                s += w[c * 4 + ci] * in[((n * 4 + ci) * 7 + 2 * oh) * 7 + 2 * ow];
                            }
                            raw[n * 16 + oh * 4 + ow] = s;
                        }
                    }
                }
                double mean = Arrays.stream(raw).average().orElseThrow();
                double var = Arrays.stream(raw).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
                for (int n = 0; n < 2; n++) {
                    for (int k = 0; k < 16; k++) {
                        double expected = (raw[n * 16 + k] - mean) / Math.sqrt(var + 1e-5);
                        assertEquals(expected, shortcut[(n * 8 + c) * 16 + k], 1e-4, "channel " + c);
                    }
                }
            }
        }
    }

    /**
     * Step 1e-3: the conv weights are of order 0.2 and batch norm rescales each channel to unit
     * variance, so a step of 1e-2 moves outputs across ReLU kinks and away from the linear regime.
     * Inputs are seeds whose ReLU inputs all lie farther than the step from 0 (input(6, ...) has one
     * within 1e-3 of the kink, where ReLU has no derivative to compare).
     */
    @Test
    void gradientsThroughABlockMatchFiniteDifferences() {
        try (BasicBlock block = new BasicBlock(2, 3, 2, 21)) {
            var p = block.namedParameters();
            GradCheck.check("basic block", in -> block.forward(in[0]), 1e-3, 1e-2,
                    input(5, 3, 2, 5, 5), p.get("conv1.weight"), p.get("conv2.weight"), p.get("downsample.0.weight"),
                    p.get("bn1.weight"), p.get("bn2.bias"), p.get("downsample.1.weight"));
        }
        try (BasicBlock identity = new BasicBlock(2, 2, 1, 22)) {
            GradCheck.check("identity block", in -> identity.forward(in[0]), 1e-3, 1e-2, input(9, 2, 2, 4, 4));
        }
    }

    @Test
    void resNetMapsImagesToLogitsAndNamesItsLayers() {
        try (ResNet net = new ResNet(1, 10, new int[] {4, 8, 16}, new int[] {2, 1, 1}, 31)) {
            assertArrayEquals(new int[] {3, 10}, net.forward(Tensor.randn(1, 3, 1, 28, 28)).shape());
            var names = net.namedParameters().keySet();
            assertTrue(names.containsAll(List.of("conv1.weight", "layer1.1.conv2.weight", "layer2.0.downsample.0.weight",
                    "layer3.0.downsample.1.bias", "fc.weight", "fc.bias")), names.toString());
            assertFalse(names.contains("layer1.0.downsample.0.weight"), "layer1 keeps the stem's width and resolution");
            assertMessage("Conv2d 'conv1': input has 3 channels but the weight expects 1 (1 per group x 1 groups): "
                    + "input [2, 3, 8, 8], weight [4, 1, 3, 3]", () -> net.forward(Tensor.randn(1, 2, 3, 8, 8)));
        }
        assertMessage("ResNet: expected as many positive stage widths as positive block counts (at least one stage) and "
                + "classes > 0, got widths=[4, 8], blocks=[1], classes=10", () -> new ResNet(1, 10, new int[] {4, 8}, new int[] {1}, 1));
        assertMessage("BasicBlock: in_channels, out_channels and stride must be positive, got in=4, out=4, stride=0",
                () -> new BasicBlock(4, 4, 0, 1));
    }

    @Test
    void leNetMapsImagesToTenLogits() {
        try (LeNet net = new LeNet(41)) {
            assertEquals(32 * 25 + 32 + 64 * 32 * 25 + 64 + 3136 * 128 + 128 + 128 * 10 + 10, net.numParameters());
            assertArrayEquals(new int[] {2, 10}, net.forward(Tensor.randn(2, 2, 1, 28, 28)).shape());
            assertMessage("LeNet: expected input [N, 1, 28, 28], got [2, 784]", () -> net.forward(Tensor.randn(3, 2, 784)));
        }
    }

    /** 8x8 noise images with one bright 4x4 quadrant; the label is the quadrant (0..3). */
    private record Quadrants(Tensor images, Tensor labels) {
        static Quadrants make(int n, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            float[] pixels = new float[n * 64];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = random.nextInt(4);
                for (int p = 0; p < 64; p++) {
                    int quadrant = (p / 8 / 4) * 2 + (p % 8) / 4;
                    pixels[i * 64 + p] = (float) random.nextGaussian() * 0.5f + (quadrant == labels[i] ? 1f : 0f);
                }
            }
            return new Quadrants(Tensor.of(pixels, n, 1, 8, 8), Tensor.ofInts(labels, n));
        }
    }

    @Test
    void aTinyResNetLearnsWhichQuadrantIsBright() {
        Quadrants train = Quadrants.make(256, 51);
        Quadrants test = Quadrants.make(200, 52);
        try (ResNet net = new ResNet(1, 4, new int[] {4, 8}, new int[] {1, 1}, 53);
             Adam adam = new Adam(net.parameters(), 1e-2)) {
            for (int step = 0; step < 60; step++) {
                try (Scope s = Scope.open("step")) {
                    int from = (step % 8) * 32;
                    adam.zeroGrad();
                    Losses.crossEntropy(net.forward(train.images().slice(0, from, from + 32)),
                            train.labels().slice(0, from, from + 32)).backward();
                    adam.step();
                }
            }
            net.eval();
            int correct = 0;
            try (var off = GradMode.noGrad()) {
                float[] logits = net.forward(test.images()).toFloatArray();
                int[] labels = test.labels().toIntArray();
                for (int i = 0; i < labels.length; i++) {
                    int best = 0;
                    for (int c = 1; c < 4; c++) {
                        best = logits[i * 4 + c] > logits[i * 4 + best] ? c : best;
                    }
                    correct += best == labels[i] ? 1 : 0;
                }
            }
            double accuracy = correct / 200.0;
            assertTrue(accuracy >= 0.9, "test accuracy " + accuracy + " (chance 0.25)");
        }
    }
}
