package dev.myelin.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small, strict JSON subset that file headers need: objects (as ordered maps, duplicate keys
 * refused), arrays (as lists), strings, integers (as {@code Long}), {@code true}, {@code false} and
 * {@code null}. Fractions, exponents and invalid UTF-8 are errors; so is anything after the value
 * except whitespace. Errors are {@link IllegalArgumentException}s giving the byte offset.
 */
public final class Json {
    private final byte[] text;
    private final int end;
    private int at;

    private Json(byte[] text, int start, int end) {
        this.text = text;
        this.at = start;
        this.end = end;
    }

    /** Parses {@code text[start, end)} as one JSON value. */
    public static Object parse(byte[] text, int start, int end) {
        Json p = new Json(text, start, end);
        Object value = p.value(0);
        p.skipSpace();
        if (p.at != end) {
            throw p.error("unexpected '" + (char) (text[p.at] & 0xff) + "' after the JSON value");
        }
        return value;
    }

    /** The JSON text of a string: quoted, with quotes, backslashes and control characters escaped. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static final int MAX_DEPTH = 64;

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
        skipSpace();
        if (at >= end) {
            throw error("unexpected end of JSON");
        }
        return switch (text[at]) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object(int depth) {
        at++; // '{'
        Map<String, Object> out = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            at++;
            return out;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a string key");
            }
            int keyAt = at;
            String key = string();
            skipSpace();
            expect(':');
            Object v = value(depth + 1);
            if (out.containsKey(key)) {
                at = keyAt;
                throw error("duplicate key " + quote(key));
            }
            out.put(key, v);
            skipSpace();
            if (peek() == ',') {
                at++;
            } else {
                expect('}');
                return out;
            }
        }
    }

    private List<Object> array(int depth) {
        at++; // '['
        List<Object> out = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            at++;
            return out;
        }
        while (true) {
            out.add(value(depth + 1));
            skipSpace();
            if (peek() == ',') {
                at++;
            } else {
                expect(']');
                return out;
            }
        }
    }

    private String string() {
        at++; // opening quote
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        while (true) {
            if (at >= end) {
                throw error("unterminated string");
            }
            byte b = text[at++];
            if (b == '"') {
                break;
            }
            if ((b & 0xff) < 0x20) {
                at--;
                throw error("control character in a string");
            }
            if (b != '\\') {
                raw.write(b);
                continue;
            }
            if (at >= end) {
                throw error("unterminated escape");
            }
            byte e = text[at++];
            switch (e) {
                case '"', '\\', '/' -> raw.write(e);
                case 'b' -> raw.write('\b');
                case 'f' -> raw.write('\f');
                case 'n' -> raw.write('\n');
                case 'r' -> raw.write('\r');
                case 't' -> raw.write('\t');
                case 'u' -> raw.writeBytes(String.valueOf(unicodeEscape()).getBytes(StandardCharsets.UTF_8));
                default -> {
                    at--;
                    throw error("invalid escape '\\" + (char) (e & 0xff) + "'");
                }
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw error("invalid UTF-8 in a string");
        }
    }

    /** A {@code \\uXXXX} escape, with a following low surrogate when it is a high one. */
    private char[] unicodeEscape() {
        char c = hex4();
        if (Character.isHighSurrogate(c) && at + 6 <= end && text[at] == '\\' && text[at + 1] == 'u') {
            at += 2;
            char low = hex4();
            if (!Character.isLowSurrogate(low)) {
                throw error("unpaired surrogate in a \\u escape");
            }
            return new char[] {c, low};
        }
        if (Character.isSurrogate(c)) {
            throw error("unpaired surrogate in a \\u escape");
        }
        return new char[] {c};
    }

    private char hex4() {
        if (at + 4 > end) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text[at++], 16);
            if (d < 0) {
                at--;
                throw error("invalid hex digit in a \\u escape");
            }
            v = v * 16 + d;
        }
        return (char) v;
    }

    private Long number() {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        int digits = at;
        while (at < end && text[at] >= '0' && text[at] <= '9') {
            at++;
        }
        if (at == digits) {
            at = start;
            throw error("unexpected '" + (char) (text[at] & 0xff) + "'");
        }
        if (text[digits] == '0' && at - digits > 1) {
            at = start;
            throw error("number with a leading zero");
        }
        if (at < end && (text[at] == '.' || text[at] == 'e' || text[at] == 'E')) {
            at = start;
            throw error("expected an integer");
        }
        String s = new String(text, start, at - start, StandardCharsets.US_ASCII);
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            at = start;
            throw error("integer " + s + " out of range");
        }
    }

    private Object literal(String word, Object value) {
        byte[] w = word.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < w.length; i++) {
            if (at + i >= end || text[at + i] != w[i]) {
                throw error("unexpected '" + (char) (text[at] & 0xff) + "'");
            }
        }
        at += w.length;
        return value;
    }

    private void skipSpace() {
        while (at < end && (text[at] == ' ' || text[at] == '\n' || text[at] == '\r' || text[at] == '\t')) {
            at++;
        }
    }

    private int peek() {
        return at < end ? text[at] : -1;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error(at >= end ? "expected '" + c + "' but the JSON ends" : "expected '" + c + "' but found '"
                    + (char) (text[at] & 0xff) + "'");
        }
        at++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at byte " + at);
    }
}
