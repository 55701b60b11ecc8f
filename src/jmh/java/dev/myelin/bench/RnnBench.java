package dev.myelin.bench;

import dev.myelin.ffi.ThreadSettings;
import dev.myelin.memory.Scope;
import dev.myelin.nn.GRU;
import dev.myelin.nn.LSTM;
import dev.myelin.nn.Linear;
import dev.myelin.nn.RNNBase;
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
 * W3 ({@link #lstmStep}) and W4 ({@link #gruStep}): one training step of a one-layer recurrent
 * network, hidden 256, on a batch of 32 sequences of 32 steps of 64 N(0, 1) features (time-first),
 * whose last hidden state goes through a linear layer 256 -> 10; softmax cross-entropy, Adam lr 1e-3.
 * The step runs in a scope, as a training loop should.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 15, time = 1)
@Fork(1)
public class RnnBench {
    static final int BATCH = 32;
    static final int STEPS = 32;
    static final int INPUT = 64;
    static final int HIDDEN = 256;

    @Param("2")
    public int threads;

    private Network lstm;
    private Network gru;
    private Scope data;
    private Tensor inputs;
    private Tensor labels;

    /** A recurrent layer, its head and their optimizer. */
    private record Network(RNNBase recurrent, Linear head, Adam adam) implements AutoCloseable {
        static Network of(RNNBase recurrent) {
            Linear head = new Linear(HIDDEN, 10, true, 22);
            java.util.List<Tensor> params = new java.util.ArrayList<>(recurrent.parameters());
            params.addAll(head.parameters());
            return new Network(recurrent, head, new Adam(params, 1e-3));
        }

        float step(Tensor x, Tensor y) {
            try (Scope step = Scope.open("step")) {
                Tensor out = recurrent.forward(x);
                Tensor loss = Losses.crossEntropy(head.forward(out.select(0, STEPS - 1)), y);
                loss.backward();
                adam.step();
                adam.zeroGrad();
                return loss.item();
            }
        }

        @Override
        public void close() {
            adam.close();
            head.close();
            recurrent.close();
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        ThreadSettings.setThreads(threads);
        lstm = Network.of(new LSTM(INPUT, HIDDEN, 1, true, false, 0f, false, 21));
        gru = Network.of(new GRU(INPUT, HIDDEN, 1, true, false, 0f, false, 21));
        data = Scope.shared("bench data");
        inputs = data.adopt(Tensor.randn(7, STEPS, BATCH, INPUT));
        labels = data.adopt(BenchData.labels(8, BATCH));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        data.close();
        lstm.close();
        gru.close();
    }

    @Benchmark
    public float lstmStep() {
        return lstm.step(inputs, labels);
    }

    @Benchmark
    public float gruStep() {
        return gru.step(inputs, labels);
    }
}
