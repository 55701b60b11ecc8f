package dev.myelin.bench;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * How a workload's figure is reported: its unit name, decimals, and the conversion from a median time
 * per operation in seconds (ms per training step, us per inference call, GFLOP/s, calls per second).
 */
public record BenchUnit(String name, int decimals, DoubleUnaryOperator fromSecondsPerOp) {
    /** Milliseconds per operation, for training steps. */
    public static final BenchUnit MS = new BenchUnit("ms", 3, s -> s * 1e3);
    /** Microseconds per operation, for inference latency. */
    public static final BenchUnit US = new BenchUnit("us", 2, s -> s * 1e6);
    /** Operations per second = 1 / time. */
    public static final BenchUnit CALLS_PER_S = new BenchUnit("calls_per_s", 0, s -> 1 / s);

    /** GFLOP/s = flops / time * 1e-9, for an operation doing {@code flops} floating-point operations. */
    public static BenchUnit gflops(double flops) {
        return new BenchUnit("gflops", 2, s -> flops / s * 1e-9);
    }

    /** The figure for a median of {@code secondsPerOp}, formatted with this unit's decimals. */
    public String format(double secondsPerOp) {
        return String.format(Locale.ROOT, "%." + decimals + "f", fromSecondsPerOp.applyAsDouble(secondsPerOp));
    }
}
