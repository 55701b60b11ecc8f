package dev.myelin.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.testing.ScopedTest;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerVocabularyTest extends ScopedTest {
    @Test
    void tokenizerLowerCasesKeepsInnerApostrophesAndDropsPunctuation() {
        assertEquals(List.of("it", "is", "a", "truth", "universally", "acknowledged", "that", "a", "single", "man"),
                Tokenizer.tokenize("It is a truth universally acknowledged, that a single man"));
        assertEquals(List.of("don't", "o'clock", "elizabeth's", "mothers", "well", "known", "quoted", "1813"),
                Tokenizer.tokenize("Don\u2019t--O'clock; Elizabeth's mothers' well-known 'quoted' (1813)!"));
        assertEquals(List.of(), Tokenizer.tokenize(" ,.;-- ' "));
        assertEquals(List.of("café", "naïve"), Tokenizer.tokenize("Café NAÏVE"));
    }

    @Test
    void vocabularyOrdersByFrequencyWithUnknownFirstAndACutOff() {
        List<String> tokens = Tokenizer.tokenize("b a c a b a d e e e e");
        // counts: e 4, a 3, b 2, c 1, d 1
        Vocabulary v = Vocabulary.build(tokens, 2, 100);
        assertEquals(List.of("<unk>", "e", "a", "b"), List.of(v.word(0), v.word(1), v.word(2), v.word(3)));
        assertEquals(4, v.size());
        assertArrayEquals(new long[] {2, 4, 3, 2}, v.counts(), "<unk> counts the two dropped tokens c and d");
        assertEquals(Vocabulary.UNKNOWN_INDEX, v.index("c"));
        assertFalse(v.contains("c"));
        assertFalse(v.contains(Vocabulary.UNKNOWN));
        assertTrue(v.contains("a"));
        assertArrayEquals(new int[] {3, 2, 0, 1, 0}, v.encode(List.of("b", "a", "c", "e", "zebra")));
        assertEquals(2, v.minCount());

        Vocabulary capped = Vocabulary.build(tokens, 1, 2);
        assertEquals(3, capped.size());
        assertArrayEquals(new long[] {4, 4, 3}, capped.counts(), "b, c, d fall beyond the cap of 2 words");

        Vocabulary ties = Vocabulary.build(List.of("y", "x", "z", "x", "y", "z"), 1, 10);
        assertEquals(List.of("x", "y", "z"), List.of(ties.word(1), ties.word(2), ties.word(3)), "ties alphabetical");
    }

    @Test
    void oneHotVectors() {
        Vocabulary v = Vocabulary.build(List.of("a", "a", "b"), 1, 10);
        assertArrayEquals(new float[] {0, 1, 0}, v.oneHot("a").toFloatArray());
        assertArrayEquals(new float[] {1, 0, 0}, v.oneHot("unseen").toFloatArray());
        assertArrayEquals(new int[] {2, 3}, v.oneHot(List.of("b", "a")).shape());
        assertArrayEquals(new float[] {0, 0, 1, 0, 1, 0}, v.oneHot(List.of("b", "a")).toFloatArray());
    }

    @Test
    void unknownWordsInQueriesAndBadSettingsAreClearErrors() {
        Vocabulary v = Vocabulary.build(List.of("a", "a", "b"), 2, 10);
        assertEquals("nearest: 'b' is not in the vocabulary (1 words, each seen at least 2 times)",
                assertThrows(IllegalArgumentException.class, () -> v.require("nearest", "b")).getMessage());
        assertEquals("vocabulary: minCount and maxWords must be positive, got minCount=0, maxWords=5",
                assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(List.of("a"), 0, 5)).getMessage());
    }

    @Test
    void corpusSplitsParagraphsAndTheBundledTextLoads() {
        Corpus c = Corpus.of("t", "One two.\nThree\n\n  \n\nFour, five!\r\n\r\nSix");
        assertEquals(List.of(List.of("one", "two", "three"), List.of("four", "five"), List.of("six")), c.documents());
        assertEquals(6, c.tokenCount());
        Corpus pride = Corpus.bundled();
        assertTrue(pride.tokenCount() > 100_000, "Pride and Prejudice has about 122k words: " + pride.tokenCount());
        assertEquals(List.of("pride", "and", "prejudice"), pride.documents().get(0));
    }
}
