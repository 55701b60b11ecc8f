package dev.myelin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code embed}: help, argument errors with exit code 2, and short real runs of each method on a small text. */
class EmbedCommandTest extends CommandTestSupport {
    @TempDir
    Path dir;

    /** A usage error of {@code embed} with these arguments. */
    private void assertEmbedUsageError(String message, String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "embed";
        System.arraycopy(args, 0, full, 1, args.length);
        assertUsageError(message, full);
    }

    /** Two topics that never share a paragraph: fruit words and vehicle words. */
    private Path topicsText() throws IOException {
        String[] fruit = {"apple", "pear", "plum", "cherry", "grape"};
        String[] vehicles = {"car", "bus", "train", "truck", "bike"};
        StringBuilder sb = new StringBuilder();
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        for (int p = 0; p < 120; p++) {
            String[] topic = p % 2 == 0 ? fruit : vehicles;
            for (int i = 0; i < 12; i++) {
                sb.append(topic[r.nextInt(topic.length)]).append(i % 4 == 3 ? ". " : " ");
            }
            sb.append("\n\n");
        }
        Path file = dir.resolve("topics.txt");
        Files.writeString(file, sb.toString());
        return file;
    }

    @Test
    void helpListsTheOptions() {
        assertEquals(0, run("embed", "--help"));
        assertTrue(out().startsWith("usage: java -jar myelin.jar embed [options]"), out());
        for (String option : new String[] {"--method", "--corpus", "--dim", "--window", "--epochs", "--neighbours", "--analogies"}) {
            assertTrue(out().contains(option), option);
        }
        assertEquals(0, run("help"));
        assertTrue(out().contains("embed   learn word vectors"), out());
    }

    @Test
    void badCommandLinesAreClearErrorsWithExitCode2() {
        assertEmbedUsageError("--method must be one of word2vec, ppmi, lsa; got 'glove'", "--method", "glove");
        assertEmbedUsageError("--epochs applies only to --method word2vec, not ppmi", "--method", "ppmi", "--epochs", "3");
        assertEmbedUsageError("--power applies only to --method lsa, not word2vec", "--power", "1");
        assertEmbedUsageError("--dim does not apply to --method ppmi: its vectors have one entry per vocabulary word",
                "--method", "ppmi", "--dim", "50");
        assertEmbedUsageError("--alpha applies only to --method ppmi and lsa", "--alpha", "0.75");
        assertEmbedUsageError("--alpha must be a number in (0, 1], got '0'", "--method", "ppmi", "--alpha", "0");
        assertEmbedUsageError("--window must be a positive integer, got '0'", "--window", "0");
        assertEmbedUsageError("--negatives must be an integer in [0, 1000], got '-1'", "--negatives=-1");
        assertEmbedUsageError("--analogies must be queries a-b+c separated by commas, e.g. king-man+woman; got 'king+man'",
                "--analogies", "king+man");
        assertEmbedUsageError("--neighbours must be words separated by commas, e.g. sister,happy; got 'a,,b'",
                "--neighbours", "a,,b");
        assertEmbedUsageError("--lsa-input must be one of ppmi, tfidf; got 'counts'", "--method", "lsa", "--lsa-input", "counts");
    }

    @Test
    void aMissingCorpusFileIsAnErrorWithExitCode1() {
        Path missing = dir.resolve("nope.txt");
        assertEquals(1, run("embed", "--method", "ppmi", "--corpus", missing.toString()));
        assertEquals("myelin embed: " + missing + ": corpus: no such file; pass a UTF-8 text file to --corpus, or leave it "
                + "out to use the bundled Pride and Prejudice\n", err());
    }

    @Test
    void aVocabularyTooLargeForDenseCountMatricesIsRefusedBeforeBuildingThem() throws IOException {
        int words = (int) Math.sqrt(Runtime.getRuntime().maxMemory() / 12.0) + 1000; // 3 float matrices of words^2
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            sb.append('w').append(i).append(' ');
        }
        Path file = dir.resolve("many.txt");
        Files.writeString(file, sb.toString());
        assertEquals(1, run("embed", "--method", "ppmi", "--corpus", file.toString(), "--min-count", "1",
                "--max-vocab", String.valueOf(words)));
        int rows = words + 1; // with <unk>
        assertTrue(err().matches("(?s).*myelin embed: embed: " + rows + " x " + rows + " count matrices need about [0-9.]+ GB, "
                + "more than the [0-9.]+ GB of Java heap; lower --max-vocab or raise -Xmx\n"), err());
    }

    @Test
    void eachMethodFindsTheTopicNeighbours() throws IOException {
        String corpus = topicsText().toString();
        String[][] runs = {
            {"--method", "ppmi", "--window", "2"},
            {"--method", "lsa", "--dim", "4", "--window", "2"},
            {"--method", "lsa", "--dim", "4", "--lsa-input", "tfidf"},
            {"--method", "word2vec", "--dim", "8", "--window", "2", "--epochs", "3", "--batch-size", "128", "--lr", "0.03", "--subsample", "0"},
        };
        for (String[] method : runs) {
            List<String> args = new ArrayList<>(List.of("embed", "--corpus", corpus, "--neighbours", "apple,car,zebra",
                    "--analogies", "none", "--top", "2", "--min-count", "1"));
            args.addAll(List.of(method));
            assertEquals(0, run(args.toArray(String[]::new)), err());
            String[] lines = out().split("\n");
            assertEquals(2, lines.length, out());
            assertTrue(lines[0].matches("apple: (pear|plum|cherry|grape) [0-9.]+, (pear|plum|cherry|grape) [0-9.]+"),
                    String.join(" ", method) + ": " + lines[0]);
            assertTrue(lines[1].matches("car: (bus|train|truck|bike) [0-9.]+, (bus|train|truck|bike) [0-9.]+"),
                    String.join(" ", method) + ": " + lines[1]);
            assertTrue(err().contains("skipping 'zebra': not in the vocabulary"), err());
        }
    }
}
