package dev.taskflow.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Line charts over time (seconds from the start of a benchmark), as PNG. */
final class Charts {

    private Charts() {
    }

    /** @param series name → points {x, y}; an empty map writes nothing */
    static boolean line(Path png, String title, String yLabel, Map<String, double[][]> series) {
        if (series.isEmpty()) {
            return false;
        }
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection data = new XYSeriesCollection();
        series.forEach((name, points) -> {
            XYSeries line = new XYSeries(name, false, true);
            for (double[] point : points) {
                if (!Double.isNaN(point[1])) {
                    line.add(point[0], point[1]);
                }
            }
            data.addSeries(line);
        });
        JFreeChart chart = ChartFactory.createXYLineChart(title, "seconds", yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(1.5f));
        }
        plot.setRenderer(renderer);
        try {
            ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 420);
            return true;
        } catch (IOException e) {
            System.out.println("  chart " + png + " not written: " + e);
            return false;
        }
    }
}
