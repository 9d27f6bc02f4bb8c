package io.maestro.server.dashboard;

import io.maestro.server.build.MinutesReport;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * Minutes per day as an SVG bar chart, rendered on the server (no script, allowed by the
 * dashboard's content security policy). Only numbers and ISO dates go into the markup, so it
 * needs no escaping.
 */
final class MinutesChart {

    private static final int WIDTH = 620;
    private static final int HEIGHT = 160;
    private static final int LEFT = 40;
    private static final int BOTTOM = 20;

    private MinutesChart() {}

    static String svg(List<MinutesReport.Day> days) {
        BigDecimal max = days.stream().map(MinutesReport.Day::minutes).max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
        double top = Math.max(1.0, Math.ceil(max.doubleValue()));
        int plotWidth = WIDTH - LEFT - 10;
        int plotHeight = HEIGHT - BOTTOM - 10;
        double slot = days.isEmpty() ? plotWidth : (double) plotWidth / days.size();
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"minutes-chart\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"Build minutes per day\">");
        svg.append(line(LEFT, 10, LEFT, HEIGHT - BOTTOM)).append(line(LEFT, HEIGHT - BOTTOM, WIDTH - 10, HEIGHT - BOTTOM));
        svg.append(text(2, 16, format(top) + " min")).append(text(2, HEIGHT - BOTTOM, "0"));
        for (int i = 0; i < days.size(); i++) {
            MinutesReport.Day day = days.get(i);
            double height = day.minutes().doubleValue() / top * plotHeight;
            double x = LEFT + i * slot + slot * 0.15;
            double y = HEIGHT - BOTTOM - height;
            svg.append("<rect class=\"bar\" data-day=\"").append(day.day()).append("\" data-minutes=\"")
                    .append(day.minutes().toPlainString()).append("\" x=\"").append(format(x)).append("\" y=\"").append(format(y))
                    .append("\" width=\"").append(format(slot * 0.7)).append("\" height=\"").append(format(height))
                    .append("\" fill=\"#3b6ea5\"><title>").append(day.day()).append(": ").append(day.minutes().toPlainString())
                    .append(" min</title></rect>");
            if (i == 0 || i == days.size() - 1 || day.day().getDayOfMonth() % 7 == 1) {
                svg.append(text(x, HEIGHT - 5, String.valueOf(day.day().getDayOfMonth())));
            }
        }
        return svg.append("</svg>").toString();
    }

    private static String line(double x1, double y1, double x2, double y2) {
        return "<line x1=\"" + format(x1) + "\" y1=\"" + format(y1) + "\" x2=\"" + format(x2) + "\" y2=\"" + format(y2)
                + "\" stroke=\"#888\"/>";
    }

    private static String text(double x, double y, String value) {
        return "<text x=\"" + format(x) + "\" y=\"" + format(y) + "\" font-size=\"10\">" + value + "</text>";
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
