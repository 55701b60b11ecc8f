package dev.myelin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code train --model transformer}: help, argument errors with exit code 2, and a tiny real run. */
class TransformerTrainCommandTest extends CommandTestSupport {
    @Test
    void helpDescribesTheTransformerOptions() {
        assertEquals(0, run("train", "--model", "transformer", "--help"));
        String help = out();
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
                "--test-size", "20"), err());
        String[] lines = out().strip().split("\n");
        assertTrue(lines[lines.length - 1].matches("test_token_accuracy=(0|1)\\.\\d{4}"), lines[lines.length - 1]);
        assertTrue(err().contains("epoch 1/1: loss "), err());
    }
}
