package dev.myelin.golden;

import dev.myelin.tensor.Tensor;
import dev.myelin.text.SkipGram;
import java.util.Map;

/**
 * The skip-gram losses of {@link SkipGram} against PyTorch (fixture skipgram.json, written by
 * make_text_golden.py): the fixture's tables are loaded into a model, whose parameters then receive
 * the gradients that are compared.
 */
class SkipGramGoldenTest extends GoldenTest {
    static final Map<String, GoldenCheck.Op> OPS = Map.of(
            "skipgram_negative_sampling", (c, in) -> model(c, in).negativeSamplingLoss(in.get("centres"), in.get("contexts")),
            "skipgram_softmax", (c, in) -> model(c, in).softmaxLoss(in.get("centres"), in.get("contexts")));

    SkipGramGoldenTest() {
        super("skipgram.json", OPS);
    }

    private static SkipGram model(Golden.Case c, GoldenCheck.Inputs in) {
        SkipGram model = in.closeAfter(new SkipGram(c.intParam("vocabulary"), c.intParam("dim"), 0));
        model.loadStateDict(Map.<String, Tensor>of("centre", in.get("centre"), "context", in.get("context")));
        in.bind("centre", model.centre());
        in.bind("context", model.context());
        return model;
    }
}
