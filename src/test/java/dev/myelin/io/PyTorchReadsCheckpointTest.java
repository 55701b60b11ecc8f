package dev.myelin.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.myelin.memory.Scope;
import dev.myelin.nn.Linear;
import dev.myelin.nn.ReLU;
import dev.myelin.nn.Sequential;
import dev.myelin.nn.Tanh;
import dev.myelin.optim.Adam;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.Reference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PyTorch loads a Myelin checkpoint into the same architecture and computes the same outputs.
 * The Python side parses the file by the safetensors specification alone (8-byte length, JSON
 * header, raw little-endian data) with {@code torch.frombuffer}, so it checks the layout and the
 * weight conventions, not Myelin's own reader. Skipped where Python has no torch (Debian: python3-torch).
 */
class PyTorchReadsCheckpointTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private static final String SCRIPT = """
            import json, struct, sys, torch
            raw = open(sys.argv[1], 'rb').read()
            n = struct.unpack('<Q', raw[:8])[0]
            header = json.loads(raw[8:8 + n])
            data = raw[8 + n:]
            dtypes = {'F32': torch.float32, 'I32': torch.int32, 'I64': torch.int64}
            state = {}
            for name, info in header.items():
                if name == '__metadata__' or not name.startswith('model.'):
                    continue
                begin, end = info['data_offsets']
                state[name[len('model.'):]] = torch.frombuffer(bytearray(data[begin:end]), dtype=dtypes[info['dtype']]).reshape(info['shape'])
            net = torch.nn.Sequential(torch.nn.Linear(5, 7), torch.nn.ReLU(), torch.nn.Linear(7, 3), torch.nn.Tanh())
            net.load_state_dict(state, strict=True)
            x = torch.tensor(json.loads(sys.argv[2]), dtype=torch.float32).reshape(4, 5)
            with torch.no_grad():
                print(json.dumps(net(x).flatten().tolist()))
            print(json.dumps(header['__metadata__']['epoch']))
            """;

    @TempDir
    Path dir;

    private static boolean torchAvailable() {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void pytorchComputesTheSameOutputsFromTheCheckpoint() throws Exception {
        assumeTrue(torchAvailable(), "no PyTorch for /usr/bin/python3");
        Path file = dir.resolve("model.safetensors");
        float[] expected;
        float[] input;
        try (Scope s = Scope.open("test")) {
            Sequential model = new Sequential(new Linear(5, 7, true, 1), new ReLU(), new Linear(7, 3, true, 2), new Tanh());
            Adam adam = new Adam(model.parameters(), 1e-2); // optimizer state in the file too: PyTorch skips it here
            Tensor x = Tensor.randn(3, 4, 5);
            model.forward(x).sum().backward();
            adam.step();
            Checkpoint.save(file, model, adam, Map.of("epoch", "7"));
            input = x.toFloatArray();
            expected = model.forward(x).toFloatArray();
        }
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < input.length; i++) {
            json.append(i == 0 ? "" : ",").append(input[i]);
        }
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", SCRIPT, file.toString(), json.append(']').toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(120, TimeUnit.SECONDS), "python finished");
        assertEquals(0, p.exitValue(), out);
        String[] lines = out.strip().split("\n");
        double[] values = Arrays.stream(lines[0].replaceAll("[\\[\\] ]", "").split(",")).mapToDouble(Double::parseDouble).toArray();
        float[] actual = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            actual[i] = (float) values[i];
        }
        Reference.assertClose(expected, actual, 1e-5f);
        assertEquals("\"7\"", lines[1]);
    }
}
