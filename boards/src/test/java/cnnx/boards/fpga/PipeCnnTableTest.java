package cnnx.boards.fpga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The conv-engine model against PipeCNN's published table (8-bit; DE5-net 247 DSPs at 198 MHz, DE5a-Net 683
 * DSPs at 218 MHz, DE1-SoC 68 DSPs at 122 MHz; AlexNet / VGG-16 in 15 / 254, 5 / 110 and 140 / 1,928 ms).
 * The design-space exploration runs under each published DSP count and clock and must land within ±25%.
 * AlexNet runs at batch 16 on the two large boards and 1 on DE1-SoC, as PipeCNN's table lists its batch
 * sizes (16 on DE5-net, 1 on DE1-SoC; DE5a-Net taken as DE5-net); VGG-16 at batch 1.
 */
class PipeCnnTableTest {
  @ParameterizedTest(name = "{0}: AlexNet {4} ms, VGG-16 {5} ms")
  @CsvSource({
      "intel/de5-net, 247, 198, 16, 15, 254",
      "intel/de5a-net, 683, 218, 16, 5, 110",
      "intel/de1-soc, 68, 122, 1, 140, 1928"})
  void matchesPublishedLatency(String board, int dsps, double mhz, int alexBatch, double alexMs,
      double vggMs) {
    FpgaResources published = FpgaBoards.find(board).orElseThrow().resources().limitedTo(dsps, mhz);
    DesignSpace.Design alex = DesignSpace.explore(published, alexNet(), Precision.INT8, alexBatch).orElseThrow();
    DesignSpace.Design vgg = DesignSpace.explore(published, vgg16(), Precision.INT8, 1).orElseThrow();
    System.out.printf("%s: AlexNet %s %.1f ms (published %.0f), VGG-16 %s %.1f ms (published %.0f)%n", board,
        alex.config(), alex.seconds() * 1e3, alexMs, vgg.config(), vgg.seconds() * 1e3, vggMs);
    assertWithin(alexMs, alex.seconds() * 1e3, board + " AlexNet");
    assertWithin(vggMs, vgg.seconds() * 1e3, board + " VGG-16");
    assertTrue(alex.usage().fitsOn(published) && alex.usage().dsps() <= dsps);
  }

  @ParameterizedTest
  @CsvSource({"INT8, 2", "FP16, 1"})
  void eightBitPacksTwoMultipliesPerDsp(Precision p, int perDsp) {
    FpgaResources r = FpgaBoards.find("intel/de5-net").orElseThrow().resources();
    EngineModel.Usage u = EngineModel.usage(new EngineConfig(8, 16, p), r, alexNet());
    assertEquals(128 / perDsp + EngineModel.CONTROL_DSPS, u.dsps());
  }

  @org.junit.jupiter.api.Test
  void everyBoardFindsADesignForVgg() {
    for (FpgaBoard b : FpgaBoards.all()) {
      var d = DesignSpace.explore(b.resources(), vgg16(), Precision.INT8, 1);
      assertTrue(d.isPresent(), b.id());
      assertTrue(d.get().usage().fitsOn(b.resources()), b.id());
    }
  }

  private static void assertWithin(double published, double predicted, String what) {
    double error = predicted / published - 1;
    assertTrue(Math.abs(error) <= 0.25,
        String.format("%s: predicted %.1f ms, published %.1f ms (%+.0f%%)", what, predicted, published, error * 100));
  }

  /** AlexNet (Krizhevsky 2012, Caffe's bvlc_alexnet): grouped conv2, conv4, conv5; 227×227 input. */
  static List<ConvShape> alexNet() {
    return List.of(
        ConvShape.conv("conv1", 3, 96, 11, 4, 0, 227, 1),
        ConvShape.conv("conv2", 96, 256, 5, 1, 2, 27, 2),
        ConvShape.conv("conv3", 256, 384, 3, 1, 1, 13, 1),
        ConvShape.conv("conv4", 384, 384, 3, 1, 1, 13, 2),
        ConvShape.conv("conv5", 384, 256, 3, 1, 1, 13, 2),
        ConvShape.fullyConnected("fc6", 9216, 4096),
        ConvShape.fullyConnected("fc7", 4096, 4096),
        ConvShape.fullyConnected("fc8", 4096, 1000));
  }

  /** VGG-16 (Simonyan and Zisserman 2014, configuration D): 13 3×3 convs in five blocks, three FC layers. */
  static List<ConvShape> vgg16() {
    List<ConvShape> layers = new ArrayList<>();
    int size = 224;
    int in = 3;
    int[][] blocks = {{2, 64}, {2, 128}, {3, 256}, {3, 512}, {3, 512}};
    for (int b = 0; b < blocks.length; b++) {
      for (int i = 0; i < blocks[b][0]; i++) {
        layers.add(ConvShape.conv("conv" + (b + 1) + "_" + (i + 1), in, blocks[b][1], 3, 1, 1, size, 1));
        in = blocks[b][1];
      }
      size /= 2;
    }
    layers.add(ConvShape.fullyConnected("fc6", 25088, 4096));
    layers.add(ConvShape.fullyConnected("fc7", 4096, 4096));
    layers.add(ConvShape.fullyConnected("fc8", 4096, 1000));
    return layers;
  }
}
