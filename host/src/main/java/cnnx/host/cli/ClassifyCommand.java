package cnnx.host.cli;

import cnnx.api.CnnxException;
import cnnx.api.Images;
import cnnx.api.Model;
import cnnx.api.Preprocessing;
import cnnx.api.Session;
import cnnx.api.Tensor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Images in, labels out: preprocesses image files as torchvision does, runs them in batches, prints top-K. */
@Command(name = "classify", mixinStandardHelpOptions = true,
    description = "Classify PNG/JPEG images (files or folders) with an image classifier; print the top-K labels"
        + " with their probabilities.",
    footer = {"", "Examples:",
        "  cnnx classify resnet18.onnx photos/ --labels imagenet_classes.txt --top 3",
        "  cnnx classify resnet18.onnx cat.jpg dog.png --device opencl --json",
        "  cnnx classify fashion.onnx shirt.png --preprocess none --size 28x28"})
final class ClassifyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MODEL", description = "ONNX image classifier (one image input)")
  Path model;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE_OR_FOLDER",
      description = "Image files, or folders whose .png/.jpg/.jpeg/.bmp/.gif files are classified in name order")
  List<Path> images;

  @Option(names = "--labels", paramLabel = "FILE", description = "Class names, one per line in class-index order")
  Path labelsFile;

  @Option(names = "--top", paramLabel = "K", defaultValue = "5", description = "Labels per image. Default: ${DEFAULT-VALUE}")
  int top;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "8",
      description = "Images per run (the last batch is padded). Default: ${DEFAULT-VALUE}")
  int batch;

  @Option(names = "--json", description = "Print the results as JSON")
  boolean json;

  @Mixin
  ImageOptions imageOptions;

  @Mixin
  DeviceOption device;

  @Mixin
  MemoryLimitOption memoryLimit;

  @Mixin
  LoadOption loading;

  @Spec
  CommandSpec spec;

  /** One image's result, as JSON prints it. */
  record Classified(String file, List<TopK.Entry> top) {}

  /** The whole run, as JSON prints it. */
  record Report(String model, String device, List<Classified> results) {}

  @Override
  public Integer call() throws IOException {
    if (top < 1 || batch < 1) {
      throw new ParameterException(spec.commandLine(), (top < 1 ? "--top" : "--batch") + " must be at least 1, got "
          + (top < 1 ? top : batch));
    }
    PrintWriter out = spec.commandLine().getOut();
    device.discoverEarly();
    Model m = loading.load(model);
    if (m.inputs().size() != 1) {
      throw new CnnxException(CnnxException.Kind.INVALID, model + " takes " + m.inputs().size()
          + " inputs; classify needs a model with one image input");
    }
    String input = m.inputs().get(0).name();
    Preprocessing pre = imageOptions.forInput(m, input);
    Labels labels = labelsFile == null ? Labels.none() : Labels.read(labelsFile);
    List<Path> files = Images.expand(images);
    int n = Math.min(batch, files.size());
    List<Classified> results = new ArrayList<>();
    String deviceLabel;
    var options = memoryLimit.apply(device.options()).withInputShapes(Map.of(input, pre.shape(n)));
    try (Session session = m.compile(options).newSession(Progress.listener());
        Progress progress = Progress.start("classifying", files.size())) {
      deviceLabel = session.deviceLabel();
      for (int from = 0; from < files.size(); from += n) {
        List<Path> chunk = files.subList(from, Math.min(from + n, files.size()));
        List<BufferedImage> decoded = new ArrayList<>();
        for (Path f : chunk) {
          decoded.add(Images.read(f));
        }
        while (decoded.size() < n) {
          decoded.add(decoded.get(0)); // padding: the compiled batch size is fixed; padded results are dropped
        }
        float[] scores = session.run(Map.of(input, Tensor.fromImages(decoded, pre))).output(0).floats();
        int classes = scores.length / n;
        labels.checkCount(classes, String.valueOf(labelsFile));
        for (int i = 0; i < chunk.size(); i++) {
          results.add(new Classified(chunk.get(i).toString(), TopK.of(scores, i * classes, classes, top, labels)));
          progress.step();
        }
      }
    }
    if (json) {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      out.println(mapper.writeValueAsString(new Report(model.toString(), deviceLabel, results)));
    } else {
      for (Classified c : results) {
        StringBuilder line = new StringBuilder(c.file()).append(':');
        for (TopK.Entry e : c.top()) {
          line.append(String.format("  %s %.4f", e.label(), e.score()));
        }
        out.println(line);
      }
      out.printf("%d images on %s%n", results.size(), deviceLabel);
    }
    return Main.OK;
  }
}
