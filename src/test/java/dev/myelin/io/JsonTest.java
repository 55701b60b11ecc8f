package dev.myelin.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strict JSON subset of file headers. */
class JsonTest {
    private static Object parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Json.parse(b, 0, b.length);
    }

    private static void assertError(String message, String json) {
        var e = assertThrows(IllegalArgumentException.class, () -> parse(json));
        assertEquals(message, e.getMessage());
    }

    @Test
    void parsesObjectsArraysStringsIntegersAndLiterals() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("b", List.of(1L, -2L, 9007199254740993L));
        expected.put("a", Map.of("x", true, "y", false));
        expected.put("n", null);
        expected.put("s", "é\"\\/\b\f\n\r\t\u00e9\uD83D\uDE00");
        assertEquals(expected, parse(" {\"b\" : [1, -2, 9007199254740993], \"a\":{\"x\":true,\"y\":false},\"n\":null,"
                + "\"s\":\"é\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"} "));
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(((Map<?, ?>) parse("{\"b\":1,\"a\":2,\"n\":3,\"s\":4}")).keySet()),
                "key order is kept");
        assertEquals(List.of(), parse("[]"));
        assertEquals(Map.of(), parse("{ }"));
    }

    @Test
    void quoteRoundTrips() {
        for (String s : List.of("", "plain", "quote\" back\\slash", "ctl\u0001\n\t", "ünï 😀")) {
            assertEquals(s, parse(Json.quote(s)));
        }
        assertEquals("\"a\\u0001\"", Json.quote("a\u0001"));
    }

    @Test
    void refusesWhatIsNotStrictJson() {
        assertError("unexpected end of JSON at byte 0", "");
        assertError("expected '}' but the JSON ends at byte 6", "{\"a\":1");
        assertError("expected a string key at byte 1", "{a:1}");
        assertError("duplicate key \"a\" at byte 7", "{\"a\":1,\"a\":2}");
        assertError("expected an integer at byte 0", "1.5");
        assertError("expected an integer at byte 0", "1e3");
        assertError("number with a leading zero at byte 0", "01");
        assertError("integer 99999999999999999999 out of range at byte 0", "99999999999999999999");
        assertError("unexpected ',' after the JSON value at byte 2", "{},");
        assertError("control character in a string at byte 2", "\"a\nb\"");
        assertError("invalid escape '\\x' at byte 3", "\"a\\x\"");
        assertError("unpaired surrogate in a \\u escape at byte 7", "\"\\ud83d\"");
        assertError("unterminated string at byte 4", "\"abc");
        assertError("unexpected 't' at byte 0", "tru");
        byte[] badUtf8 = {'"', (byte) 0xC3, (byte) 0x28, '"'};
        var e = assertThrows(IllegalArgumentException.class, () -> Json.parse(badUtf8, 0, badUtf8.length));
        assertEquals("invalid UTF-8 in a string at byte 4", e.getMessage());
        char[] deep = new char[200];
        Arrays.fill(deep, '[');
        assertError("nested deeper than 64 levels at byte 65", new String(deep));
    }
}
