package dev.myelin.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits English text into lower-case words. The rules:
 * <ul>
 *   <li>a word is a maximal run of letters and digits ({@link Character#isLetterOrDigit});</li>
 *   <li>an apostrophe (' or the typographic ’) joins two such runs into one word: {@code don't},
 *       {@code o'clock}, {@code elizabeth's}; elsewhere (quotes, a trailing possessive) it is dropped;</li>
 *   <li>everything else, punctuation, hyphens, underscores and white space, separates words and is dropped;</li>
 *   <li>words are lower-cased with {@link Locale#ROOT} and apostrophes normalised to '.</li>
 * </ul>
 */
public final class Tokenizer {
    private Tokenizer() {}

    /** The words of {@code text}, in order. */
    public static List<String> tokenize(CharSequence text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                word.append(c);
            } else if (isApostrophe(c) && !word.isEmpty() && i + 1 < n && Character.isLetterOrDigit(text.charAt(i + 1))) {
                word.append('\'');
            } else if (!word.isEmpty()) {
                words.add(word.toString().toLowerCase(Locale.ROOT));
                word.setLength(0);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString().toLowerCase(Locale.ROOT));
        }
        return words;
    }

    private static boolean isApostrophe(char c) {
        return c == '\'' || c == '\u2019';
    }
}
