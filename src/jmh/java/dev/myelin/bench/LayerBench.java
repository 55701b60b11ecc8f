package dev.myelin.bench;

import dev.myelin.backend.dnnl.ConvSpec;
import dev.myelin.backend.dnnl.Convolution;
import dev.myelin.backend.dnnl.RnnCell;
import dev.myelin.backend.dnnl.RnnLayer;
import dev.myelin.backend.dnnl.RnnWeights;
import dev.myelin.ffi.NativeLibraries;
import dev.myelin.ffi.ThreadSettings;
import dev.myelin.memory.Scope;
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
 * Single layer calls, the Java side of {@code native/bench/layer_bench.c} ({@code make bench-layers}):
 * W2's second convolution (batch 64, 32 -> 64 channels, 14x14, 5x5, pad 2) through the
 * {@link Convolution} kernels, without bias as in the C program. The difference to the C medians is
 * what Myelin adds per call (argument checks, descriptors, memory objects, output allocation).
 * W3's LSTM layer (sequence 32, batch 32, input 64, hidden 256, zero initial state) through the
 * {@link RnnLayer} kernels: forward training, and backward from one saved forward, as L3 in C.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 15, time = 1)
@Fork(1)
public class LayerBench {
    private static final ConvSpec CONV2 = new ConvSpec(new int[] {1, 1}, new int[] {2, 2}, new int[] {2, 2}, new int[] {1, 1}, 1);

    @Param("2")
    public int threads;

    private Scope data;
    private Tensor x;
    private Tensor w;
    private Tensor dy;
    private RnnWeights lstmWeights;
    private Tensor sequence;
    private RnnLayer.Forward lstmForwardResult;
    private Tensor lstmGrad;

    @Setup(Level.Trial)
    public void setUp() {
        NativeLibraries.ensureLoaded();
        ThreadSettings.setThreads(threads);
        System.setProperty("myelin.conv.layout", "plain"); // as layer_bench.c: plain activations, weights in format any
        data = Scope.shared("layer bench data");
        try (Scope init = Scope.open("layer bench init")) {
            x = data.adopt(Tensor.randn(1, 64, 32, 14, 14));
            w = data.adopt(Tensor.randn(2, 64, 32, 5, 5).mul(0.05f));
            dy = data.adopt(Tensor.randn(3, 64, 64, 14, 14));
        }
        // Outside any scope: the garbage collector owns these, so the saved forward outlives setUp.
        float scale = 1 / 16f; // U-like magnitude of PyTorch's init, 1/sqrt(256)
        lstmWeights = new RnnWeights(new Tensor[] {Tensor.randn(4, 1024, 64).mul(scale)},
                new Tensor[] {Tensor.randn(5, 1024, 256).mul(scale)}, new Tensor[] {Tensor.randn(6, 1024).mul(scale)},
                new Tensor[] {Tensor.randn(7, 1024).mul(scale)});
        sequence = Tensor.randn(8, 32, 32, 64);
        lstmForwardResult = RnnLayer.forward(RnnCell.LSTM, sequence, null, null, lstmWeights, 256, true);
        lstmGrad = Tensor.randn(9, lstmForwardResult.packed().shape());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        data.close();
    }

    @Benchmark
    public Object convForward() {
        try (Scope call = Scope.open("conv fwd")) {
            return Convolution.forward(x, w, null, CONV2).shape();
        }
    }

    @Benchmark
    public Object convBackwardData() {
        try (Scope call = Scope.open("conv bwd data")) {
            return Convolution.backwardData(x, w, false, dy, CONV2).shape();
        }
    }

    @Benchmark
    public Object convBackwardWeights() {
        try (Scope call = Scope.open("conv bwd weights")) {
            return Convolution.backwardWeights(x, w, false, dy, CONV2)[0].shape();
        }
    }

    @Benchmark
    public Object lstmForward() {
        try (Scope call = Scope.open("lstm fwd")) {
            return RnnLayer.forward(RnnCell.LSTM, sequence, null, null, lstmWeights, 256, true).output().shape();
        }
    }

    @Benchmark
    public Object lstmBackward() {
        try (Scope call = Scope.open("lstm bwd")) {
            return RnnLayer.backward(lstmForwardResult.saved(), lstmGrad).input().shape();
        }
    }
}
