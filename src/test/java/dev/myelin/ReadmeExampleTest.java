package dev.myelin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.myelin.backend.dnnl.Eltwise;
import dev.myelin.memory.NativeHeap;
import dev.myelin.memory.Scope;
import dev.myelin.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The README's example, so it keeps compiling and keeps its promise of flat memory. */
class ReadmeExampleTest {
    @Test
    void readmeExampleRunsWithFlatMemory() {
        long bytes = 0;
        try (Scope model = Scope.shared("model")) {
            Tensor w = model.adopt(Tensor.randn(42, 784, 256));
            for (int step = 0; step < 20; step++) {
                try (Scope s = Scope.open("step")) {
                    Tensor x = Tensor.randn(step, 128, 784);
                    Tensor h = Eltwise.relu(x.matmul(w));
                    Tensor g = Eltwise.reluBackward(x.matmul(w), Tensor.ones(128, 256));
                    Tensor dw = x.t().matmul(g);
                    assertArrayEquals(new int[] {128, 256}, h.shape());
                    assertArrayEquals(new int[] {784, 256}, dw.shape());
                }
                if (step == 1) {
                    bytes = NativeHeap.liveBytes();
                }
            }
            assertEquals(bytes, NativeHeap.liveBytes());
        }
    }
}
