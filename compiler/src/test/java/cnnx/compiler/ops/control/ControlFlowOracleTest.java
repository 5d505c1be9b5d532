package cnnx.compiler.ops.control;

import static cnnx.compiler.testing.OnnxModelBuilder.attr;
import static cnnx.compiler.testing.OnnxModelBuilder.dims;
import static cnnx.compiler.testing.OnnxModelBuilder.names;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cnnx.compiler.Compiler;
import cnnx.compiler.error.UnsupportedModelException;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.onnx.proto.OnnxProtos.AttributeProto;
import cnnx.compiler.onnx.proto.OnnxProtos.GraphProto;
import cnnx.compiler.onnx.proto.OnnxProtos.TensorProto;
import cnnx.compiler.onnx.proto.OnnxProtos.ValueInfoProto;
import cnnx.compiler.testing.OnnxModelBuilder;
import cnnx.compiler.testing.OracleRun;
import cnnx.compiler.testing.RandomShapes;
import cnnx.compiler.testing.RandomTensors;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * If and Loop on the reference against ONNX Runtime: branches and loop bodies that read values of
 * the enclosing graph, on seeded random shapes; on OpenCL they are refused with the reason.
 */
class ControlFlowOracleTest {
  private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
  private static final int INT64 = TensorProto.DataType.INT64_VALUE;
  private static final int BOOL = TensorProto.DataType.BOOL_VALUE;

  private static AttributeProto graphAttr(String name, GraphProto g) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.GRAPH).setG(g).build();
  }

  private static GraphProto subgraph(OnnxModelBuilder b, String name) {
    return b.graph().setName(name).build();
  }

  /** then: x + relu(x) (relu computed outside); else: x * 2. */
  private static byte[] ifModel(int[] shape) {
    OnnxModelBuilder then = new OnnxModelBuilder().node("Add", names("x", "r"), names("t")).rankedOutput("t", shape.length);
    OnnxModelBuilder otherwise = new OnnxModelBuilder().initializer("two", new float[] {2f})
        .node("Mul", names("x", "two"), names("e")).rankedOutput("e", shape.length);
    return new OnnxModelBuilder().opset(21).irVersion(10).typedInput("x", FLOAT, dims(shape))
        .initializer("zero", new float[] {0f})
        .node("Relu", names("x"), names("r"))
        .node("ReduceSum", names("x"), names("s"), attr("keepdims", 0L))
        .node("Greater", names("s", "zero"), names("c"))
        .node("If", names("c"), names("y"), graphAttr("then_branch", subgraph(then, "then")),
            graphAttr("else_branch", subgraph(otherwise, "else")))
        .rankedOutput("y", shape.length).toBytes();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void ifTakesTheBranchTheConditionSays(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] shape = RandomShapes.withOnes(rnd, 1 + rnd.nextInt(3), 5);
    OracleRun.compare(ifModel(shape), Map.of("x", RandomTensors.normal(rnd, shape)), 1e-6, 1e-6,
        "If " + Arrays.toString(shape));
  }

  /** Loop M times: acc += x (x from outside), scan out acc; the condition turns false after `stop` rounds. */
  private static byte[] loopModel(int n, long trips, long stop) {
    return loopModel(n, trips, stop, OnnxModelBuilder.valueInfo("acc_in", FLOAT, n));
  }

  /** The same loop with the carried value's declaration given (typed, or a bare name). */
  private static byte[] loopModel(int n, long trips, long stop, ValueInfoProto acc) {
    ValueInfoProto i = OnnxModelBuilder.valueInfo("i", INT64);
    ValueInfoProto cin = OnnxModelBuilder.valueInfo("cond_in", BOOL);
    OnnxModelBuilder body = new OnnxModelBuilder().initializerLongs("stop", new long[] {stop})
        .node("Add", names("acc_in", "x"), names("acc_out"))
        .node("Less", names("i", "stop"), names("cond_out"))
        .node("Identity", names("acc_out"), names("scan"))
        .output("cond_out", BOOL).rankedOutput("acc_out", 1).rankedOutput("scan", 1);
    body.graph().addInput(i).addInput(cin).addInput(acc);
    return new OnnxModelBuilder().opset(21).irVersion(10).typedInput("x", FLOAT, n)
        .initializerLongs("m", new long[] {trips}).initializer(boolScalar("go", true))
        .node("Loop", names("m", "go", "x"), names("final", "scans"), graphAttr("body", subgraph(body, "body")))
        .rankedOutput("final", 1).rankedOutput("scans", 2).toBytes();
  }

  private static TensorProto boolScalar(String name, boolean v) {
    return TensorProto.newBuilder().setName(name).setDataType(BOOL).addInt32Data(v ? 1 : 0).build();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void loopCarriesAndScans(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = rnd.nextInt(1, 6);
    long trips = rnd.nextInt(0, 6);
    long stop = rnd.nextInt(0, 8);
    OracleRun.compare(loopModel(n, trips, stop), Map.of("x", RandomTensors.normal(rnd, n)), 1e-6, 1e-6,
        "Loop n " + n + " trips " + trips + " stop " + stop);
  }

  /**
   * A body input declared by name only (as ONNX's Range function body writes its loop) takes the
   * type of the Loop's carried input, as ONNX specifies.
   */
  @ParameterizedTest
  @ValueSource(longs = {5, 6, 7})
  void untypedCarriedValueTakesTheLoopInputType(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = rnd.nextInt(1, 6);
    long trips = rnd.nextInt(1, 6);
    ValueInfoProto untyped = ValueInfoProto.newBuilder().setName("acc_in").build();
    OracleRun.compare(loopModel(n, trips, 8, untyped), Map.of("x", RandomTensors.normal(rnd, n)), 1e-6, 1e-6,
        "Loop with an untyped carried value, n " + n + " trips " + trips);
  }

  // Intent (negative): control flow is refused on OpenCL, naming the op and why.
  @Test
  void ifIsRefusedForDevices() {
    int[] shape = {2, 3};
    UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> new Compiler().compile(
        new OnnxImporter().load(ifModel(shape), "if.onnx"), Compiler.Options.defaults().withInputShapes(
            Map.of("x", shape))));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("If") && e.getMessage().contains("control flow"),
        e.getMessage());
  }
}
