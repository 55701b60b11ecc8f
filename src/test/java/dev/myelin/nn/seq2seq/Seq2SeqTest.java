package dev.myelin.nn.seq2seq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.nn.functional.Losses;
import dev.myelin.nn.functional.Reduction;
import dev.myelin.ops.Ops;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Seq2SeqTest extends ScopedTest {
    private static final int SYMBOLS = 8;
    private static final int VOCABULARY = SequenceTask.vocabulary(SYMBOLS);
    private static final int EMBEDDING = 16;
    private static final int HIDDEN = 32;

    private static Seq2Seq model(boolean attention, Recurrence.Kind kind, long seed) {
        Encoder encoder = new Encoder(VOCABULARY, EMBEDDING, HIDDEN, kind, seed);
        Decoder decoder = attention ? new AttentionDecoder(VOCABULARY, EMBEDDING, HIDDEN, HIDDEN, kind, seed + 1)
                : new ContextDecoder(VOCABULARY, EMBEDDING, HIDDEN, kind, seed + 1);
        return new Seq2Seq(encoder, decoder, SequenceTask.BOS, SequenceTask.EOS);
    }

    /** Trains on fresh random batches and returns the greedy token accuracy on 200 unseen sequences. */
    private static double trainAndScore(Seq2Seq m, SequenceTask task, int steps, int minLength, int maxLength,
            SamplingSchedule schedule) {
        try (Seq2SeqTrainer trainer = new Seq2SeqTrainer(m, task,
                new Seq2SeqTrainer.Settings(32, minLength, maxLength, SYMBOLS, 0.02, 1.0, schedule), new SplittableRandom(3))) {
            trainer.train(steps, System.out, 0);
        }
        return Seq2SeqTrainer.tokenAccuracy(m, task.sample(new SplittableRandom(99), 200, minLength, maxLength, SYMBOLS));
    }

    @Test
    void attentionModelLearnsToReverseSequences() {
        try (Seq2Seq m = model(true, Recurrence.Kind.LSTM, 1)) {
            double accuracy = trainAndScore(m, SequenceTask.REVERSE, 100, 5, 8, SamplingSchedule.teacherForcingOnly());
            System.out.printf("reverse, lengths 5-8, LSTM with attention, 100 steps: token accuracy %.4f%n", accuracy);
            assertTrue(accuracy >= 0.9, "token accuracy " + accuracy);
        }
    }

    @Test
    void contextVectorModelLearnsToCopyWithScheduledSampling() {
        try (Seq2Seq m = model(false, Recurrence.Kind.GRU, 2)) {
            double accuracy = trainAndScore(m, SequenceTask.COPY, 100, 3, 5, SamplingSchedule.inverseSigmoid(30));
            System.out.printf("copy, lengths 3-5, GRU with a context vector, scheduled sampling: token accuracy %.4f%n", accuracy);
            assertTrue(accuracy >= 0.5, "token accuracy " + accuracy + " (chance is about 0.15)");
        }
    }

    @Test
    void attentionBeatsTheContextVectorOnLongerSequences() {
        double[] accuracy = new double[2];
        for (int a = 0; a < 2; a++) {
            try (Seq2Seq m = model(a == 1, Recurrence.Kind.LSTM, 3)) {
                accuracy[a] = trainAndScore(m, SequenceTask.REVERSE, 60, 10, 12, SamplingSchedule.teacherForcingOnly());
            }
        }
        System.out.printf("reverse, lengths 10-12, 60 steps: token accuracy %.4f with a context vector, %.4f with attention%n",
                accuracy[0], accuracy[1]);
        assertTrue(accuracy[1] > accuracy[0] + 0.15, Arrays.toString(accuracy));
    }

    @Test
    void samplingProbabilityOneFeedsTheModelsOwnPredictions() {
        try (Seq2Seq m = model(true, Recurrence.Kind.GRU, 4)) {
            SequenceTask.Batch b = SequenceTask.REVERSE.sample(new SplittableRandom(5), 4, 3, 5, SYMBOLS);
            Tensor loss = m.loss(b.source(), b.sourceMask(), b.target(), b.targetMask(), 1, new SplittableRandom(6));

            // the same by hand: the decoder fed its own arg max at every step
            int rows = b.target().size(0), length = b.target().size(1);
            Decoder.State state = m.decoder().start(m.encoder().encode(b.source(), b.sourceMask()));
            long[] previous = new long[rows];
            Arrays.fill(previous, SequenceTask.BOS);
            Tensor[] logits = new Tensor[length];
            for (int t = 0; t < length; t++) {
                Decoder.Step step = m.decoder().step(Tensor.ofLongs(previous, rows), state);
                logits[t] = step.logits();
                state = step.state();
                previous = Ops.max(step.logits().detach(), 1, false).indices().toLongArray();
            }
            Tensor perToken = Losses.crossEntropy(Ops.stack(1, logits).reshape(rows * length, VOCABULARY),
                    b.target().reshape(rows * length), Reduction.NONE);
            Tensor keep = b.targetMask().reshape(rows * length).neg().add(1f);
            assertEquals(perToken.mul(keep).sum().item() / keep.sum().item(), loss.item(), 1e-5);
            assertNotEquals(loss.item(), m.loss(b.source(), b.sourceMask(), b.target(), b.targetMask(), 0, null).item(),
                    "teacher forcing feeds other inputs than an untrained model's predictions");
        }
    }

    @Test
    void paddedSourcesEndInTheStateOfTheirLastToken() {
        try (Encoder encoder = new Encoder(VOCABULARY, EMBEDDING, HIDDEN, Recurrence.Kind.LSTM, 5)) {
            Tensor padded = Tensor.ofLongs(new long[] {3, 4, 5, 0, 0, /* row 1 */ 6, 7, 8, 9, 10}, 2, 5);
            Tensor mask = Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 0, 0, 0, 0}, 2, 5);
            RecurrentState s = encoder.encode(padded, mask).finalState();
            RecurrentState alone = encoder.encode(Tensor.ofLongs(new long[] {3, 4, 5}, 1, 3), null).finalState();
            assertArrayEquals(alone.h().toFloatArray(), s.h().select(0, 0).toFloatArray(), 1e-6f);
            assertArrayEquals(alone.c().toFloatArray(), s.c().select(0, 0).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void greedyDecodingStopsAtTheEndTokenOrTheMaximumLength() {
        try (Seq2Seq m = model(false, Recurrence.Kind.LSTM, 6)) {
            SequenceTask.Batch b = SequenceTask.COPY.sample(new SplittableRandom(7), 6, 4, 4, SYMBOLS);
            for (int maxLength : new int[] {1, 3, 12}) {
                List<int[]> decoded = m.greedyDecode(b.source(), null, maxLength);
                assertEquals(6, decoded.size());
                for (int[] row : decoded) {
                    assertTrue(row.length <= maxLength, "length " + row.length + " > " + maxLength);
                    assertTrue(Arrays.stream(row).noneMatch(t -> t == SequenceTask.EOS), Arrays.toString(row));
                }
            }
            assertArrayEquals(new int[] {6, 9}, m.forward(b.source()).shape());
        }
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        try (Seq2Seq m = model(true, Recurrence.Kind.LSTM, 8)) {
            Tensor source = Tensor.ofLongs(new long[] {3, 4, 5, 6}, 2, 2);
            var e = assertThrows(IllegalArgumentException.class,
                    () -> m.loss(source, null, Tensor.ofLongs(new long[] {3, 2}, 1, 2), null, 0, null));
            assertEquals("Seq2Seq: target [1, 2] int64 must be int64 ids [2, length > 0] (the source's batch)", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> m.encoder().encode(Tensor.zeros(2, 3), null));
            assertEquals("Encoder 'encoder': source [2, 3] float32 must be a non-empty batch of token ids [batch, length] "
                    + "(int32 or int64)", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> m.encoder().encode(source, Tensor.of(new float[] {0, 0, 1, 0}, 2, 2)));
            assertEquals("Encoder 'encoder': row 1 of the padding mask starts with padding; every source needs at least one "
                    + "token, padded on the right", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new Seq2Seq(
                    new Encoder(VOCABULARY, 4, 8, Recurrence.Kind.GRU, 1), new ContextDecoder(VOCABULARY, 4, 8, Recurrence.Kind.GRU, 1),
                    SequenceTask.EOS, SequenceTask.EOS));
            assertTrue(e.getMessage().startsWith("Seq2Seq: begin and end tokens must be two different ids"), e.getMessage());
        }
        try (Encoder gru = new Encoder(VOCABULARY, 4, 8, Recurrence.Kind.GRU, 1);
             Decoder lstm = new ContextDecoder(VOCABULARY, 4, 8, Recurrence.Kind.LSTM, 1)) {
            EncoderOutput out = gru.encode(Tensor.ofLongs(new long[] {3, 4}, 1, 2), null);
            var e = assertThrows(IllegalArgumentException.class, () -> lstm.start(out));
            assertEquals("ContextDecoder: the encoder's final state (h [1, 8], no cell state) cannot start a LSTM decoder of "
                    + "hidden size 8", e.getMessage());
        }
    }
}
