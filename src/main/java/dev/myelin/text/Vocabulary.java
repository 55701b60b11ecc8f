package dev.myelin.text;

import dev.myelin.data.OneHot;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Words and their indices, most frequent first. Index 0 is the unknown-word token {@value #UNKNOWN},
 * which stands for every word below the minimum count or beyond the size cap; its count is the
 * number of tokens it replaced. Ties in frequency are ordered alphabetically, so a vocabulary
 * depends only on its corpus.
 */
public final class Vocabulary {
    public static final String UNKNOWN = "<unk>";
    public static final int UNKNOWN_INDEX = 0;

    private final List<String> words;
    private final long[] counts;
    private final Map<String, Integer> index = new HashMap<>();

    private Vocabulary(List<String> words, long[] counts) {
        this.words = List.copyOf(words);
        this.counts = counts;
        for (int i = 0; i < words.size(); i++) {
            index.put(words.get(i), i);
        }
    }

    /**
     * The words of {@code tokens} seen at least {@code minCount} times, at most {@code maxWords} of
     * them (the most frequent), after {@value #UNKNOWN}.
     */
    public static Vocabulary build(Collection<String> tokens, int minCount, int maxWords) {
        if (minCount < 1 || maxWords < 1) {
            throw new IllegalArgumentException("vocabulary: minCount and maxWords must be positive, got minCount="
                    + minCount + ", maxWords=" + maxWords);
        }
        Map<String, Long> freq = new HashMap<>();
        for (String t : tokens) {
            freq.merge(t, 1L, Long::sum);
        }
        freq.remove(UNKNOWN); // the token is reserved: a literal "<unk>" in the text counts as unknown
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(freq.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        List<String> words = new ArrayList<>(List.of(UNKNOWN));
        List<Long> kept = new ArrayList<>(List.of(0L));
        long unknown = tokens.size();
        for (Map.Entry<String, Long> e : sorted) {
            if (e.getValue() < minCount || words.size() > maxWords) {
                break;
            }
            words.add(e.getKey());
            kept.add(e.getValue());
            unknown -= e.getValue();
        }
        long[] counts = kept.stream().mapToLong(Long::longValue).toArray();
        counts[UNKNOWN_INDEX] = unknown;
        return new Vocabulary(words, counts);
    }

    /** Number of entries, {@value #UNKNOWN} included. */
    public int size() {
        return words.size();
    }

    public boolean contains(String word) {
        return index.containsKey(word) && !UNKNOWN.equals(word);
    }

    /** The index of {@code word}, or {@link #UNKNOWN_INDEX} for a word not in the vocabulary. */
    public int index(String word) {
        return index.getOrDefault(word, UNKNOWN_INDEX);
    }

    /** The index of {@code word}; throws, naming {@code op}, when the word is not in the vocabulary. */
    public int require(String op, String word) {
        Integer i = index.get(word);
        if (i == null || i == UNKNOWN_INDEX) {
            throw new IllegalArgumentException(op + ": '" + word + "' is not in the vocabulary (" + (size() - 1)
                    + " words, each seen at least " + minCount() + " times)");
        }
        return i;
    }

    public String word(int i) {
        return words.get(i);
    }

    /** How often word {@code i} occurs in the corpus the vocabulary was built from. */
    public long count(int i) {
        return counts[i];
    }

    /** The count of each index. */
    public long[] counts() {
        return counts.clone();
    }

    /** The smallest count of a known word (0 when there is none). */
    public long minCount() {
        return words.size() > 1 ? counts[words.size() - 1] : 0;
    }

    /** The indices of {@code tokens}, unknown words mapped to {@link #UNKNOWN_INDEX}. */
    public int[] encode(List<String> tokens) {
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = index(tokens.get(i));
        }
        return ids;
    }

    /** The one-hot vector [size()] of a word (of {@value #UNKNOWN} when it is not in the vocabulary). */
    public Tensor oneHot(String word) {
        return OneHot.tensor(new int[] {index(word)}, size()).view(size());
    }

    /** One-hot rows [n, size()] for a sequence of tokens. */
    public Tensor oneHot(List<String> tokens) {
        return OneHot.tensor(encode(tokens), size());
    }
}
