package dev.myelin.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.myelin.nn.Linear;
import dev.myelin.nn.functional.Losses;
import dev.myelin.optim.Sgd;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Weight noise: the gradient is taken at the noisy weights, the clean weights come back exactly. */
class WeightNoiseTest extends ScopedTest {
    @Test
    void gradientsAreTakenAtTheNoisyWeightsAndTheCleanOnesReturnExactly() {
        Linear layer = new Linear(100, 100, true, 1);
        float[] clean = layer.weight().toFloatArray();
        Tensor x = Tensor.randn(2, 8, 100);
        Tensor t = Tensor.randn(3, 8, 100);
        float[] noisy;
        float[] noisyBias;
        try (WeightNoise noise = new WeightNoise(0.5f, 4)) {
            try (WeightNoise.Restore r = noise.perturb(layer)) {
                noisy = layer.weight().toFloatArray();
                noisyBias = layer.bias().toFloatArray();
                Losses.mse(layer.forward(x), t).backward();
            }
        }
        assertArrayEquals(clean, layer.weight().toFloatArray(), "clean weights restored bit for bit");
        assertEquals(false, java.util.Arrays.equals(noisyBias, layer.bias().toFloatArray()), "the bias is perturbed too");
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < clean.length; i++) {
            double d = noisy[i] - clean[i];
            sum += d;
            sq += d * d;
        }
        assertEquals(0, sum / clean.length, 4 * 0.5 / Math.sqrt(clean.length));
        assertEquals(0.5, Math.sqrt(sq / clean.length), 0.02);

        Linear atNoisy = new Linear(100, 100, true, 9);
        atNoisy.loadStateDict(Map.of("weight", Tensor.of(noisy, 100, 100), "bias", Tensor.of(noisyBias, 100)));
        Losses.mse(atNoisy.forward(x), t).backward();
        assertArrayEquals(atNoisy.weight().grad().toFloatArray(), layer.weight().grad().toFloatArray(), "gradient at w + noise");
    }

    @Test
    void theTrainerStepsTheCleanWeights() {
        Linear model = new Linear(2, 1, true, 7);
        float[] before = model.weight().toFloatArray();
        try (WeightNoise noise = new WeightNoise(1f, 5)) {
            Trainer trainer = Trainer.builder(model, new Sgd(model.parameters(), 0.0), Losses::mse).weightNoise(noise).build();
            History h = trainer.fit(Synthetic.loader(Synthetic.line(40, 1), 10, false), Synthetic.loader(Synthetic.line(20, 2), 20, false));
            assertArrayEquals(before, model.weight().toFloatArray(), "lr 0: nothing moves, the noise is gone");
            Map<String, Double> clean = trainer.evaluate(Synthetic.loader(Synthetic.line(20, 2), 20, false));
            assertEquals(clean.get("loss"), h.last().get("val_loss"), 0, "validation sees the clean weights");
        }
        var e = assertThrows(IllegalArgumentException.class, () -> new WeightNoise(-0.1f, 1));
        assertEquals("WeightNoise: std must be finite and >= 0, got -0.1", e.getMessage());
    }
}
