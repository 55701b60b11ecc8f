package dev.myelin.bench;

/**
 * One repeatable unit of a benchmark workload (a training step, an inference call, a GEMM) with its
 * model and data set up by the constructor. JMH benchmarks ({@code src/jmh}) and the command line's
 * {@code bench} time the same steps. {@link #close()} frees the model and data.
 */
public interface BenchStep extends AutoCloseable {
    /** Runs the step once; returns a value that depends on the work (a loss, say) so it cannot be skipped. */
    float run();

    @Override
    void close();
}
