package dev.myelin.golden;

import dev.myelin.ops.Ops;
import java.util.Map;

/** Views, joining and index look-ups against PyTorch (fixture views_and_indexing.json). */
class ViewsAndIndexingGoldenTest extends GoldenTest {
    static final Map<String, GoldenCheck.Op> OPS = Map.ofEntries(
            Map.entry("reshape", (c, in) -> in.get("x").reshape(c.intsParam("shape"))),
            // permuted first, so the reshape cannot be a view and copies
            Map.entry("permute_reshape", (c, in) -> in.get("x").permute(c.intsParam("order")).reshape(c.intsParam("shape"))),
            Map.entry("transpose", (c, in) -> in.get("x").transpose(c.intParam("dim0"), c.intParam("dim1"))),
            Map.entry("permute", (c, in) -> in.get("x").permute(c.intsParam("order"))),
            Map.entry("slice", (c, in) -> in.get("x").slice(c.intParam("dim"), c.intParam("start"), c.intParam("end"),
                    c.intParam("step"))),
            Map.entry("select", (c, in) -> in.get("x").select(c.intParam("dim"), c.intParam("index"))),
            Map.entry("unsqueeze", (c, in) -> in.get("x").unsqueeze(c.intParam("dim"))),
            Map.entry("squeeze", (c, in) -> in.get("x").squeeze(c.intParam("dim"))),
            Map.entry("expand", (c, in) -> in.get("x").expand(c.intsParam("shape"))),
            Map.entry("concat", (c, in) -> Ops.concat(c.intParam("dim"), in.all())),
            Map.entry("stack", (c, in) -> Ops.stack(c.intParam("dim"), in.all())),
            Map.entry("index_select", (c, in) -> Ops.indexSelect(in.get("x"), c.intParam("dim"), in.get("index"))),
            Map.entry("gather", (c, in) -> Ops.gather(in.get("x"), c.intParam("dim"), in.get("index"))));

    ViewsAndIndexingGoldenTest() {
        super("views_and_indexing.json", OPS);
    }
}
