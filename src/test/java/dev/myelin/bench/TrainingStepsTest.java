package dev.myelin.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The timed training steps of W1-W5 train: repeated on their fixed batch, the loss falls. */
class TrainingStepsTest {
    private static final int STEPS = 4;

    private static void lossFalls(String workload, Supplier<Float> step) {
        float first = step.get();
        float last = first;
        for (int i = 1; i < STEPS; i++) {
            last = step.get();
            assertTrue(Float.isFinite(last), workload + ": step " + i + " loss " + last);
        }
        assertTrue(last < first, workload + ": loss " + first + " -> " + last + " after " + STEPS + " steps");
    }

    @Test
    void mlpStepTrains() {
        try (MlpSteps steps = new MlpSteps()) {
            lossFalls("W1", steps::trainingStep);
        }
    }

    @Test
    void cnnStepTrains() {
        try (CnnSteps steps = new CnnSteps()) {
            lossFalls("W2", steps::trainingStep);
        }
    }

    @Test
    void transformerStepTrains() {
        try (TransformerSteps steps = new TransformerSteps()) {
            lossFalls("W5", steps::trainingStep);
        }
    }

    @Test
    void recurrentStepsTrain() {
        try (RnnSteps lstm = RnnSteps.lstm(); RnnSteps gru = RnnSteps.gru()) {
            lossFalls("W3", lstm::trainingStep);
            lossFalls("W4", gru::trainingStep);
        }
    }
}
