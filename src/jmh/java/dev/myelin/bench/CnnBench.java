package dev.myelin.bench;

import dev.myelin.ffi.ThreadSettings;
import dev.myelin.memory.Scope;
import dev.myelin.nn.Conv2d;
import dev.myelin.nn.Dropout;
import dev.myelin.nn.Flatten;
import dev.myelin.nn.Linear;
import dev.myelin.nn.MaxPool2d;
import dev.myelin.nn.ReLU;
import dev.myelin.nn.Sequential;
import dev.myelin.nn.functional.Losses;
import dev.myelin.optim.HyperParams;
import dev.myelin.optim.Sgd;
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
 * W2: one training step of the LeNet-style CNN at batch 64 on 1x28x28 inputs: conv 5x5 32ch pad 2 + ReLU,
 * maxpool 2x2, conv 5x5 64ch pad 2 + ReLU, maxpool 2x2, flatten 3136 -> 128 ReLU, dropout 0.5, 128 -> 10;
 * softmax cross-entropy, SGD with momentum 0.9 and lr 0.01. The step runs in a scope, as a training loop should.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 15, time = 1)
@Fork(1)
public class CnnBench {
    static final int BATCH = 64;

    @Param("2")
    public int threads;

    private Sequential model;
    private Sgd sgd;
    private Scope data;
    private Tensor images;
    private Tensor labels;

    /** The W2 network with weights fixed by the seeds (the same network PyTorch's W2 builds). */
    static Sequential leNet() {
        return new Sequential(
                new Conv2d(1, 32, 5, 1, 2, 1, 1, true, 11), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 5, 1, 2, 1, 1, true, 12), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(64 * 7 * 7, 128, true, 13), new ReLU(),
                new Dropout(0.5f, 14), new Linear(128, 10, true, 15));
    }

    @Setup(Level.Trial)
    public void setUp() {
        ThreadSettings.setThreads(threads);
        model = leNet();
        sgd = new Sgd(model.parameters(), HyperParams.of().lr(0.01).momentum(0.9));
        data = Scope.shared("bench data");
        images = data.adopt(Tensor.randn(7, BATCH, 1, 28, 28));
        labels = data.adopt(BenchData.labels(8, BATCH));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        data.close();
        sgd.close();
        model.close();
    }

    @Benchmark
    public float trainingStep() {
        model.train();
        try (Scope step = Scope.open("step")) {
            Tensor loss = Losses.crossEntropy(model.forward(images), labels);
            loss.backward();
            sgd.step();
            sgd.zeroGrad();
            return loss.item();
        }
    }
}
