package dev.myelin.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.data.FashionMnist;
import dev.myelin.io.SafeTensors;
import dev.myelin.memory.Scope;
import dev.myelin.nn.LeNet;
import dev.myelin.nn.Module;
import dev.myelin.nn.ResNet;
import dev.myelin.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: help, argument errors with exit code 2, and a short real training run. */
class MainTest extends CommandTestSupport {
    @TempDir
    Path dir;
    @Test
    void badCommandLinesAreClearErrorsWithExitCode2() {
        assertUsageError("unknown option '--bogus'", "train", "--bogus", "1");
        assertUsageError("option --epochs needs a value (N)", "train", "--epochs");
        assertUsageError("option --epochs needs a value (N)", "train", "--epochs", "--lr", "1");
        assertUsageError("--epochs must be a positive integer, got 'ten'", "train", "--epochs", "ten");
        assertUsageError("--epochs must be a positive integer, got '0'", "train", "--epochs=0");
        assertUsageError("--model must be one of mlp, lenet, resnet; got 'cnn'", "train", "--model", "cnn");
        assertUsageError("--dataset must be one of fashion-mnist; got 'mnist'", "train", "--dataset", "mnist");
        assertUsageError("--lr must be a number in [4.9E-324, 10.0), got '-1'", "train", "--lr", "-1");
        assertUsageError("--dropout must be a number in [0.0, 1.0), got '1'", "train", "--dropout", "1");
        assertUsageError("--hidden must be positive layer sizes separated by commas, e.g. 256,256; got '256,x'", "train", "--hidden", "256,x");
        assertUsageError("option --seed given twice", "train", "--seed", "1", "--seed", "2");
        assertUsageError("unexpected argument 'fast'", "train", "fast");
        assertUsageError("unknown option '--verbose'", "info", "--verbose");
        assertEquals(2, run("fly"));
        assertTrue(err().startsWith("myelin: unknown command 'fly'\n\nusage: java -jar myelin.jar <command>"), err());
    }

    @Test
    void convolutionalModelsAreChosenByNameAndRejectMlpOnlyOptions() {
        assertUsageError("--hidden applies only to --model mlp, not lenet", "train", "--model", "lenet", "--hidden", "64");
        assertUsageError("--dropout applies only to --model mlp, not resnet", "train", "--model=resnet", "--dropout", "0.1");
        assertUsageError("--batch-size must be a positive integer, got '0'", "train", "--model", "lenet", "--batch-size", "0");
        assertUsageError("--lr must be a number in [4.9E-324, 10.0), got '0'", "train", "--model", "resnet", "--lr", "0");
        assertEquals(0, run("train", "--help"));
        assertTrue(out().contains("--model NAME") && out().contains("mlp (784") && out().contains("lenet (benchmark W2")
                && out().contains("resnet (3 stages"), out());
        try (Scope s = Scope.open("models");
             Module lenet = TrainCommand.model("lenet", 784, new int[] {8}, 0.2f, 1);
             Module resnet = TrainCommand.model("resnet", 784, new int[] {8}, 0.2f, 1);
             Module mlp = TrainCommand.model("mlp", 784, new int[] {8}, 0.2f, 1)) {
            assertTrue(lenet instanceof LeNet, lenet.toString());
            assertTrue(resnet instanceof ResNet, resnet.toString());
            assertEquals(784 * 8 + 8 + 8 * 10 + 10, mlp.numParameters());
            for (Module m : List.of(lenet, resnet, mlp)) {
                assertArrayEquals(new int[] {2, 10}, m.forward(Tensor.randn(1, 2, 1, 28, 28)).shape(), m.toString());
            }
        }
    }

    @Test
    void everyCommandHasHelp() {
        assertEquals(0, run("train", "--help"));
        assertTrue(out().startsWith("usage: java -jar myelin.jar train [options]"), out());
        for (String option : List.of("--model", "--dataset", "--epochs", "--batch-size", "--lr", "--seed", "--data-dir",
                "--checkpoint", "--history")) {
            assertTrue(out().contains("\n  " + option + " "), option + " in\n" + out());
        }
        assertEquals(0, run("info", "--help"));
        assertTrue(out().startsWith("usage: java -jar myelin.jar info"), out());
        assertEquals(0, run("demo", "-h"));
        assertTrue(out().startsWith("usage: java -jar myelin.jar demo"), out());
        assertEquals(0, run("help"));
        assertTrue(out().contains("  train   train a built-in model and print its test metric"), out());
        for (String model : List.of("mlp|lenet|resnet", "lstm|gru|rnn", "seq2seq|seq2seq-attention|transformer")) {
            assertTrue(out().contains(model), model + " in\n" + out());
        }
    }

    @Test
    void aMissingDataDirectoryIsAnErrorWithExitCode1() {
        assertEquals(1, run("train", "--data-dir", dir.resolve("none").toString()));
        assertTrue(err().startsWith("myelin train: " + dir.resolve("none").resolve(FashionMnist.TRAIN_IMAGES)), err());
    }

    /** The bundled subset written out as the four IDX files, like Debian's directory. */
    private Path subsetDirectory() throws IOException {
        Path data = Files.createDirectories(dir.resolve("fashion"));
        for (String f : List.of(FashionMnist.TRAIN_IMAGES, FashionMnist.TRAIN_LABELS, FashionMnist.TEST_IMAGES, FashionMnist.TEST_LABELS)) {
            try (InputStream in = FashionMnist.class.getResourceAsStream("fashion-mnist-subset/" + f)) {
                Files.copy(in, data.resolve(f));
            }
        }
        return data;
    }

    @Test
    void trainEndsWithOneTestAccuracyLineAndWritesItsFiles() throws IOException {
        Path history = dir.resolve("out/history.csv");
        Path checkpoint = dir.resolve("out/best.safetensors");
        int code = run("train", "--model", "mlp", "--dataset", "fashion-mnist", "--epochs", "2", "--hidden", "32",
                "--batch-size", "64", "--seed", "3", "--data-dir", subsetDirectory().toString(),
                "--history", history.toString(), "--checkpoint", checkpoint.toString());
        assertEquals(0, code, err());
        assertTrue(out().matches("test_accuracy=0\\.\\d{4}\n"), out());
        double accuracy = Double.parseDouble(out().strip().substring("test_accuracy=".length()));
        assertTrue(accuracy > 0.5, "two epochs on 1620 examples beat chance (0.1) by far: " + accuracy);
        assertTrue(err().contains("(1620 training, 180 validation, 500 test examples)"), err());
        assertTrue(err().contains("\nepoch 2/2 "), err());
        List<String> csv = Files.readAllLines(history);
        assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,lr,seconds", csv.get(0));
        assertEquals(3, csv.size());
        byte[] png = Files.readAllBytes(dir.resolve("out/history.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        try (Scope s = Scope.open("read")) {
            assertEquals(List.of("model.1.weight", "model.1.bias", "model.4.weight", "model.4.bias"),
                    List.copyOf(SafeTensors.read(checkpoint).tensors().keySet()));
        }
    }
}
