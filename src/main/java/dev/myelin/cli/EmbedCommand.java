package dev.myelin.cli;

import dev.myelin.memory.Scope;
import dev.myelin.tensor.Tensor;
import dev.myelin.text.Cooccurrence;
import dev.myelin.text.Corpus;
import dev.myelin.text.Lsa;
import dev.myelin.text.Neighbour;
import dev.myelin.text.Ppmi;
import dev.myelin.text.SkipGram;
import dev.myelin.text.SkipGramTrainer;
import dev.myelin.text.TfIdf;
import dev.myelin.text.Vocabulary;
import dev.myelin.text.WordVectors;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code embed --method word2vec|ppmi|lsa ...}: learns word vectors from a text (the bundled Pride
 * and Prejudice unless {@code --corpus} names one) and prints the nearest neighbours of some words,
 * and analogies, on stdout; progress goes to stderr.
 */
final class EmbedCommand {
    static final String NAME = "embed";
    private static final String DEFAULT_WORDS = "elizabeth,sister,father,happy,letter,morning,house,ball";
    private static final String DEFAULT_ANALOGIES = "uncle-he+she,father-man+woman,he-his+her";

    private EmbedCommand() {}

    static Options options() {
        return new Options()
                .option("method", "NAME", "word2vec", "word2vec (skip-gram), ppmi (rows of the PPMI word-context matrix) "
                        + "or lsa (truncated SVD of the PPMI or TF-IDF matrix)")
                .option("corpus", "PATH", null, "a UTF-8 text file (.gz allowed); paragraphs are separated by blank lines "
                        + "(default: Pride and Prejudice, bundled)")
                .option("dim", "N", "100", "word2vec and lsa: vector size")
                .option("window", "N", "5", "context words on each side")
                .option("epochs", "N", "5", "word2vec: passes over the corpus")
                .option("negatives", "K", "5", "word2vec: negative samples per pair; 0 trains with the full softmax")
                .option("lr", "RATE", "0.005", "word2vec: initial Adam learning rate, decayed linearly to zero")
                .option("batch-size", "N", "1024", "word2vec: (centre, context) pairs per step")
                .option("subsample", "T", "1e-3", "word2vec: frequent-word subsampling threshold; 0 turns it off")
                .option("min-count", "N", "5", "words seen fewer times are <unk>")
                .option("max-vocab", "N", "5000", "keep at most this many words, most frequent first (count matrices "
                        + "are dense: V x V floats)")
                .option("alpha", "A", "0.75", "ppmi and lsa: context-distribution smoothing exponent; 1 is plain PPMI")
                .option("lsa-input", "NAME", "ppmi", "lsa: factorise the ppmi word-context matrix or the tfidf "
                        + "term-paragraph matrix")
                .option("power", "P", "0.5", "lsa: word vectors are U_k S_k^P")
                .option("neighbours", "WORD,...", DEFAULT_WORDS, "words whose nearest neighbours to print")
                .option("analogies", "A-B+C,...", DEFAULT_ANALOGIES, "analogy queries a - b + c (\"b is to a as c is "
                        + "to ?\"); 'none' for none")
                .option("top", "N", "8", "neighbours per query")
                .option("seed", "S", "42", "word2vec: seed for initial vectors, subsampling, shuffling and negatives");
    }

    static String usage() {
        return "usage: java -jar myelin.jar embed [options]\n\n"
                + "Learns word vectors from a text and prints the nearest neighbours (by cosine similarity) of some\n"
                + "words and the answers to some analogies on stdout; progress goes to stderr.\n\n"
                + "options:\n" + options().help();
    }

    /** One analogy query {@code a - b + c}. */
    record Analogy(String a, String b, String c) {
        @Override
        public String toString() {
            return a + " - " + b + " + " + c;
        }
    }

    /** Runs the command (or prints its help for --help); returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) throws UsageException, IOException {
        if (Options.wantsHelp(args)) {
            out.print(usage());
            return 0;
        }
        Options o = options().parse(args);
        String method = o.choice("method", "word2vec", "ppmi", "lsa");
        onlyFor(o, method, "word2vec", "epochs", "negatives", "lr", "batch-size", "subsample", "seed");
        onlyFor(o, method, "lsa", "lsa-input", "power");
        if (method.equals("ppmi") && o.isGiven("dim")) {
            throw new UsageException("--dim does not apply to --method ppmi: its vectors have one entry per vocabulary word");
        }
        if (method.equals("word2vec") && o.isGiven("alpha")) {
            throw new UsageException("--alpha applies only to --method ppmi and lsa");
        }
        int window = o.positiveInt("window");
        int minCount = o.positiveInt("min-count");
        int maxVocab = o.positiveInt("max-vocab");
        int top = o.positiveInt("top");
        List<String> words = words(o.string("neighbours"));
        List<Analogy> analogies = analogies(o.string("analogies"));
        SkipGramTrainer.Settings w2v = method.equals("word2vec") ? skipGramSettings(o, window) : null;
        double alpha = fraction(o, "alpha", false);
        String lsaInput = o.choice("lsa-input", "ppmi", "tfidf");
        double power = fraction(o, "power", true);

        long start = System.nanoTime();
        Corpus corpus = o.isGiven("corpus") ? Corpus.load(o.path("corpus")) : Corpus.bundled();
        Vocabulary vocab = Vocabulary.build(corpus.tokens(), minCount, maxVocab);
        err.printf(Locale.ROOT, "corpus: %s: %d words in %d paragraphs; vocabulary %d words (min count %d) + <unk> (%d tokens)%n",
                corpus.name(), corpus.tokenCount(), corpus.documents().size(), vocab.size() - 1, vocab.minCount(),
                vocab.count(Vocabulary.UNKNOWN_INDEX));
        if (vocab.size() < 3) {
            throw new IllegalArgumentException("embed: the vocabulary has only " + (vocab.size() - 1)
                    + " words; lower --min-count or use a longer text");
        }
        if (!method.equals("word2vec")) {
            requireMemoryForDenseMatrices(vocab.size());
        }
        WordVectors vectors;
        try (Scope scope = Scope.open("embed")) {
            vectors = switch (method) {
                case "word2vec" -> word2vec(corpus, vocab, w2v, err);
                case "ppmi" -> new WordVectors(vocab, ppmi(corpus, vocab, window, alpha));
                default -> new WordVectors(vocab, lsa(corpus, vocab, window, alpha, lsaInput, o.positiveInt("dim"), power));
            };
        }
        err.printf(Locale.ROOT, "%s vectors of size %d in %.1f s%n", method, vectors.dim(), (System.nanoTime() - start) / 1e9);
        printQueries(vectors, words, analogies, top, out, err);
        out.flush();
        return 0;
    }

    private static SkipGramTrainer.Settings skipGramSettings(Options o, int window) throws UsageException {
        return new SkipGramTrainer.Settings(o.positiveInt("dim"), window, o.positiveInt("epochs"), o.positiveInt("batch-size"),
                o.number("lr", Double.MIN_VALUE, 10), nonNegative(o, "negatives"), o.number("subsample", 0, 1),
                o.integer("seed"));
    }

    /**
     * The count methods hold a few dense V x V float matrices at once, on the Java heap while they are
     * built: refuse a vocabulary they cannot fit rather than fail with an OutOfMemoryError midway.
     */
    private static void requireMemoryForDenseMatrices(int v) {
        long needed = 3L * v * v * Float.BYTES;
        long available = Runtime.getRuntime().maxMemory();
        if (needed > available) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "embed: %d x %d count matrices need about %.1f GB, "
                    + "more than the %.1f GB of Java heap; lower --max-vocab or raise -Xmx", v, v, needed / 1e9, available / 1e9));
        }
    }

    private static Tensor ppmi(Corpus corpus, Vocabulary vocab, int window, double alpha) {
        return Ppmi.of(Cooccurrence.counts(corpus.encode(vocab), vocab.size(), window, false), alpha);
    }

    private static Tensor lsa(Corpus corpus, Vocabulary vocab, int window, double alpha, String input, int dim, double power) {
        Tensor matrix = input.equals("tfidf") ? TfIdf.termDocument(corpus.encode(vocab), vocab.size())
                : ppmi(corpus, vocab, window, alpha);
        int rank = Math.min(matrix.size(0), matrix.size(1));
        if (dim > rank) {
            throw new IllegalArgumentException("embed: --dim " + dim + " exceeds the rank bound " + rank + " of the "
                    + input + " matrix " + matrix.size(0) + " x " + matrix.size(1));
        }
        return Lsa.wordVectors(matrix, dim, power);
    }

    private static WordVectors word2vec(Corpus corpus, Vocabulary vocab, SkipGramTrainer.Settings s, PrintStream err) {
        err.printf(Locale.ROOT, "skip-gram with %s, dim %d, window %d, batch %d, lr %g, subsample %g%n",
                s.fullSoftmax() ? "the full softmax" : s.negatives() + " negative samples", s.dim(), s.window(),
                s.batchSize(), s.lr(), s.subsample());
        SkipGramTrainer.Result result = SkipGramTrainer.train(corpus.encode(vocab), vocab, s, (epoch, loss, pairs, seconds) ->
                err.printf(Locale.ROOT, "epoch %d/%d: loss %.4f per pair over %d pairs, %.1f s (%.0f pairs/s)%n",
                        epoch, s.epochs(), loss, pairs, seconds, pairs / seconds));
        try (SkipGram model = result.model()) {
            return new WordVectors(vocab, model.centre());
        }
    }

    private static void printQueries(WordVectors vectors, List<String> words, List<Analogy> analogies, int top,
                                     PrintStream out, PrintStream err) {
        Vocabulary vocab = vectors.vocabulary();
        for (String w : words) {
            if (vocab.contains(w)) {
                out.println(w + ": " + join(vectors.nearest(w, top)));
            } else {
                err.println("skipping '" + w + "': not in the vocabulary");
            }
        }
        for (Analogy a : analogies) {
            if (vocab.contains(a.a()) && vocab.contains(a.b()) && vocab.contains(a.c())) {
                out.println(a + " = " + join(vectors.analogy(a.a(), a.b(), a.c(), Math.min(top, 5))));
            } else {
                err.println("skipping analogy " + a + ": a word is not in the vocabulary");
            }
        }
    }

    private static String join(List<Neighbour> neighbours) {
        return neighbours.stream().map(Neighbour::toString).collect(Collectors.joining(", "));
    }

    /** Refuses options that only {@code owner} uses when another method is chosen. */
    private static void onlyFor(Options o, String method, String owner, String... names) throws UsageException {
        for (String name : names) {
            if (!method.equals(owner) && o.isGiven(name)) {
                throw new UsageException("--" + name + " applies only to --method " + owner + ", not " + method);
            }
        }
    }

    /** A number in (0, 1], or [0, 1] when {@code zeroAllowed}. */
    private static double fraction(Options o, String name, boolean zeroAllowed) throws UsageException {
        String v = o.string(name);
        try {
            double d = Double.parseDouble(v);
            if ((zeroAllowed ? d >= 0 : d > 0) && d <= 1) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + name + " must be a number in " + (zeroAllowed ? "[0, 1]" : "(0, 1]") + ", got '" + v + "'");
    }

    private static int nonNegative(Options o, String name) throws UsageException {
        long v = o.integer(name);
        if (v < 0 || v > 1000) {
            throw new UsageException("--" + name + " must be an integer in [0, 1000], got '" + o.string(name) + "'");
        }
        return (int) v;
    }

    static List<String> words(String text) throws UsageException {
        List<String> words = new ArrayList<>();
        for (String part : text.split(",")) {
            String w = part.strip().toLowerCase(Locale.ROOT);
            if (w.isEmpty()) {
                throw new UsageException("--neighbours must be words separated by commas, e.g. sister,happy; got '" + text + "'");
            }
            words.add(w);
        }
        return words;
    }

    static List<Analogy> analogies(String text) throws UsageException {
        List<Analogy> out = new ArrayList<>();
        if (text.strip().equals("none")) {
            return out;
        }
        for (String part : text.split(",")) {
            String[] ab = part.strip().toLowerCase(Locale.ROOT).split("[-+]", -1);
            int minus = part.indexOf('-');
            int plus = part.indexOf('+');
            if (ab.length != 3 || minus < 0 || plus < minus || ab[0].isBlank() || ab[1].isBlank() || ab[2].isBlank()) {
                throw new UsageException("--analogies must be queries a-b+c separated by commas, e.g. king-man+woman; got '"
                        + part.strip() + "'");
            }
            out.add(new Analogy(ab[0].strip(), ab[1].strip(), ab[2].strip()));
        }
        return out;
    }
}
