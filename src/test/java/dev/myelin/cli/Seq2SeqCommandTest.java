package dev.myelin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.nn.seq2seq.SamplingSchedule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code train --model seq2seq|seq2seq-attention}: help, argument errors and a tiny real run. */
class Seq2SeqCommandTest {
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
    void helpDescribesTheSeq2SeqOptions() {
        assertEquals(0, run("train", "--model", "seq2seq", "--help"));
        String help = outBytes.toString(StandardCharsets.UTF_8);
        assertTrue(help.startsWith("usage: java -jar myelin.jar train --model seq2seq|seq2seq-attention"), help);
        assertTrue(help.contains("--schedule NAME") && help.contains("test_token_accuracy=<value>"), help);
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertUsageError("--task must be one of reverse, copy; got 'sort'", "train", "--model", "seq2seq", "--task", "sort");
        assertUsageError("--max-length 3 is shorter than --min-length 5", "train", "--model=seq2seq-attention", "--max-length", "3");
        assertUsageError("--schedule must be one of none, linear, exponential, inverse-sigmoid; got 'cosine'",
                "train", "--model", "seq2seq", "--schedule", "cosine");
        assertUsageError("unknown option '--dataset'", "train", "--model", "seq2seq", "--dataset", "fashion-mnist");
        assertUsageError("--cell must be one of lstm, gru; got 'rnn'", "train", "--model", "seq2seq", "--cell", "rnn");
    }

    @Test
    void everyScheduleReachesHalfTeacherForcingAtTheLastStep() {
        for (String name : new String[] {"linear", "exponential", "inverse-sigmoid"}) {
            SamplingSchedule s = Seq2SeqCommand.schedule(name, 400);
            assertEquals(0.5, s.teacherForcing(400), 1e-6, name);
            assertTrue(s.teacherForcing(0) > 0.95, name + " starts at " + s.teacherForcing(0));
        }
    }

    @Test
    void aShortRunPrintsTheTestTokenAccuracy() {
        assertEquals(0, run("train", "--model", "seq2seq-attention", "--task", "copy", "--epochs", "2", "--steps-per-epoch", "3",
                "--batch-size", "4", "--min-length", "2", "--max-length", "3", "--hidden", "8", "--embedding", "4",
                "--cell", "gru", "--schedule", "linear"), errBytes.toString(StandardCharsets.UTF_8));
        String out = outBytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.matches("test_token_accuracy=[01]\\.\\d{4}\n"), out);
        String err = errBytes.toString(StandardCharsets.UTF_8);
        assertTrue(err.contains("epoch 2/2: loss ") && err.contains("scheduled sampling: linear"), err);
    }
}
