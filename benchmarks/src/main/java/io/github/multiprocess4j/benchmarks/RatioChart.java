package io.github.multiprocess4j.benchmarks;

import java.util.List;
import java.util.Locale;

/** An SVG bar chart of how many times better than Python each workload is, on a log scale, with the targets. */
final class RatioChart {

    private static final int LEFT = 330;
    private static final int WIDTH = 820;
    private static final int ROW = 26;
    private static final double MIN = 0.1;
    private static final double MAX = 1000;

    private RatioChart() {
    }

    static String render(List<ReportRow> rows) {
        int height = 60 + rows.size() * ROW;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append("<text x=\"10\" y=\"18\" font-weight=\"bold\">multiprocess4j vs Python: times better "
                + "(log scale; the line is 1×, a tick is the target)</text>\n");
        for (double tick : new double[] {0.1, 1, 10, 100, 1000}) {
            double x = x(tick);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"30\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>%n",
                    x, x, height - 20, tick == 1 ? "black" : "#ddd"));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s×</text>%n",
                    x, height - 6, tick < 1 ? "0.1" : String.valueOf((int) tick)));
        }
        int y = 36;
        for (ReportRow row : rows) {
            double speedup = row.speedupOver(row.python);
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    LEFT - 8, y + 14, escape(row.workload)));
            if (!Double.isNaN(speedup)) {
                Boolean met = row.met();
                String colour = met == null ? "#7a9cc6" : met ? "#4caf50" : "#e57373";
                double start = x(1);
                double end = x(speedup);
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"%s\"/>%n",
                        Math.min(start, end), y, Math.abs(end - start), colour));
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.2f×</text>%n",
                        Math.max(start, end) + 4, y + 14, speedup));
                for (ReportRow.Target target : row.targets) {
                    if (target.against == ReportRow.Against.PYTHON) {
                        double tick = x(target.speedup);
                        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                                + "stroke=\"black\" stroke-width=\"2\"/>%n", tick, y - 2, tick, y + 20));
                    }
                }
            }
            y += ROW;
        }
        return svg.append("</svg>\n").toString();
    }

    private static double x(double ratio) {
        double clamped = Math.max(MIN, Math.min(MAX, ratio));
        double fraction = (Math.log10(clamped) - Math.log10(MIN)) / (Math.log10(MAX) - Math.log10(MIN));
        return LEFT + fraction * (WIDTH - LEFT - 60);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
