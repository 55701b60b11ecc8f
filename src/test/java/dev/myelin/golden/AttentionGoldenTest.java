package dev.myelin.golden;

import dev.myelin.nn.DecoderMasks;
import dev.myelin.nn.Module;
import dev.myelin.nn.MultiheadAttention;
import dev.myelin.nn.TransformerDecoderLayer;
import dev.myelin.nn.TransformerEncoderLayer;
import dev.myelin.nn.TransformerSettings;
import dev.myelin.nn.TransformerSettings.FeedForwardActivation;
import dev.myelin.nn.functional.AttentionMask;
import dev.myelin.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Multi-head attention and Transformer layers against PyTorch (fixture attention.json, written by
 * make_attention_golden.py): {@code F.multi_head_attention_forward} outputs and head-averaged
 * weights, and {@code nn.TransformerEncoderLayer}/{@code TransformerDecoderLayer} in evaluation mode.
 * The fixture's parameters are loaded into the Myelin module by their PyTorch names, so the names
 * must agree; gradients are read back from the module's parameters.
 */
class AttentionGoldenTest extends GoldenTest {
    static final Map<String, GoldenCheck.Op> OPS = Map.of(
            "mha", (c, in) -> mha(c, in).output(),
            "mha_weights", (c, in) -> mha(c, in).weights(),
            "encoder_layer", AttentionGoldenTest::encoderLayer,
            "decoder_layer", AttentionGoldenTest::decoderLayer);

    private static final Set<String> DATA = Set.of("query", "key", "value", "key_padding_mask", "attn_mask", "src", "tgt",
            "memory", "tgt_mask", "memory_key_padding_mask");

    AttentionGoldenTest() {
        super("attention.json", OPS);
    }

    private static dev.myelin.nn.functional.Attention.Result mha(Golden.Case c, GoldenCheck.Inputs in) {
        int e = c.intParam("embed_dim");
        MultiheadAttention m = in.closeAfter(new MultiheadAttention(e, c.intParam("num_heads"), 0.1f, true,
                c.intParam("kdim"), c.intParam("vdim"), c.boolParam("batch_first"), 0));
        m.eval();
        load(m, c, in);
        Tensor q = in.get("query");
        boolean self = c.boolParam("self");
        AttentionMask mask = !in.has("attn_mask") ? null
                : c.stringParam("mask").equals("causal") ? AttentionMask.blocking(in.get("attn_mask"))
                : AttentionMask.additive(in.get("attn_mask"));
        return m.forward(q, self ? q : in.get("key"), self ? q : in.get("value"),
                in.has("key_padding_mask") ? in.get("key_padding_mask") : null, mask, true);
    }

    private static TransformerSettings settings(Golden.Case c) {
        return new TransformerSettings(c.intParam("d_model"), c.intParam("nhead"), c.intParam("dim_feedforward"), 0.1f,
                FeedForwardActivation.valueOf(c.stringParam("activation").toUpperCase(java.util.Locale.ROOT)), 1e-5f,
                c.boolParam("batch_first"), c.boolParam("norm_first"));
    }

    private static Tensor encoderLayer(Golden.Case c, GoldenCheck.Inputs in) {
        TransformerEncoderLayer layer = in.closeAfter(new TransformerEncoderLayer(settings(c), 0));
        layer.eval();
        load(layer, c, in);
        return layer.forward(in.get("src"), AttentionMask.additive(in.get("attn_mask")), in.get("key_padding_mask"));
    }

    private static Tensor decoderLayer(Golden.Case c, GoldenCheck.Inputs in) {
        TransformerDecoderLayer layer = in.closeAfter(new TransformerDecoderLayer(settings(c), 0));
        layer.eval();
        load(layer, c, in);
        DecoderMasks masks = new DecoderMasks(AttentionMask.blocking(in.get("tgt_mask")), null, null,
                in.get("memory_key_padding_mask"));
        return layer.forward(in.get("tgt"), in.get("memory"), masks);
    }

    /** Copies the fixture's parameters (every input that is not data) into the module and reads gradients from it. */
    private static void load(Module m, Golden.Case c, GoldenCheck.Inputs in) {
        Map<String, Tensor> state = new HashMap<>();
        for (Golden.Input i : c.inputs()) {
            if (!DATA.contains(i.name())) {
                state.put(i.name(), in.get(i.name()));
            }
        }
        m.loadStateDict(state);
        m.namedParameters().forEach((name, p) -> {
            if (c.grads().containsKey(name)) {
                in.bind(name, p);
            }
        });
    }
}
