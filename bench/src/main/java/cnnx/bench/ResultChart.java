package cnnx.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** A bar chart of images per second: one group per batch size, one bar per device. */
final class ResultChart {
  private ResultChart() {}

  static void write(BenchReport r, Path png) throws IOException {
    CategoryChart chart = new CategoryChartBuilder().width(900).height(500)
        .title(r.model() + ": throughput (higher is better)")
        .xAxisTitle("batch").yAxisTitle("images/s").build();
    // below the plot, in one row: inside it the legend covered the first batch's bars
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
    Set<String> devices = new LinkedHashSet<>();
    Set<Integer> batches = new LinkedHashSet<>();
    r.results().forEach(d -> {
      devices.add(d.device());
      batches.add(d.batch());
    });
    List<String> labels = batches.stream().map(b -> "batch " + b).toList();
    for (String device : devices) {
      List<Double> ys = new ArrayList<>();
      for (int b : batches) {
        ys.add(r.results().stream().filter(d -> d.device().equals(device) && d.batch() == b && d.verified())
            .mapToDouble(DeviceResult::images_per_second).findFirst().orElse(0));
      }
      chart.addSeries(device, labels, ys);
    }
    String name = png.toString().endsWith(".png") ? png.toString().substring(0, png.toString().length() - 4)
        : png.toString();
    BitmapEncoder.saveBitmap(chart, name, BitmapEncoder.BitmapFormat.PNG);
  }
}
