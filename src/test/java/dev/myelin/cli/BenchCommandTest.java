package dev.myelin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code bench}: help, argument errors, and a real (short) timing of the small-GEMM workload. */
class BenchCommandTest extends CommandTestSupport {

    @Test
    void helpListsTheOptionsAndTheWorkloads() {
        assertEquals(0, run("bench", "--help"));
        assertTrue(out().startsWith("usage: java -jar myelin.jar bench [options]"), out());
        for (String option : List.of("--workloads", "--threads", "--warmup", "--iterations", "--iteration-time")) {
            assertTrue(out().contains("\n  " + option + " "), option + " in\n" + out());
        }
        assertTrue(out().contains("(default W1,W2,W3,W4,W5,W6,W7,W8)"), out());
        assertEquals(0, run("help"));
        assertTrue(out().contains("\n  bench   time the benchmark workloads"), out());
    }

    @Test
    void badCommandLinesAreClearErrorsWithExitCode2() {
        assertUsageError("unknown workload 'W9'; known: W1,W2,W3,W4,W5,W6,W7,W8", "bench", "--workloads", "W1,W9");
        assertUsageError("unknown option '--reps'", "bench", "--reps", "3");
        assertUsageError("--iterations must be a positive integer, got '0'", "bench", "--iterations", "0");
        assertUsageError("--warmup must be a number in [0.0, 3600.0), got '-1'", "bench", "--warmup=-1");
        assertUsageError("--threads must be a positive integer, got 'two'", "bench", "--threads", "two");
        assertUsageError("unexpected argument 'W1'", "bench", "W1");
    }

    @Test
    void timesTheChosenWorkloadsAndPrintsTheTable() {
        assertEquals(0, run("bench", "--workloads", "w8", "--warmup", "0.05", "--iterations", "3", "--iteration-time", "0.05"), err());
        String[] lines = out().split("\n");
        assertEquals(2, lines.length, out());
        assertTrue(lines[0].matches("workload +median +unit"), lines[0]);
        assertTrue(lines[1].matches("W8 +\\d+ +calls_per_s"), lines[1]);
        long callsPerSecond = Long.parseLong(lines[1].split(" +")[1]);
        assertTrue(callsPerSecond > 1000, "a 32x32x32 sgemm takes far less than a millisecond: " + callsPerSecond);
        assertTrue(err().contains("[bench] W8: "), err());
    }
}
