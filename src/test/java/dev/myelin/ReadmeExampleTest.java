package dev.myelin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.memory.NativeHeap;
import dev.myelin.memory.Scope;
import dev.myelin.nn.Linear;
import dev.myelin.nn.ReLU;
import dev.myelin.nn.Sequential;
import dev.myelin.nn.functional.Losses;
import dev.myelin.optim.Sgd;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The README's example, so it keeps compiling, learns, and keeps its promise of flat memory. */
class ReadmeExampleTest {
    @Test
    void readmeExampleLearnsWithFlatMemory() {
        float first = 0;
        float last = 0;
        long bytes = 0;
        try (Sequential model = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 10));
             Scope data = Scope.shared("data")) {
            Sgd opt = new Sgd(model.parameters(), 0.01f);
            Tensor x = data.adopt(Tensor.randn(1, 128, 784));
            Tensor y = data.adopt(Tensor.ofInts(new int[128], 128));
            for (int step = 0; step < 100; step++) {
                try (Scope s = Scope.open("step")) {
                    Tensor loss = Losses.crossEntropy(model.forward(x), y);
                    loss.backward();
                    opt.step();
                    opt.zeroGrad();
                    last = loss.item();
                    first = step == 0 ? last : first;
                }
                if (step == 2) {
                    bytes = NativeHeap.liveBytes();
                }
            }
            assertEquals(bytes, NativeHeap.liveBytes(), "native memory after 100 steps");
        }
        assertTrue(last < first / 10, "loss fell from " + first + " to " + last);
    }
}
