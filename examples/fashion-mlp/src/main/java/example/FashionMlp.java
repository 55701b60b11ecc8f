package example;

import dev.myelin.data.DataLoader;
import dev.myelin.data.FashionMnist;
import dev.myelin.nn.Flatten;
import dev.myelin.nn.Linear;
import dev.myelin.nn.ReLU;
import dev.myelin.nn.Sequential;
import dev.myelin.nn.functional.Losses;
import dev.myelin.optim.Adam;
import dev.myelin.train.Metric;
import dev.myelin.train.Trainer;
import java.io.IOException;
import java.util.Locale;

/**
 * Trains a 784 -> 128 -> 10 MLP with Adam for a few epochs on the Fashion-MNIST subset bundled in
 * the Myelin jar and prints its test accuracy, using only Myelin's public API.
 */
public final class FashionMlp {
    private static final int EPOCHS = 10;
    private static final long SEED = 1;

    public static void main(String[] args) throws IOException {
        FashionMnist.Data data = FashionMnist.loadBundledSubset();
        System.out.printf("data: %s (%d training, %d test examples)%n", data.source(), data.train().size(), data.test().size());
        try (Sequential model = new Sequential(new Flatten(), new Linear(784, 128, true, SEED), new ReLU(),
                new Linear(128, 10, true, SEED + 1));
             Adam adam = new Adam(model.parameters(), 1e-3)) {
            Trainer trainer = Trainer.builder(model, adam, Losses::crossEntropy)
                    .epochs(EPOCHS)
                    .metrics(Metric.ACCURACY)
                    .build();
            trainer.fit(DataLoader.builder(data.train(), 64).shuffle(true).seed(SEED).build(), null);
            double accuracy = trainer.evaluate(DataLoader.builder(data.test(), 500).build()).get("accuracy");
            System.out.printf(Locale.ROOT, "test_accuracy=%.4f%n", accuracy);
        }
    }
}
