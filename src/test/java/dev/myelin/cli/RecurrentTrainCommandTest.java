package dev.myelin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code train --model lstm|gru|rnn}: help, argument errors with exit code 2, and a tiny real run. */
class RecurrentTrainCommandTest {
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
    void helpDescribesTheRecurrentOptions() {
        assertEquals(0, run("train", "--model", "gru", "--help"));
        String help = outBytes.toString(StandardCharsets.UTF_8);
        assertTrue(help.startsWith("usage: java -jar myelin.jar train --model lstm|gru|rnn --task adding [options]"), help);
        for (String option : new String[] {"--seq-len T", "--hidden N", "--clip NORM", "--task NAME"}) {
            assertTrue(help.contains(option), option + " in\n" + help);
        }
    }

    @Test
    void badCommandLinesAreClearErrors() {
        assertUsageError("--task must be one of adding; got 'copy'", "train", "--model", "lstm", "--task", "copy");
        assertUsageError("unknown option '--dataset'", "train", "--model", "lstm", "--dataset", "fashion-mnist");
        assertUsageError("--seq-len must be at least 2 (two marked steps), got 1", "train", "--model", "rnn", "--seq-len", "1");
        assertUsageError("--hidden must be a positive integer, got '0'", "train", "--model=gru", "--hidden", "0");
        assertUsageError("--clip must be a number in [4.9E-324, 1.7976931348623157E308), got '-1'", "train", "--model", "lstm",
                "--clip", "-1");
    }

    @Test
    void aTinyRunPrintsTheTestMse() {
        assertEquals(0, run("train", "--model", "gru", "--task", "adding", "--epochs", "2", "--steps", "3", "--seq-len", "6",
                "--hidden", "8", "--batch-size", "4", "--test-size", "16"), errBytes.toString(StandardCharsets.UTF_8));
        String out = outBytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.matches("test_mse=\\d+\\.\\d{5}\n"), out);
        String err = errBytes.toString(StandardCharsets.UTF_8);
        assertTrue(err.contains("epoch 2/2: train_mse="), err);
    }
}
