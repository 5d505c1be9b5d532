package cnnx.host.kernels.tensor;

import static cnnx.compiler.testing.OnnxModelBuilder.attrInts;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static cnnx.host.kernels.tensor.TensorKernelChecks.check;
import static cnnx.host.kernels.tensor.TensorKernelChecks.data;
import static cnnx.host.kernels.tensor.TensorKernelChecks.feed;
import static cnnx.host.kernels.tensor.TensorKernelChecks.model;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cnnx.compiler.Compiler;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.testing.OnnxModelBuilder;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Transposes that keep their last axes in place run as copies of contiguous runs (layout/transpose_blocks.cl),
 * against the reference: a channel shuffle, runs that are a whole number of 16-float vectors or end inside one,
 * six outer axes (the most the template takes), and an identity perm; runs shorter than a vector, seven outer
 * axes and a moved last axis stay with the element kernel.
 */
class BlockTransposeKernelTest {
  @ParameterizedTest
  @CsvSource({
    "2x3x4x5x7, 0/2/1/3/4, transpose_blocks", // ShuffleNet's channel shuffle, runs of 35
    "3x2x32, 1/0/2, transpose_blocks", // runs of two whole vectors
    "2x5x3x17, 2/0/1/3, transpose_blocks", // runs of 17: one vector and a tail
    "2x2x3x2x2x3x16, 5/4/3/2/1/0/6, transpose_blocks", // six outer axes reversed
    "4x6x20, 0/1/2, transpose_blocks", // identity: one run
    "3x4x5x3, 1/0/2/3, transpose", // runs of 15: element kernel
    "2x2x2x2x2x2x2x16, 6/5/4/3/2/1/0/7, transpose", // seven outer axes: element kernel
    "4x5x18, 0/2/1, transpose", // the last axis moves: element kernel
  })
  void matchesReference(String shapeText, String permText, String kernel) {
    int[] shape = Arrays.stream(shapeText.split("x")).mapToInt(Integer::parseInt).toArray();
    long[] perm = Arrays.stream(permText.split("/")).mapToLong(Long::parseLong).toArray();
    OnnxModelBuilder b = model();
    Map<String, Tensor> feeds = feed(b, TensorKernelChecks.feeds(), "x",
        data(new SplittableRandom(shape.length * 31L + perm[0]), false, shape));
    b.node("Transpose", names("x"), names("y"), attrInts("perm", perm));
    OnnxModelBuilder done = b.untypedOutputs("y");
    check(done, feeds);
    Compiler.Compiled compiled = new Compiler().compile(new OnnxImporter().load(done.toBytes(), "model.onnx"),
        Compiler.Options.defaults().withInputShapes(Map.of("x", shape)));
    String name = compiled.plan().launches().get(0).kernelName();
    assertEquals(kernel, name.substring(0, name.lastIndexOf('_')), compiled.plan().launches().toString());
  }
}
