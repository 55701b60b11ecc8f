package dev.myelin.optim.lr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.memory.Scope;
import dev.myelin.nn.Linear;
import dev.myelin.nn.functional.Losses;
import dev.myelin.optim.HyperParams;
import dev.myelin.optim.OptimizerState;
import dev.myelin.optim.Sgd;
import dev.myelin.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The range test on a small synthetic linear regression, whose stable rates are known from its curvature. */
class LrRangeTestTest {
    private static final int N = 256;
    private static final int FEATURES = 4;
    private static final float[] TRUE_WEIGHTS = {1.5f, -2, 0.5f, 3};

    private Scope scope;
    private float[] x;
    private float[] y;

    @BeforeEach
    void open() {
        scope = Scope.open("test");
        SplittableRandom r = new SplittableRandom(11);
        x = new float[N * FEATURES];
        y = new float[N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < FEATURES; j++) {
                x[i * FEATURES + j] = (float) r.nextGaussian();
                y[i] += x[i * FEATURES + j] * TRUE_WEIGHTS[j];
            }
            y[i] += (float) (0.05 * r.nextGaussian()) + 0.7f;
        }
    }

    @AfterEach
    void close() {
        scope.close();
    }

    /** Random mini-batches of 32 rows, reproducible. */
    private Supplier<LrRangeTest.Batch> batches(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return () -> {
            float[] bx = new float[32 * FEATURES];
            float[] by = new float[32];
            for (int k = 0; k < 32; k++) {
                int i = r.nextInt(N);
                System.arraycopy(x, i * FEATURES, bx, k * FEATURES, FEATURES);
                by[k] = y[i];
            }
            return new LrRangeTest.Batch(Tensor.of(bx, 32, FEATURES), Tensor.of(by, 32, 1));
        };
    }

    @Test
    void suggestsASaneRateRestoresEverythingAndWritesTheCurve(@TempDir Path dir) throws Exception {
        try (Linear model = new Linear(FEATURES, 1, true, 3);
             Sgd sgd = new Sgd(model.parameters(), HyperParams.of().lr(0.01).momentum(0.9))) {
            sgd.zeroGrad();
            Losses.mse(model.forward(Tensor.of(x, N, FEATURES)), Tensor.of(y, N, 1)).backward();
            sgd.step(); // some momentum state to restore
            float[] weightsBefore = model.weight().toFloatArray();
            OptimizerState stateBefore = sgd.stateDict();

            LrRangeResult r = new LrRangeTest(model, Losses::mse, sgd, batches(5)).range(1e-5, 10, 300).run();

            // For MSE on standard-normal features the Hessian is about 2I: plain SGD diverges above
            // lr = 1, heavy-ball momentum 0.9 above (2 + 2 * 0.9) / 2 = 1.9; the loss is lowest a little below.
            assertTrue(r.diverged(), "the loss must explode before lr = 10");
            assertTrue(r.lrs().length < 300, "stopped early");
            assertTrue(r.minLossLr() > 0.01 && r.minLossLr() < 1.9, "min-loss lr " + r.minLossLr());
            assertEquals(r.minLossLr() / 10, r.suggestedLr());
            double[] lrs = r.lrs();
            assertEquals(1e-5, lrs[0], 1e-18);
            assertEquals(Math.pow(1e6, 1.0 / 299), lrs[1] / lrs[0], 1e-9, "exponential sweep");

            assertArrayEquals(weightsBefore, model.weight().toFloatArray(), "model restored");
            assertEquals(stateBefore.metadata(), sgd.stateDict().metadata(), "optimizer steps and lr restored");
            assertArrayEquals(stateBefore.tensors().get("0.0.momentum_buffer").toFloatArray(),
                    sgd.stateDict().tensors().get("0.0.momentum_buffer").toFloatArray(), "momentum restored");
            assertEquals(0.01, sgd.lr(), 1e-12);

            // Training at the suggested rate converges.
            sgd.setLr(r.suggestedLr());
            Supplier<LrRangeTest.Batch> train = batches(9);
            double first = 0;
            double last = 0;
            for (int i = 0; i < 200; i++) {
                try (Scope step = Scope.open("step")) {
                    LrRangeTest.Batch b = train.get();
                    sgd.zeroGrad();
                    Tensor loss = Losses.mse(model.forward(b.input()), b.target());
                    last = loss.item();
                    first = i == 0 ? last : first;
                    loss.backward();
                    sgd.step();
                }
            }
            assertTrue(last < first / 100, "loss " + first + " -> " + last);

            Path png = dir.resolve("range.png");
            Path csv = dir.resolve("range.csv");
            r.writePng(png);
            r.writeCsv(csv);
            byte[] header = Arrays.copyOf(Files.readAllBytes(png), 8);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, header);
            assertTrue(Files.size(png) > 1000);
            List<String> lines = Files.readAllLines(csv);
            assertEquals("lr,loss,smoothed_loss", lines.get(0));
            assertEquals(r.lrs().length + 1, lines.size());
        }
    }

    @Test
    void invalidRangesAreRejected() {
        try (Linear model = new Linear(2, 1, true, 1); Sgd sgd = new Sgd(model.parameters(), 0.1)) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> new LrRangeTest(model, Losses::mse, sgd, batches(1)).range(1, 0.1, 100));
            assertEquals("LrRangeTest: need 0 < start < end (finite) and at least 2 iterations, got 1.0, 0.1, 100", e.getMessage());
        }
    }
}
