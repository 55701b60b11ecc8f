package dev.myelin.text;

import java.util.Locale;

/** A word and its cosine similarity to a query. */
public record Neighbour(String word, double similarity) {
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %.3f", word, similarity);
    }
}
