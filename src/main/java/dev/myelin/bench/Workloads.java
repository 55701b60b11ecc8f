package dev.myelin.bench;

import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The workloads of WORKLOADS.md that the command line's {@code bench} times without JMH, each as its
 * id, its unit and how to build its step (model and data included). Adding one is one line here; the
 * JMH benchmarks (src/jmh, {@code make bench}) run the same step code.
 */
public final class Workloads {
    /** One workload: {@code step} builds a fresh step (model, optimizer, data) to time. */
    public record Workload(String id, BenchUnit unit, Supplier<BenchStep> step) {}

    /** In run order. */
    public static final List<Workload> ALL = List.of(
            new Workload("W1", BenchUnit.MS, () -> of(new MlpSteps(), MlpSteps::trainingStep)),
            new Workload("W2", BenchUnit.MS, () -> of(new CnnSteps(), CnnSteps::trainingStep)),
            new Workload("W3", BenchUnit.MS, () -> of(RnnSteps.lstm(), RnnSteps::trainingStep)),
            new Workload("W4", BenchUnit.MS, () -> of(RnnSteps.gru(), RnnSteps::trainingStep)),
            new Workload("W5", BenchUnit.MS, () -> of(new TransformerSteps(), TransformerSteps::trainingStep)),
            new Workload("W6", BenchUnit.US, () -> of(new MlpSteps(), MlpSteps::inference)),
            new Workload("W7", BenchUnit.gflops(SgemmStep.flops(SgemmStep.LARGE)), () -> new SgemmStep(SgemmStep.LARGE)),
            new Workload("W8", BenchUnit.CALLS_PER_S, () -> new SgemmStep(SgemmStep.SMALL)));

    private Workloads() {}

    /** The workload called {@code id} (any case), or null. */
    public static Workload find(String id) {
        return ALL.stream().filter(w -> w.id().equalsIgnoreCase(id)).findFirst().orElse(null);
    }

    /** The ids, comma-separated. */
    public static String ids() {
        return String.join(",", ALL.stream().map(Workload::id).toList());
    }

    /** A step that runs {@code body} on {@code owner} and closes {@code owner} with it. */
    static <T extends AutoCloseable> BenchStep of(T owner, ToDoubleFunction<T> body) {
        return new BenchStep() {
            @Override
            public float run() {
                return (float) body.applyAsDouble(owner);
            }

            @Override
            public void close() {
                try {
                    owner.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing a benchmark step failed", e);
                }
            }
        };
    }
}
