package cnnx.host.cli;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Photo-like test images: graded skies, lit shapes and sensor noise at camera-like sizes and aspect ratios, written
 * as JPEG (lossy, as cameras write them), RGB PNG and grey PNG.
 */
final class Photos {
  private Photos() {}

  static List<Path> write(Path dir, int count, long seed) throws IOException {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[][] sizes = {{640, 480}, {480, 640}, {333, 250}, {224, 224}, {1024, 300}, {96, 128}, {257, 513}};
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int[] wh = sizes[i % sizes.length];
      BufferedImage img = new BufferedImage(wh[0], wh[1], BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setPaint(new GradientPaint(0, 0, color(rnd), wh[0], wh[1], color(rnd)));
      g.fillRect(0, 0, wh[0], wh[1]);
      for (int s = 0; s < 6; s++) {
        int x = rnd.nextInt(wh[0]);
        int y = rnd.nextInt(wh[1]);
        int w = 10 + rnd.nextInt(wh[0] / 2);
        int h = 10 + rnd.nextInt(wh[1] / 2);
        g.setPaint(new GradientPaint(x, y, color(rnd), x + w, y + h, color(rnd)));
        if (rnd.nextBoolean()) {
          g.fillOval(x - w / 2, y - h / 2, w, h);
        } else {
          g.fillRect(x - w / 2, y - h / 2, w, h);
        }
      }
      g.dispose();
      for (int y = 0; y < wh[1]; y++) {
        for (int x = 0; x < wh[0]; x++) {
          int noise = rnd.nextInt(-6, 7);
          int p = img.getRGB(x, y);
          img.setRGB(x, y, (clamp(((p >> 16) & 0xff) + noise) << 16) | (clamp(((p >> 8) & 0xff) + noise) << 8)
              | clamp((p & 0xff) + noise));
        }
      }
      Path file;
      switch (i % 3) {
        case 0 -> {
          file = dir.resolve(String.format("photo%02d.jpg", i));
          ImageIO.write(img, "jpeg", file.toFile());
        }
        case 1 -> {
          file = dir.resolve(String.format("photo%02d.png", i));
          ImageIO.write(img, "png", file.toFile());
        }
        default -> {
          BufferedImage grey = new BufferedImage(wh[0], wh[1], BufferedImage.TYPE_BYTE_GRAY);
          grey.getGraphics().drawImage(img, 0, 0, null);
          file = dir.resolve(String.format("photo%02d.png", i));
          ImageIO.write(grey, "png", file.toFile());
        }
      }
      files.add(file);
    }
    return files;
  }

  private static Color color(SplittableRandom rnd) {
    return new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256));
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
