package dev.myelin.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A text as tokenized documents. A document is a paragraph: text between blank lines. Co-occurrence
 * windows and skip-gram contexts stay within a document, and TF-IDF counts documents.
 *
 * <p>{@link #bundled()} is Jane Austen's <i>Pride and Prejudice</i> (1813, public domain; 122k
 * words), shipped in the jar (see {@code dev/myelin/text/README.md} among the resources).
 */
public record Corpus(String name, List<List<String>> documents) {
    /** The resource with the bundled text, gzip-compressed UTF-8. */
    static final String BUNDLED = "/dev/myelin/text/pride-and-prejudice.txt.gz";

    public Corpus {
        documents = documents.stream().filter(d -> !d.isEmpty()).map(List::copyOf).toList();
    }

    /** Tokenizes {@code text}, one document per paragraph. */
    public static Corpus of(String name, String text) {
        List<List<String>> docs = new ArrayList<>();
        for (String paragraph : text.split("\\R\\s*\\R")) {
            docs.add(Tokenizer.tokenize(paragraph));
        }
        return new Corpus(name, docs);
    }

    /** Reads a UTF-8 text file ({@code .gz} files are decompressed). */
    public static Corpus load(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "corpus: no such file; pass a UTF-8 text file to --corpus, "
                    + "or leave it out to use the bundled Pride and Prejudice");
        }
        if (file.getFileName().toString().endsWith(".gz")) {
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
                bytes = in.readAllBytes();
            }
        }
        Corpus c = of(file.toString(), new String(bytes, StandardCharsets.UTF_8));
        if (c.tokenCount() == 0) {
            throw new IllegalArgumentException("corpus: " + file + " contains no words");
        }
        return c;
    }

    /** Pride and Prejudice, from the jar. */
    public static Corpus bundled() {
        try (InputStream raw = Corpus.class.getResourceAsStream(BUNDLED)) {
            if (raw == null) {
                throw new IllegalStateException("corpus: the bundled text " + BUNDLED + " is missing from the class path");
            }
            try (InputStream in = new GZIPInputStream(raw)) {
                return of("Pride and Prejudice (Jane Austen, 1813; bundled)", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("corpus: cannot read the bundled text " + BUNDLED, e);
        }
    }

    /** Every token, documents one after another. */
    public List<String> tokens() {
        List<String> all = new ArrayList<>(tokenCount());
        documents.forEach(all::addAll);
        return all;
    }

    public int tokenCount() {
        return documents.stream().mapToInt(List::size).sum();
    }

    /** Each document as vocabulary indices. */
    public List<int[]> encode(Vocabulary vocabulary) {
        return documents.stream().map(vocabulary::encode).toList();
    }
}
