package cnnx.host.cli;

import cnnx.api.Cnnx;
import cnnx.api.CnnxException;
import cnnx.api.Model;
import cnnx.api.Session;
import cnnx.api.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The main job on an embedded default: classifies the bundled Fashion-MNIST test images with the
 * bundled CNN and reports accuracy, device and time.
 */
@Command(name = "demo", description = "Classify bundled Fashion-MNIST images with the bundled CNN.")
final class DemoCommand implements Callable<Integer> {
  static final String MODEL = "/cnnx/demo/fashion-cnn.onnx";
  static final String IMAGES = "/cnnx/demo/fashion-test-images.bin";
  static final String[] CLASSES = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"
  };

  @Mixin
  DeviceOption device;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Model model = Cnnx.load(resource(MODEL), MODEL);
    DemoImages images = DemoImages.parse(resource(IMAGES));
    String input = model.inputs().get(0).name();
    Map<String, Tensor> feeds = Map.of(input, images.batch());
    float[] probs;
    String label;
    long t0 = System.nanoTime();
    try (Session session = model.compile(device.options().withInputsLike(feeds)).newSession()) {
      probs = session.run(feeds).output(0).floats();
      label = session.deviceLabel();
    }
    double ms = (System.nanoTime() - t0) / 1e6;
    int correct = 0;
    for (int i = 0; i < images.count(); i++) {
      int best = argmax(probs, i * CLASSES.length, CLASSES.length);
      boolean ok = best == images.label(i);
      correct += ok ? 1 : 0;
      out.printf("image %2d: %-12s (%.2f)  label %-12s %s%n", i, CLASSES[best],
          probs[i * CLASSES.length + best], CLASSES[images.label(i)], ok ? "ok" : "MISS");
    }
    out.printf("%d/%d correct on device %s, batch %d in %.1f ms%n", correct, images.count(), label,
        images.count(), ms);
    return Main.OK;
  }

  private static int argmax(float[] a, int from, int n) {
    int best = 0;
    for (int k = 1; k < n; k++) {
      if (a[from + k] > a[from + best]) {
        best = k;
      }
    }
    return best;
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
