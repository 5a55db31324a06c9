package org.speccxr.stats;

/**
 * Cohen's kappa (Cohen 1960) of two raters from their confusion matrix (rows: rater A, columns: rater B):
 * {@code kappa = (po - pe) / (1 - pe)}, where {@code po} is the observed share of agreement (the diagonal) and
 * {@code pe = sum_k (rowTotal_k / n) (colTotal_k / n)} the agreement expected by chance from the marginals.
 */
public final class Kappa {
    private Kappa() {
    }

    /** Observed agreement, or NaN for an empty matrix. */
    public static double agreement(long[][] m) {
        long n = 0, d = 0;
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                n += m[i][j];
            }
            d += m[i][i];
        }
        return n == 0 ? Double.NaN : (double) d / n;
    }

    /** Kappa, or NaN when undefined (no items, or chance agreement is 1: both raters used one same category only). */
    public static double cohen(long[][] m) {
        int k = m.length;
        long n = 0;
        long[] row = new long[k], col = new long[k];
        long diag = 0;
        for (int i = 0; i < k; i++) {
            if (m[i].length != k) {
                throw new IllegalArgumentException("confusion matrix must be square");
            }
            for (int j = 0; j < k; j++) {
                row[i] += m[i][j];
                col[j] += m[i][j];
                n += m[i][j];
            }
            diag += m[i][i];
        }
        if (n == 0) {
            return Double.NaN;
        }
        double po = (double) diag / n;
        double pe = 0;
        for (int i = 0; i < k; i++) {
            pe += (double) row[i] / n * ((double) col[i] / n);
        }
        if (pe >= 1 - 1e-12) {
            return Double.NaN;
        }
        return (po - pe) / (1 - pe);
    }
}
