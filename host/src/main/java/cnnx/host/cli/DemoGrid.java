package cnnx.host.cli;

import cnnx.api.Images;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/** A PNG of sample images, each under its predicted and true label (green when right, red when wrong). */
final class DemoGrid {
  private static final int SCALE = 3;
  private static final int CELL_W = 112;
  private static final int CELL_H = DemoImages.SIDE * SCALE + 34;
  private static final int COLUMNS = 8;

  private DemoGrid() {}

  /** Draws images {@code indices} with {@code predicted} labels; returns whether the captions could be drawn. */
  static boolean write(DemoImages images, int[] indices, int[] predicted, String[] classes, Path file) {
    int rows = (indices.length + COLUMNS - 1) / COLUMNS;
    BufferedImage grid = new BufferedImage(COLUMNS * CELL_W, rows * CELL_H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grid.createGraphics();
    boolean captions = true;
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
      for (int k = 0; k < indices.length; k++) {
        int i = indices[k];
        int x0 = (k % COLUMNS) * CELL_W + (CELL_W - DemoImages.SIDE * SCALE) / 2;
        int y0 = (k / COLUMNS) * CELL_H + 2;
        for (int y = 0; y < DemoImages.SIDE; y++) {
          for (int x = 0; x < DemoImages.SIDE; x++) {
            int v = images.pixel(i, y, x);
            g.setColor(new Color(v, v, v));
            g.fillRect(x0 + x * SCALE, y0 + y * SCALE, SCALE, SCALE);
          }
        }
        boolean right = predicted[k] == images.label(i);
        g.setColor(right ? new Color(0, 140, 0) : new Color(200, 0, 0));
        g.setStroke(new BasicStroke(2));
        g.drawRect(x0 - 1, y0 - 1, DemoImages.SIDE * SCALE + 1, DemoImages.SIDE * SCALE + 1);
        if (captions) {
          captions = caption(g, classes[predicted[k]], "true: " + classes[images.label(i)], (k % COLUMNS) * CELL_W + 4,
              y0 + DemoImages.SIDE * SCALE + 14);
        }
      }
    } finally {
      g.dispose();
    }
    Images.writePng(grid, file);
    return captions;
  }

  /**
   * Draws two caption lines. A headless JDK without any font installed fails inside AWT's font set-up; the grid is
   * still worth writing then, with its green and red frames only.
   */
  private static boolean caption(Graphics2D g, String first, String second, int x, int y) {
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      g.drawString(first, x, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(second, x, y + 13);
      return true;
    } catch (RuntimeException | InternalError | LinkageError e) {
      return false;
    }
  }
}
