package dev.myelin.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(CsvReaderTest.class.getResource("/data/" + name).toURI());
    }

    @Test
    void readsChosenColumnsByNameAndMapsCategoriesInSortedOrder() throws Exception {
        CsvReader.Result r = new CsvReader().label("species").features("sepal length", "petal length").read(resource("flowers.csv"));
        ArrayDataset d = r.dataset();
        assertEquals(8, d.size(), "the blank line is skipped");
        assertEquals(List.of("sepal length", "petal length"), r.featureNames());
        assertEquals("species", r.labelName());
        assertEquals(List.of("setosa", "versicolor", "virginica"), r.classNames());
        assertArrayEquals(new int[] {2}, d.featureShape());
        assertArrayEquals(new float[] {5.1f, 1.4f}, d.get(0).features());
        assertArrayEquals(new float[] {6.3f, 6.0f}, d.get(2).features());
        int[] labels = new int[d.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = d.label(i);
        }
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 0, 1}, labels);
    }

    @Test
    void columnsCanBeChosenByIndex() throws Exception {
        CsvReader.Result r = new CsvReader().label(4).features(1, 0).read(resource("flowers.csv"));
        assertEquals(List.of("petal width", "petal length"), r.featureNames());
        assertArrayEquals(new float[] {2.5f, 6.0f}, r.dataset().get(2).features());
    }

    @Test
    void aGivenClassListMapsAnotherFileTheSameWay() throws Exception {
        List<String> classes = List.of("virginica", "versicolor", "setosa");
        CsvReader.Result r = new CsvReader().label("species").features(0, 1).categoricalLabels(classes).read(resource("flowers.csv"));
        assertEquals(classes, r.classNames());
        assertEquals(2, r.dataset().label(0));
        assertEquals(0, r.dataset().label(2));
        var e = assertThrows(MalformedDataException.class, () -> new CsvReader().label("species").features(0, 1)
                .categoricalLabels(List.of("setosa", "versicolor")).read(resource("flowers.csv")));
        assertEquals(resource("flowers.csv") + " line 4: column 'species' (index 4): label \"virginica\" is not one of the classes "
                + "[setosa, versicolor]", e.getMessage());
    }

    @Test
    void numericTargetsWithAnotherDelimiter() throws Exception {
        CsvReader.Result r = new CsvReader().label("price").numericTarget().delimiter(';').read(resource("housing.csv"));
        ArrayDataset d = r.dataset();
        assertEquals(1, d.targetSize());
        assertEquals(List.of("rooms", "age"), r.featureNames());
        assertEquals(List.of(), r.classNames());
        assertArrayEquals(new float[] {5, 10}, d.get(3).features());
        assertArrayEquals(new float[] {-150f}, d.get(3).targets());
        assertArrayEquals(new float[] {340.5f}, d.get(1).targets());
    }

    @Test
    void classIndicesAndNumericCategories() throws IOException {
        String csv = "a,y\n1,2\n2,0\n3,1\n";
        CsvReader.Result r = new CsvReader().label("y").classIndexLabels().read(new StringReader(csv), "inline.csv");
        assertEquals(2, r.dataset().label(0));
        assertEquals(List.of(), r.classNames());
        CsvReader.Result c = new CsvReader().label("y").read(new StringReader("a,y\n1,10\n2,9\n3,2\n4,9\n"), "inline.csv");
        assertEquals(List.of("2", "9", "10"), c.classNames(), "numbers sort by value, not as text");
        assertEquals(2, c.dataset().label(0));
    }

    private MalformedDataException malformed(CsvReader reader, String content) throws IOException {
        Path p = Files.writeString(dir.resolve("bad.csv"), content);
        var e = assertThrows(MalformedDataException.class, () -> reader.read(p));
        assertEquals(p.toString(), e.file());
        return e;
    }

    private String problem(CsvReader reader, String content) throws IOException {
        MalformedDataException e = malformed(reader, content);
        return e.getMessage().substring(e.file().length() + 1);
    }

    @Test
    void malformedFilesNameTheLineAndWhatWasWrong() throws IOException {
        CsvReader y = new CsvReader().label("y");
        assertEquals("line 3: 2 columns, but the header has 3", problem(y, "a,b,y\n1,2,x\n3,4\n"));
        assertEquals("line 2: column 'b' (index 1): \"4x\" is not a number", problem(y, "a,b,y\n3,4x,z\n"));
        assertEquals("line 2: column 'a' (index 0): \"\" is not a number", problem(y, "a,b,y\n,1,z\n"));
        assertEquals("line 2: column 'a' (index 0): \"NaN\" is not a number", problem(y, "a,b,y\nNaN,1,z\n"));
        assertEquals("line 2: column 'a' (index 0): 1e99 is out of the float range", problem(y, "a,b,y\n1e99,1,z\n"));
        assertEquals("line 1: empty file, expected a header row", problem(y, ""));
        assertEquals("line 1: no label column named 'y' in the header [a, b]", problem(y, "a,b\n1,2\n"));
        assertEquals("line 1: column name 'y' appears twice (columns 0 and 2); choose the label column by index",
                problem(y, "y,a,y\n1,2,3\n"));
        assertEquals("line 2: unterminated quoted field (quoted line breaks are not supported)", problem(y, "a,y\n\"1,2\n"));
        assertEquals("line 2: unexpected 'x' after the closing quote of column 0 (character 4)", problem(y, "a,y\n\"1\"x,2\n"));
        assertEquals("line 1: column 'y' is both the label and a feature", problem(new CsvReader().label("y").features("a", "y"),
                "a,y\n1,2\n"));
        assertEquals("line 1: feature column 5 out of range: the header has 2 columns [a, y]",
                problem(new CsvReader().label("y").features(5), "a,y\n1,2\n"));
        assertEquals("line 3: column 'y' (index 1): \"-1\" is not a class index (an integer >= 0)",
                problem(new CsvReader().label("y").classIndexLabels(), "a,y\n1,0\n2,-1\n"));
        assertEquals("line 2: column 'y' (index 1): \"cat\" is not a number",
                problem(new CsvReader().label("y").numericTarget(), "a,y\n1,cat\n"));
        var e = assertThrows(IllegalStateException.class, () -> new CsvReader().read(new StringReader("a\n1\n"), "x.csv"));
        assertEquals("CsvReader: no label column chosen; call label(name) or label(index)", e.getMessage());
    }

    @Test
    void theDefaultFeaturesAreAllOtherColumnsSoTextColumnsMustBeLeftOut() throws Exception {
        var e = assertThrows(MalformedDataException.class, () -> new CsvReader().label("species").read(resource("flowers.csv")));
        assertEquals(resource("flowers.csv") + " line 2: column 'note' (index 2): \"small, pale\" is not a number", e.getMessage());
        assertEquals("line 2", e.location());
    }

    @Test
    void csvToStandardisedBatches() throws Exception {
        CsvReader.Result r = new CsvReader().label("species").features(0, 1, 3).read(resource("flowers.csv"));
        List<Subset> parts = Splits.randomSplit(r.dataset(), new double[] {0.75, 0.25}, 3);
        Standardizer s = Standardizer.fit(parts.get(0));
        Dataset test = s.apply(parts.get(1));
        Batch b = DataLoader.builder(test, 8).build().epoch(0).next();
        assertEquals(2, b.size());
        for (int i = 0; i < b.size(); i++) {
            float[] raw = parts.get(1).get(i).features();
            for (int j = 0; j < 3; j++) {
                assertEquals((raw[j] - s.mean()[j]) / s.std()[j], b.featureArray()[i * 3 + j], 1e-6f);
            }
            assertEquals(parts.get(1).label(i), b.labelArray()[i]);
        }
    }
}
