package dev.myelin.bench;

import dev.myelin.ffi.ThreadSettings;
import dev.myelin.memory.Scope;
import dev.myelin.nn.Linear;
import dev.myelin.nn.Module;
import dev.myelin.nn.SinusoidalPositionalEncoding;
import dev.myelin.nn.TransformerEncoder;
import dev.myelin.nn.TransformerSettings;
import dev.myelin.nn.functional.Losses;
import dev.myelin.optim.AdamW;
import dev.myelin.optim.HyperParams;
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
 * W5: one training step of a Transformer encoder classifier at batch 16 on N(0, 1) inputs
 * [16, 64, 256]: sinusoidal positions added, 2 post-norm encoder layers (4 heads, feed-forward 1024,
 * ReLU, dropout 0.1), mean over the sequence, linear 256 -> 10; softmax cross-entropy, AdamW with
 * lr 1e-3 and weight decay 0.01. The step runs in a scope, as a training loop should.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
public class TransformerBench {
    static final int BATCH = 16;
    static final int SEQUENCE = 64;
    static final int D_MODEL = 256;

    @Param("2")
    public int threads;

    private Classifier model;
    private AdamW adamW;
    private Scope data;
    private Tensor inputs;
    private Tensor labels;

    /** Positions, the encoder stack, the mean over the sequence and the linear head. */
    static final class Classifier extends Module {
        private final SinusoidalPositionalEncoding pos;
        private final TransformerEncoder encoder;
        private final Linear head;

        Classifier(long seed) {
            TransformerSettings s = TransformerSettings.of(D_MODEL, 4).dimFeedforward(1024).dropout(0.1f).batchFirst(true);
            pos = module("pos", new SinusoidalPositionalEncoding(SEQUENCE, D_MODEL, true));
            encoder = module("encoder", new TransformerEncoder(s, 2, false, seed));
            head = module("head", new Linear(D_MODEL, 10, true, seed + 1));
        }

        @Override
        public Tensor forward(Tensor x) {
            return head.forward(encoder.forward(pos.forward(x)).mean(false, 1));
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        ThreadSettings.setThreads(threads);
        model = new Classifier(21);
        adamW = new AdamW(model.parameters(), HyperParams.of().lr(1e-3).weightDecay(0.01));
        data = Scope.shared("bench data");
        inputs = data.adopt(Tensor.randn(22, BATCH, SEQUENCE, D_MODEL));
        labels = data.adopt(BenchData.labels(23, BATCH));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        data.close();
        adamW.close();
        model.close();
    }

    @Benchmark
    public float trainingStep() {
        model.train();
        try (Scope step = Scope.open("step")) {
            Tensor loss = Losses.crossEntropy(model.forward(inputs), labels);
            loss.backward();
            adamW.step();
            adamW.zeroGrad();
            return loss.item();
        }
    }
}
