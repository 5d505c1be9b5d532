package cnnx.host.cli;

import cnnx.api.Cnnx;
import cnnx.api.CnnxException;
import cnnx.api.Comparison;
import cnnx.api.CompileOptions;
import cnnx.api.DeviceInfo;
import cnnx.api.Model;
import cnnx.api.Result;
import cnnx.api.Session;
import cnnx.api.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The main job on an embedded default: classifies the Fashion-MNIST test set (10,000 images when Debian's
 * dataset-fashion-mnist is installed, the 32 bundled images otherwise) with the bundled CNN on the best device
 * here, checks a sample against the reference interpreter, and reports accuracy, throughput and a picture.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Classify the Fashion-MNIST test set with the bundled CNN on the best device here (OpenCL when"
        + " present, else the JVM reference), check a sample against the reference, print accuracy and images/s,"
        + " and write a PNG grid of sample images with predicted and true labels.",
    footer = {"", "Examples:",
        "  cnnx demo",
        "  cnnx demo --device reference --limit 1000 --grid /tmp/grid.png",
        "  cnnx demo --data DIR      # DIR has t10k-{images-idx3,labels-idx1}-ubyte.gz"})
final class DemoCommand implements Callable<Integer> {
  static final String MODEL = "/cnnx/demo/fashion-cnn.onnx";
  static final String IMAGES = "/cnnx/demo/fashion-test-images.bin";
  static final String[] CLASSES = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"
  };
  /** Images checked against the reference interpreter when the demo runs elsewhere. */
  static final int CHECKED = 256;
  static final int GRID = 32;

  @Option(names = "--device", paramLabel = "DEVICE",
      description = "reference, opencl, opencl:N, ... Default: the first OpenCL device, else reference.")
  String device;

  @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST test set folder."
      + " Default: ${DEFAULT-VALUE} (Debian's dataset-fashion-mnist), the 32 bundled images when it is missing.",
      defaultValue = "/usr/share/datasets/fashion-mnist")
  Path data;

  @Option(names = "--limit", paramLabel = "N", description = "Classify only the first N images")
  Integer limit;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "500", description = "Images per run. Default: ${DEFAULT-VALUE}")
  int batch;

  @Option(names = "--grid", paramLabel = "FILE", defaultValue = "fashion-demo.png",
      description = "Where the PNG grid of " + GRID + " sample images goes. Default: ${DEFAULT-VALUE}")
  Path grid;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (batch < 1 || limit != null && limit < 1) {
      throw new CnnxException(CnnxException.Kind.INVALID, "--batch and --limit must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    Model model = Cnnx.load(resource(MODEL), MODEL);
    DemoImages images = FashionMnist.find(data).orElse(null);
    String source = data + " (Fashion-MNIST test set)";
    if (images == null) {
      images = DemoImages.parse(resource(IMAGES));
      source = "the " + images.count() + " bundled images (install dataset-fashion-mnist, or run"
          + " tools/install-datasets.sh as root, for all 10,000)";
    }
    if (limit != null) {
      images = images.first(limit);
    }
    String chosen = device != null ? device : bestDevice();
    out.printf("data: %d images from %s%n", images.count(), source);
    out.flush();

    int n = Math.min(batch, images.count());
    String input = model.inputs().get(0).name();
    long t0 = System.nanoTime();
    int[] predicted = new int[images.count()];
    float[] firstScores;
    String label;
    double runSeconds;
    try (Session session = model.compile(CompileOptions.forDevice(chosen).withInputShapes(Map.of(input, new int[] {n, 1,
        DemoImages.SIDE, DemoImages.SIDE}))).newSession(Progress.listener());
        Progress progress = Progress.start("classifying", images.count())) {
      label = session.deviceLabel();
      double setup = (System.nanoTime() - t0) / 1e9;
      out.printf("device: %s (compile and load %.2f s)%n", label, setup);
      out.flush();
      long t1 = System.nanoTime();
      // batches run concurrently (a session takes concurrent runs): the JVM reference then uses every core
      ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
      try {
        List<CompletableFuture<Result>> runs = new ArrayList<>();
        for (int from = 0; from < images.count(); from += n) {
          int k = Math.min(n, images.count() - from);
          runs.add(session.runAsync(Map.of(input, images.batch(from, k, n)), pool));
        }
        firstScores = null;
        for (int b = 0; b < runs.size(); b++) {
          float[] scores = runs.get(b).join().output(0).floats();
          firstScores = b == 0 ? scores : firstScores;
          int from = b * n;
          int k = Math.min(n, images.count() - from);
          for (int i = 0; i < k; i++) {
            predicted[from + i] = TopK.argmax(scores, i * CLASSES.length, CLASSES.length);
          }
          progress.stepTo(from + k);
        }
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      } finally {
        pool.shutdownNow();
      }
      runSeconds = (System.nanoTime() - t1) / 1e9;
    }
    int correct = 0;
    for (int i = 0; i < images.count(); i++) {
      correct += predicted[i] == images.label(i) ? 1 : 0;
    }
    out.printf("classified %d images in %.2f s: %.0f images/s on %s%n", images.count(), runSeconds,
        images.count() / runSeconds, label);
    out.printf("accuracy: %.2f %% (%d/%d correct)%n", 100.0 * correct / images.count(), correct, images.count());
    boolean agrees = checkAgainstReference(model, input, images, n, firstScores, chosen, out);
    writeGrid(images, predicted, out);
    return agrees ? Main.OK : Main.MISMATCH;
  }

  /** The first OpenCL device when there is one, else the JVM reference. */
  private static String bestDevice() {
    return Cnnx.devices().stream().filter(d -> d.kind().equals("opencl")).map(DeviceInfo::id).findFirst()
        .orElse("reference");
  }

  /**
   * Runs the first batch's first {@link #CHECKED} images on the reference interpreter and compares probabilities:
   * a device that gets the accuracy right by luck still fails here.
   */
  private static boolean checkAgainstReference(Model model, String input, DemoImages images, int n, float[] scores,
      String chosen, PrintWriter out) {
    if (chosen.equals("reference")) {
      out.println("reference check: the demo ran on the reference itself");
      return true;
    }
    int k = Math.min(CHECKED, n);
    Tensor expected;
    try (Session reference = model.compile(CompileOptions.forDevice("reference").withInputShapes(Map.of(input,
        new int[] {k, 1, DemoImages.SIDE, DemoImages.SIDE}))).newSession()) {
      expected = reference.run(Map.of(input, images.batch(0, k, k))).output(0);
    }
    float[] actual = new float[k * CLASSES.length];
    System.arraycopy(scores, 0, actual, 0, actual.length);
    Comparison c = Comparison.of(expected, Tensor.ofFloats(expected.shape(), actual), 1e-3, 1e-5);
    int same = 0;
    float[] e = expected.floats();
    for (int i = 0; i < k; i++) {
      same += TopK.argmax(e, i * CLASSES.length, CLASSES.length) == TopK.argmax(actual, i * CLASSES.length,
          CLASSES.length) ? 1 : 0;
    }
    out.printf("reference check: %d images, same top-1 on %d, max |dp| %.1e: %s%n", k, same, c.maxAbsError(),
        c.passed() ? "PASS" : "FAIL");
    return c.passed();
  }

  private void writeGrid(DemoImages images, int[] predicted, PrintWriter out) {
    int shown = Math.min(GRID, images.count());
    int[] indices = new int[shown];
    int[] labels = new int[shown];
    for (int k = 0; k < shown; k++) {
      indices[k] = (int) ((long) k * images.count() / shown); // spread over the whole set
      labels[k] = predicted[indices[k]];
    }
    boolean captions = DemoGrid.write(images, indices, labels, CLASSES, grid);
    out.printf("grid: %s (%d images; %s)%n", grid, shown, captions ? "predicted label, true label below"
        : "no fonts here: green frame right, red wrong");
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = DemoCommand.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new CnnxException(CnnxException.Kind.INVALID, "bundled resource " + name + " is missing from this build");
      }
      return in.readAllBytes();
    }
  }
}
