package dev.myelin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.nn.seq2seq.SamplingSchedule;
import org.junit.jupiter.api.Test;

/** {@code train --model seq2seq|seq2seq-attention}: help, argument errors and a tiny real run. */
class Seq2SeqCommandTest extends CommandTestSupport {
    @Test
    void helpDescribesTheSeq2SeqOptions() {
        assertEquals(0, run("train", "--model", "seq2seq", "--help"));
        String help = out();
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
                "--cell", "gru", "--schedule", "linear"), err());
        String out = out();
        assertTrue(out.matches("test_token_accuracy=[01]\\.\\d{4}\n"), out);
        String err = err();
        assertTrue(err.contains("epoch 2/2: loss ") && err.contains("scheduled sampling: linear"), err);
    }
}
