package org.speccxr.output.html;

/** Model colours: the Okabe-Ito colour-blind-safe palette (yellow left out: too pale on white), then dashed repeats. */
public final class Palette {
    private static final String[] COLOURS = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
            "#8C564B"};

    private Palette() {
    }

    public static String colour(int series) {
        return COLOURS[Math.floorMod(series, COLOURS.length)];
    }

    /** Series beyond the palette's size are drawn dashed so that no two series look alike. */
    public static boolean dashed(int series) {
        return series >= COLOURS.length;
    }
}
