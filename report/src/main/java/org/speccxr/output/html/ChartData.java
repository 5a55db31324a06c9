package org.speccxr.output.html;

import java.util.List;

/**
 * What one spider chart shows: one axis per display group, one series per model, values in [0, 1] with null where
 * the metric is undefined (insufficient data), and the grey background of log frequencies.
 *
 * @param id          a file-name-safe identifier ("presence_f1")
 * @param title       the chart's title
 * @param macroLabel  how the legend names the macro average ("macro F1")
 * @param axes        axis labels (display group names), in the entity set's order
 * @param series      one per model, in the scores' order
 * @param frequency   per axis, the number of entity verdicts in the group (over all models), for the background
 * @param missingWhy  what an absent point means for this metric ("no TP with a judged location")
 */
public record ChartData(String id, String title, String macroLabel, List<String> axes, List<Series> series,
                        long[] frequency, String missingWhy) {

    /**
     * @param values per axis, the metric or null
     * @param tips   per axis, a tooltip with the counts behind the value
     * @param macro  the model's macro average over entities (null when undefined)
     * @param macroN over how many entities the macro average was taken
     */
    public record Series(String name, Double[] values, String[] tips, Double macro, int macroN) {
    }
}
