package dev.taskflow.analytics.daily;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Cycle time (created → latest completion) of the tasks whose latest completion falls on a UTC day of
 * [from, to]: how many, and the average and median in hours (two decimals; {@code null} when none).
 */
public record CycleTime(LocalDate from, LocalDate to, long count, BigDecimal averageHours, BigDecimal medianHours) {
}
