package dev.myelin.nn.seq2seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SamplingScheduleTest {
    @Test
    void schedulesFollowBengioEtAl() {
        SamplingSchedule linear = SamplingSchedule.linear(1, 0.01, 0.2);
        assertEquals(1, linear.teacherForcing(0), 1e-12);
        assertEquals(0.5, linear.teacherForcing(50), 1e-12);
        assertEquals(0.2, linear.teacherForcing(1000), 1e-12);
        assertEquals(0.8, linear.samplingProbability(1000), 1e-12);
        SamplingSchedule exponential = SamplingSchedule.exponential(0.99);
        assertEquals(Math.pow(0.99, 70), exponential.teacherForcing(70), 1e-12);
        SamplingSchedule inverseSigmoid = SamplingSchedule.inverseSigmoid(10);
        assertEquals(10 / (10 + Math.exp(3)), inverseSigmoid.teacherForcing(30), 1e-12);
        assertEquals(0, SamplingSchedule.teacherForcingOnly().samplingProbability(12345));
    }

    @Test
    void teacherForcingOnlyDecreases() {
        for (SamplingSchedule s : List.of(SamplingSchedule.linear(1, 0.001, 0), SamplingSchedule.exponential(0.995),
                SamplingSchedule.inverseSigmoid(50))) {
            double previous = 1;
            for (long i = 0; i < 2000; i += 50) {
                double eps = s.teacherForcing(i);
                assertTrue(eps <= previous && eps >= 0, s + " at step " + i + ": " + eps);
                previous = eps;
            }
        }
    }

    @Test
    void invalidSettingsAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> SamplingSchedule.exponential(1.5));
        assertEquals("SamplingSchedule.exponential: need 0 < k < 1, got k=1.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SamplingSchedule.inverseSigmoid(0.5));
        assertEquals("SamplingSchedule.inverse sigmoid: need k >= 1, got k=0.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SamplingSchedule.linear(1, -1, 0));
    }
}
