package cnnx.bench.jmh;

import cnnx.compiler.Compiler;
import cnnx.compiler.interp.ReferenceInterpreter;
import cnnx.compiler.ir.Graph;
import cnnx.compiler.ir.Tensor;
import cnnx.compiler.onnx.OnnxImporter;
import cnnx.compiler.verify.Tolerance;
import cnnx.compiler.verify.TensorComparison;
import cnnx.host.cl.ClContext;
import cnnx.host.cl.KernelBinaryCache;
import cnnx.host.cl.OpenClPlatforms;
import cnnx.host.device.opencl.OpenClDevice;
import cnnx.host.exec.OpenClExecutable;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One layer of each kernel family on the first OpenCL device, whole plan per operation (input
 * write, launches, output read). The output is checked against the reference before timing.
 * Run: {@code java -jar bench/target/cnnx-bench.jar} is the CLI; JMH runs with
 * {@code java -cp bench/target/cnnx-bench.jar org.openjdk.jmh.Main KernelFamily}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xss16m"})
public class KernelFamilyBenchmark {
  @Param({"conv3x3", "conv1x1", "strided", "depthwise", "pool", "gemm"})
  public String family;

  private ClContext context;
  private OpenClExecutable executable;
  private Map<String, Tensor> inputs;

  @Setup(Level.Trial)
  public void load() {
    var devices = OpenClPlatforms.discover().devices();
    if (devices.isEmpty()) {
      throw new IllegalStateException("no OpenCL device to benchmark");
    }
    OpenClDevice device = new OpenClDevice(devices.get(0));
    LayerModels.Layer layer = LayerModels.of(family);
    Graph g = new OnnxImporter().load(layer.model(), family + ".onnx");
    SplittableRandom rnd = new SplittableRandom(37);
    int size = 1;
    for (int d : layer.inputShape()) {
      size *= d;
    }
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) rnd.nextDouble(-1, 1);
    }
    inputs = Map.of("x", Tensor.ofFloats(layer.inputShape(), x));
    Compiler.Compiled c = new Compiler().compile(g, device.target().orElseThrow(),
        Compiler.Options.defaults().withInputShapes(Map.of("x", layer.inputShape())));
    context = ClContext.open(device.info());
    executable = OpenClExecutable.load(context, c.plan(), KernelBinaryCache.atDefaultLocation());
    Tensor expected = new ReferenceInterpreter().run(g, inputs).get("y");
    TensorComparison cmp = TensorComparison.compare(expected, executable.run(inputs).outputs().get("y"),
        new Tolerance(1e-3, 1e-4));
    if (!cmp.passed()) {
      throw new IllegalStateException(family + " differs from the reference: " + cmp);
    }
  }

  @Benchmark
  public Object run() {
    return executable.run(inputs);
  }

  @TearDown(Level.Trial)
  public void close() {
    executable.close();
    context.close();
  }
}
