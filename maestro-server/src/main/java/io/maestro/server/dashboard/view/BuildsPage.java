package io.maestro.server.dashboard.view;

import java.util.List;

/**
 * The builds page: recent builds, this month's Build Minutes and a chart of minutes per day.
 *
 * @param chartSvg the chart, server-rendered SVG markup built only from numbers and dates
 */
public record BuildsPage(Viewer viewer, List<BuildRow> builds, String plan, String period, long usedMinutes,
        long allowanceMinutes, long remainingMinutes, long projectedOverageMinutes, String overageCost, boolean exhausted,
        String chartSvg) {}
