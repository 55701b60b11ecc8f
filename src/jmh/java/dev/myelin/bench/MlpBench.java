package dev.myelin.bench;

import dev.myelin.autograd.GradMode;
import dev.myelin.ffi.ThreadSettings;
import dev.myelin.memory.Scope;
import dev.myelin.nn.Linear;
import dev.myelin.nn.ReLU;
import dev.myelin.nn.Sequential;
import dev.myelin.nn.functional.Losses;
import dev.myelin.optim.Adam;
import dev.myelin.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W1 and W6: the MLP 784 -> 256 ReLU -> 256 ReLU -> 10. {@link #trainingStep} is one step at
 * batch 128 (forward, softmax cross-entropy, backward, Adam update with lr 1e-3), {@link #inference} one batch-1 forward pass in evaluation mode.
 * Each runs in a scope, as a training loop should, so the pool serves every allocation.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 15, time = 1)
@Fork(1)
public class MlpBench {
    @Param("2")
    public int threads;

    private Sequential model;
    private Adam adam;
    private Scope data;
    private Tensor batch;
    private Tensor labels;
    private Tensor single;

    @Setup(Level.Trial)
    public void setUp() {
        ThreadSettings.setThreads(threads);
        model = new Sequential(new Linear(784, 256, true, 1), new ReLU(), new Linear(256, 256, true, 2), new ReLU(),
                new Linear(256, 10, true, 3));
        adam = new Adam(model.parameters(), 1e-3);
        data = Scope.shared("bench data");
        batch = data.adopt(Tensor.randn(4, 128, 784));
        labels = data.adopt(BenchData.labels(5, 128));
        single = data.adopt(Tensor.randn(6, 1, 784));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        data.close();
        adam.close();
        model.close();
    }

    @Benchmark
    public float trainingStep() {
        model.train();
        try (Scope step = Scope.open("step")) {
            Tensor loss = Losses.crossEntropy(model.forward(batch), labels);
            loss.backward();
            adam.step();
            adam.zeroGrad();
            return loss.item();
        }
    }

    @Benchmark
    public float inference() {
        model.eval();
        try (var off = GradMode.noGrad(); Scope s = Scope.open("inference")) {
            return model.forward(single).getFloat(0, 0);
        }
    }
}
