package cnnx.api.verify;

import cnnx.api.CnnxException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** A verification report as one self-contained HTML file: the table and a per-launch error chart. */
public final class HtmlReport {
  private HtmlReport() {}

  public static void write(VerificationReport report, String title, Path file) {
    String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>cnnx verify " + escape(title)
        + "</title><style>body{font-family:sans-serif}td,th{padding:2px 8px;text-align:right}"
        + "td.l,th.l{text-align:left}.fail{color:#b00}</style></head><body>"
        + "<h1>cnnx verify: " + escape(title) + "</h1><p>" + escape(report.device()) + "</p>"
        + "<p><b>" + (report.passed() ? "PASS" : "FAIL") + "</b>"
        + report.firstDivergingNode().map(n -> ": first diverging ONNX node " + escape(n)).orElse("") + "</p>"
        + "<img alt=\"error per launch\" src=\"data:image/png;base64," + chart(report) + "\">"
        + table(report) + "</body></html>";
    try {
      Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".verify", ".tmp");
      Files.writeString(tmp, html, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new CnnxException(CnnxException.Kind.INVALID, "cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static String table(VerificationReport r) {
    StringBuilder sb = new StringBuilder("<table><tr><th>#</th><th class=l>kernel</th><th class=l>ONNX nodes</th>"
        + "<th>max abs (isolated)</th><th>err/tol</th><th>max abs (chained)</th><th class=l>result</th></tr>");
    for (LaunchCheck c : r.launches()) {
      sb.append("<tr").append(c.passed() ? "" : " class=fail").append("><td>").append(c.index())
          .append("</td><td class=l>").append(escape(c.kernel())).append("</td><td class=l>")
          .append(escape(String.join(", ", c.onnxNodes()))).append("</td><td>")
          .append(String.format("%.3e", c.isolated().maxAbsError())).append("</td><td>")
          .append(String.format("%.3g", c.isolated().worstRatio())).append("</td><td>")
          .append(c.chained() == null ? "-" : String.format("%.3e", c.chained().maxAbsError()))
          .append("</td><td class=l>").append(c.passed() ? "ok" : "FAIL").append("</td></tr>");
    }
    return sb.append("</table>").toString();
  }

  /** Isolated and chained max abs error per launch, on a log axis, as base64 PNG. */
  private static String chart(VerificationReport r) {
    System.setProperty("java.awt.headless", "true");
    XYSeries isolated = new XYSeries("isolated (own error)");
    XYSeries chained = new XYSeries("chained (error reaching it)");
    for (LaunchCheck c : r.launches()) {
      isolated.addOrUpdate(c.index(), Math.max(1e-12, c.isolated().maxAbsError()));
      if (c.chained() != null) {
        chained.addOrUpdate(c.index(), Math.max(1e-12, c.chained().maxAbsError()));
      }
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(isolated);
    data.addSeries(chained);
    JFreeChart chart = ChartFactory.createXYLineChart("max abs error per launch", "launch", "max abs error", data,
        PlotOrientation.VERTICAL, true, false, false);
    chart.getXYPlot().setRangeAxis(new LogAxis("max abs error"));
    BufferedImage image = chart.createBufferedImage(900, 420);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", png);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return Base64.getEncoder().encodeToString(png.toByteArray());
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
