package dev.myelin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code train --model transformer}: help, argument errors with exit code 2, and a tiny real run. */
class TransformerTrainCommandTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int run(String... args) {
        outBytes.reset();
        errBytes.reset();
        return Main.run(args, new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    private void assertUsageError(String message, String... args) {
        assertEquals(2, run(args), errBytes.toString(StandardCharsets.UTF_8));
        assertEquals("myelin train: " + message + "\n(see 'java -jar myelin.jar train --help')\n",
                errBytes.toString(StandardCharsets.UTF_8));
        assertEquals("", outBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpDescribesTheTransformerOptions() {
        assertEquals(0, run("train", "--model", "transformer", "--help"));
        String help = outBytes.toString(StandardCharsets.UTF_8);
        assertTrue(help.startsWith("usage: java -jar myelin.jar train --model transformer [options]"), help);
        assertTrue(help.contains("--task NAME") && help.contains("--d-model N") && help.contains("test_token_accuracy"), help);
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertUsageError("--task must be one of reverse; got 'sort'", "train", "--model", "transformer", "--task", "sort");
        assertUsageError("--d-model 64 is not divisible by --heads 3", "train", "--model", "transformer", "--heads", "3");
        assertUsageError("--vocab must be at least 3 (the start token and two others), got 2", "train", "--model=transformer",
                "--vocab", "2");
        assertUsageError("unknown option '--hidden'", "train", "--model", "transformer", "--hidden", "10");
        assertUsageError("--epochs must be a positive integer, got '0'", "train", "--model", "transformer", "--epochs", "0");
    }

    @Test
    void aShortRunPrintsTheTestTokenAccuracyLast() {
        assertEquals(0, run("train", "--model", "transformer", "--task", "reverse", "--epochs", "1", "--steps-per-epoch", "3",
                "--batch-size", "8", "--d-model", "16", "--heads", "2", "--ff", "16", "--layers", "1", "--length", "4",
                "--test-size", "20"), errBytes.toString(StandardCharsets.UTF_8));
        String[] lines = outBytes.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertTrue(lines[lines.length - 1].matches("test_token_accuracy=(0|1)\\.\\d{4}"), lines[lines.length - 1]);
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("epoch 1/1: loss "), errBytes.toString(StandardCharsets.UTF_8));
    }
}
