package dev.myelin.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.memory.Scope;
import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.nn.ReLU;
import dev.myelin.nn.Sequential;
import dev.myelin.nn.functional.Losses;
import dev.myelin.optim.Adam;
import dev.myelin.optim.HyperParams;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model and optimizer state through a safetensors checkpoint: identical continuation, and refusal of what does not fit. */
class CheckpointTest extends ScopedTest {
    @TempDir
    Path dir;
    private static Sequential model(long seed) {
        return new Sequential(new Linear(3, 8, true, seed), new ReLU(), new Linear(8, 2, true, seed + 1));
    }

    /** {@code steps} Adam steps on fixed seeded batches, starting at batch {@code from}. */
    private static void train(Module m, Adam adam, int from, int steps) {
        for (int i = from; i < from + steps; i++) {
            try (Scope step = Scope.open("step")) {
                adam.zeroGrad();
                Tensor x = Tensor.randn(100 + i, 16, 3);
                Tensor t = Tensor.randn(200 + i, 16, 2);
                Losses.mse(m.forward(x), t).backward();
                adam.step();
            }
        }
    }

    private static List<float[]> weights(Module m) {
        List<float[]> out = new ArrayList<>();
        m.parameters().forEach(p -> out.add(p.toFloatArray()));
        return out;
    }

    private static void assertSameWeights(List<float[]> expected, List<float[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "parameter " + i);
        }
    }

    @Test
    void modelAndAdamStateGiveAnIdenticalContinuation() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        Sequential a = model(1);
        Adam adamA = new Adam(a.parameters(), HyperParams.of().lr(3e-2).set("amsgrad", true));
        train(a, adamA, 0, 5);
        Checkpoint.save(file, a, adamA, Map.of("epoch", "5"));
        train(a, adamA, 5, 5);

        Sequential b = model(77); // other initial weights, fresh optimizer with another rate
        Adam adamB = new Adam(b.parameters(), HyperParams.of().lr(1e-3).set("amsgrad", true));
        assertEquals(Map.of("epoch", "5"), Checkpoint.load(file, b, adamB));
        assertEquals(3e-2, adamB.lr(), 0, "hyper-parameters come back too");
        train(b, adamB, 5, 5);
        assertSameWeights(weights(a), weights(b));

        Sequential c = model(78);
        Checkpoint.load(file, c); // weights only, then a fresh Adam: a different continuation
        Adam adamC = new Adam(c.parameters(), HyperParams.of().lr(3e-2).set("amsgrad", true));
        train(c, adamC, 5, 5);
        assertFalse(java.util.Arrays.equals(weights(a).get(0), weights(c).get(0)), "the optimizer state matters");
    }

    @Test
    void theFileIsPlainSafetensorsWithPrefixedKeys() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        Sequential m = model(3);
        Adam adam = new Adam(m.parameters(), 1e-2);
        train(m, adam, 0, 2);
        Checkpoint.save(file, m, adam, Map.of("note", "x"));
        SafeTensors.Contents c = SafeTensors.read(file);
        assertEquals(List.of("model.0.weight", "model.0.bias", "model.2.weight", "model.2.bias",
                "optimizer.0.0.exp_avg", "optimizer.0.0.exp_avg_sq", "optimizer.0.1.exp_avg", "optimizer.0.1.exp_avg_sq",
                "optimizer.0.2.exp_avg", "optimizer.0.2.exp_avg_sq", "optimizer.0.3.exp_avg", "optimizer.0.3.exp_avg_sq"),
                List.copyOf(c.tensors().keySet()));
        assertArrayEquals(m.parameters().get(0).toFloatArray(), c.tensors().get("model.0.weight").toFloatArray());
        assertEquals("2", c.metadata().get("optimizer.0.0.step"));
        assertEquals("0.01", c.metadata().get("optimizer.0.lr"));
        assertEquals("x", c.metadata().get("note"));
    }

    @Test
    void aCheckpointThatDoesNotFitIsRefusedAndChangesNothing() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        Sequential small = model(5);
        Checkpoint.save(file, small, Map.of());
        Sequential other = new Sequential(new Linear(3, 9, true, 1), new ReLU(), new Linear(9, 2, true, 2));
        List<float[]> before = weights(other);
        var e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(file, other));
        assertEquals(file + ": loadStateDict into Sequential: '0.weight' has shape [8, 3] in the state dict but [9, 3] in the module",
                e.getMessage());
        assertSameWeights(before, weights(other));

        Sequential same = model(6);
        Adam adam = new Adam(same.parameters(), 1e-2);
        List<float[]> sameBefore = weights(same);
        e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(file, same, adam));
        assertEquals(file + ": holds no optimizer state (it was saved without an optimizer)", e.getMessage());
        assertSameWeights(sameBefore, weights(same));

        Path withAdam = dir.resolve("adam.safetensors");
        Sequential src = model(7);
        Adam srcAdam = new Adam(src.parameters(), 1e-2);
        train(src, srcAdam, 0, 1);
        Checkpoint.save(withAdam, src, srcAdam, Map.of());
        Sequential dst = model(8);
        Adam twoGroups = new Adam(dst.parameters().subList(0, 2), 1e-2); // another parameter layout
        List<float[]> dstBefore = weights(dst);
        e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(withAdam, dst, twoGroups));
        assertTrue(e.getMessage().startsWith(withAdam + ": loadStateDict into Adam: unexpected keys"), e.getMessage());
        assertSameWeights(dstBefore, weights(dst)); // the model was put back when the optimizer refused

        var reserved = assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(file, small, Map.of("model.x", "1")));
        assertEquals("Checkpoint.save " + file + ": metadata key 'model.x' is reserved (keys starting with \"model.\" or "
                + "\"optimizer.\")", reserved.getMessage());
    }

    @Test
    void aDamagedCheckpointIsRefusedWithItsName() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        Checkpoint.save(file, model(9), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 4)); // into the last tensor, model.2.bias
        var e = assertThrows(CorruptFileException.class, () -> Checkpoint.load(file, model(9)));
        assertTrue(e.getMessage().startsWith(file + ": tensor \"model.2.bias\""), e.getMessage());
        assertTrue(e.getMessage().endsWith("the file is truncated"), e.getMessage());
    }
}
