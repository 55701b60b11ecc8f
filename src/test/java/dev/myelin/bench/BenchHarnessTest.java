package dev.myelin.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The pieces the command line's {@code bench} and BenchMain share: units, the result table, the median timer. */
class BenchHarnessTest {

    @Test
    void unitsConvertSecondsPerOperation() {
        assertEquals("2.500", BenchUnit.MS.format(0.0025));
        assertEquals("12.40", BenchUnit.US.format(12.4e-6));
        assertEquals("400000", BenchUnit.CALLS_PER_S.format(2.5e-6));
        assertEquals("214.75", BenchUnit.gflops(SgemmStep.flops(1024)).format(0.01)); // 2 * 1024^3 / 0.01 s
    }

    @Test
    void tableAlignsTheColumnsAndLinesAreMachineReadable() {
        List<BenchResult> results = List.of(new BenchResult("W1", "1.375", "ms"), new BenchResult("W8.critical", "2450000", "calls_per_s"));
        assertEquals("""
                workload      median  unit
                W1             1.375  ms
                W8.critical  2450000  calls_per_s
                """, BenchResult.table(results));
        assertEquals("W1 median=1.375 unit=ms", results.get(0).line());
    }

    /** A step that takes about {@code millis} ms and counts its runs. */
    private static final class SleepStep implements BenchStep {
        final long millis;
        int runs;

        SleepStep(long millis) {
            this.millis = millis;
        }

        @Override
        public float run() {
            runs++;
            long end = System.nanoTime() + millis * 1_000_000;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            return runs;
        }

        @Override
        public void close() {}
    }

    @Test
    void medianTimerMeasuresWholeStepsAfterWarmUp() {
        SleepStep step = new SleepStep(2);
        double seconds = MedianTimer.secondsPerOp(step, 0.01, 5, 0.01);
        // a busy machine may stretch a step, never shorten it
        assertTrue(seconds >= 0.002 && seconds < 1, "a 2 ms step measured as " + seconds + " s");
        assertTrue(step.runs >= 5, "every iteration runs at least one whole step: " + step.runs);
        assertEquals(2.5, MedianTimer.median(new double[] {4, 1, 2, 3}));
        assertEquals(3.0, MedianTimer.median(new double[] {5, 3, 1}));
        assertThrows(IllegalArgumentException.class, () -> MedianTimer.secondsPerOp(step, 0, 0, 1));
    }

    @Test
    void everyWorkloadIdIsUniqueAndFindable() {
        assertEquals(Workloads.ALL.size(), Workloads.ALL.stream().map(Workloads.Workload::id).distinct().count());
        assertEquals("W7", Workloads.find("w7").id());
        assertEquals(null, Workloads.find("W9"));
    }
}
