/**
 * What the dashboard's templates show: one record per page, built by the route handlers from the
 * store, holding only display-ready values (times as text, statuses as lowercase words). The JTE
 * templates under {@code src/main/jte} take exactly one of these each and escape every value.
 */
package io.maestro.server.dashboard.view;
