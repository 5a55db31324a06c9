package org.speccxr.output.html;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.speccxr.entity.Entity;
import org.speccxr.judge.ReportPair;
import org.speccxr.score.EntityScore;
import org.speccxr.score.ModelScores;
import org.speccxr.score.ReportScore;
import org.speccxr.score.Scores;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.Comparison;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.ErrorBreakdown;
import org.speccxr.verdict.VerdictRecord;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pair browser's data: one compact JSON document embedded in the page and rendered on demand by the page's
 * script. Strings (report texts, evidence) are stored once in a string table and referred to by index, so that a
 * reference shared by several models or an evidence sentence repeated across pairs costs nothing extra. Evidence
 * is located in the report texts here, so the page only has to cut the text at the given offsets.
 *
 * <pre>
 * {"models": [name...], "entities": [[id, name, group, kind]...], "strings": [...], "hasText": bool,
 *  "pairs": [[id, model#, run, errors, [fp, fn, loc, sev, cmp], refText#, candText#, [verdict...]]...]}
 * verdict = [entity#, presence (0 TP 1 FP 2 FN 3 TN), location, severity (0 aligned 1 not-aligned 2 n/a),
 *            comparison (0 other 1 adding 2 missing), refEvidence#, candEvidence#, [refStart, refEnd, ...],
 *            [candStart, candEnd, ...], refStatus#, candStatus#, notes#]
 * </pre>
 * A string index of -1 means absent. Pairs are ordered worst first (most errors, then model, then id).
 */
public final class PairData {
    /** Separator the rules judge puts between evidence sentences. */
    static final String EVIDENCE_SEPARATOR = " \u2026 ";
    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final int MAX_PIECE = 2000;

    private final Map<String, Integer> stringIndex = new HashMap<>();
    private final List<String> strings = new ArrayList<>();

    private PairData() {
    }

    /** Counts of what was embedded, for the page's header and for tests. */
    /**
     * @param pairs    records evaluated (all of them, shown or not)
     * @param withText of those, records whose report texts were at hand
     * @param shown    records embedded in the page
     */
    public record Stats(long pairs, long withText, int shown) {
    }

    public static String json(Scores scores, PairSample sample, Stats[] statsOut) {
        return new PairData().build(scores, sample, statsOut);
    }

    private String build(Scores scores, PairSample sample, Stats[] statsOut) {
        List<PairSample.Entry> records = sample.selected();
        List<String> models = new ArrayList<>();
        Map<String, Integer> modelIndex = new HashMap<>();
        for (ModelScores m : scores.models()) {
            modelIndex.put(m.model(), models.size());
            models.add(m.model());
        }
        Map<String, Integer> entityIndex = new LinkedHashMap<>();
        List<String[]> entities = new ArrayList<>();
        if (!scores.models().isEmpty()) {
            for (EntityScore e : scores.models().get(0).entities()) {
                Entity en = e.entity();
                entityIndex.put(en.id(), entities.size());
                String group = scores.models().get(0).groups().stream().filter(g -> g.group().id().equals(en.group()))
                        .map(g -> g.group().name()).findFirst().orElse(en.group());
                entities.add(new String[]{en.id(), en.name(), group, en.kind().label()});
            }
        }
        List<Row> rows = new ArrayList<>(records.size());
        for (PairSample.Entry e : records) {
            VerdictRecord r = e.record();
            Integer mi = modelIndex.get(r.model());
            if (mi == null) {
                mi = models.size();
                modelIndex.put(r.model(), mi);
                models.add(r.model());
            }
            rows.add(new Row(r, mi, ErrorBreakdown.of(r.entities()), e.pair()));
        }
        rows.sort(Comparator.comparingInt((Row x) -> -x.b.total()).thenComparingInt(x -> x.model)
                .thenComparing((Row x) -> x.r.id(), PairData::natural).thenComparingInt(x -> x.r.run()));

        StringWriter w = new StringWriter(Math.max(1024, records.size() * 600));
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeArrayFieldStart("models");
            for (String m : models) {
                g.writeString(m);
            }
            g.writeEndArray();
            // pairs before strings: writing them fills the string table
            StringWriter pw = new StringWriter(Math.max(1024, records.size() * 400));
            try (JsonGenerator pg = new JsonFactory().createGenerator(pw)) {
                pg.writeStartArray();
                for (Row row : rows) {
                    writePair(pg, row, entityIndex, entities);
                }
                pg.writeEndArray();
            }
            g.writeArrayFieldStart("entities");
            for (String[] e : entities) {
                g.writeStartArray();
                for (String s : e) {
                    g.writeString(s);
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeBooleanField("hasText", sample.withText() > 0);
            g.writeArrayFieldStart("strings");
            for (String s : strings) {
                g.writeString(s);
            }
            g.writeEndArray();
            g.writeFieldName("pairs");
            g.writeRawValue(pw.toString());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (statsOut != null && statsOut.length > 0) {
            statsOut[0] = new Stats(sample.total(), sample.withText(), rows.size());
        }
        return Html.scriptSafeJson(w.toString());
    }

    private record Row(VerdictRecord r, int model, ErrorBreakdown b, ReportPair pair) {
    }

    private void writePair(JsonGenerator g, Row row, Map<String, Integer> entityIndex, List<String[]> entities)
            throws IOException {
        VerdictRecord r = row.r;
        ErrorBreakdown b = row.b;
        String ref = row.pair == null ? null : row.pair.reference();
        String cand = row.pair == null ? null : row.pair.candidate();
        g.writeStartArray();
        g.writeString(r.id());
        g.writeNumber(row.model);
        g.writeNumber(r.run());
        g.writeNumber(b.total());
        g.writeStartArray();
        g.writeNumber(b.fp());
        g.writeNumber(b.fn());
        g.writeNumber(b.locationErrors());
        g.writeNumber(b.severityErrors());
        g.writeNumber(b.comparisonErrors());
        g.writeEndArray();
        g.writeNumber(str(ref));
        g.writeNumber(str(cand));
        g.writeStartArray();
        for (EntityVerdict v : r.entities()) {
            Integer ei = entityIndex.get(v.entity());
            if (ei == null) {
                ei = entities.size();
                entityIndex.put(v.entity(), ei);
                entities.add(new String[]{v.entity(), v.entity(), "(not in the entity set)", ""});
            }
            String refEv = stringExtra(v, EntityVerdict.REFERENCE_EVIDENCE);
            String candEv = stringExtra(v, EntityVerdict.CANDIDATE_EVIDENCE);
            g.writeStartArray();
            g.writeNumber(ei);
            g.writeNumber(v.presence().ordinal());
            g.writeNumber(alignment(v.location()));
            g.writeNumber(alignment(v.severity()));
            g.writeNumber(comparison(v.comparison()));
            g.writeNumber(str(refEv));
            g.writeNumber(str(candEv));
            ranges(g, ref, refEv);
            ranges(g, cand, candEv);
            g.writeNumber(str(stringExtra(v, EntityVerdict.REFERENCE_STATUS)));
            g.writeNumber(str(stringExtra(v, EntityVerdict.CANDIDATE_STATUS)));
            g.writeNumber(str(notes(v)));
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeEndArray();
    }

    private static int alignment(Alignment a) {
        return switch (a) {
            case ALIGNED -> 0;
            case NOT_ALIGNED -> 1;
            case NOT_AVAILABLE -> 2;
        };
    }

    private static int comparison(Comparison c) {
        return switch (c) {
            case OTHER -> 0;
            case ADDING_UNMENTIONED -> 1;
            case MISSING_MENTIONED -> 2;
        };
    }

    private static String stringExtra(EntityVerdict v, String key) {
        Object o = v.extra().get(key);
        if (o == null) {
            return null;
        }
        String s = o.toString();
        return s.isBlank() ? null : s;
    }

    /** Any other extra fields a judge added (an LLM's rationale, say), as "key: value" lines. */
    private static String notes(EntityVerdict v) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : v.extra().entrySet()) {
            String k = e.getKey();
            if (k.equals(EntityVerdict.REFERENCE_EVIDENCE) || k.equals(EntityVerdict.CANDIDATE_EVIDENCE)
                    || k.equals(EntityVerdict.REFERENCE_STATUS) || k.equals(EntityVerdict.CANDIDATE_STATUS) || e.getValue() == null) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(k).append(": ").append(e.getValue());
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private int str(String s) {
        if (s == null) {
            return -1;
        }
        Integer i = stringIndex.get(s);
        if (i == null) {
            i = strings.size();
            stringIndex.put(s, i);
            strings.add(s);
        }
        return i;
    }

    private static void ranges(JsonGenerator g, String text, String evidence) throws IOException {
        g.writeStartArray();
        if (text != null && evidence != null) {
            for (int[] r : locate(text, evidence)) {
                g.writeNumber(r[0]);
                g.writeNumber(r[1]);
            }
        }
        g.writeEndArray();
    }

    /**
     * Where the evidence occurs in the text: each piece (the rules judge joins sentences with " … ") is looked up
     * exactly, then ignoring case, then ignoring case and runs of whitespace. Pieces not found are left out; offsets
     * are UTF-16 indices, as JavaScript strings use.
     */
    static List<int[]> locate(String text, String evidence) {
        List<int[]> out = new ArrayList<>();
        int from = 0;
        while (from <= evidence.length()) {
            int sep = evidence.indexOf(EVIDENCE_SEPARATOR, from);
            String p = evidence.substring(from, sep < 0 ? evidence.length() : sep).strip();
            from = sep < 0 ? evidence.length() + 1 : sep + EVIDENCE_SEPARATOR.length();
            if (p.isEmpty() || p.length() > MAX_PIECE) {
                continue;
            }
            int i = text.indexOf(p);
            if (i >= 0) {
                out.add(new int[]{i, i + p.length()});
                continue;
            }
            StringBuilder re = new StringBuilder();
            for (String tok : SPACE.split(p)) {
                if (re.length() > 0) {
                    re.append("\\s+");
                }
                re.append(Pattern.quote(tok));
            }
            Matcher m = Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(text);
            if (m.find()) {
                out.add(new int[]{m.start(), m.end()});
            }
        }
        return out;
    }

    private static String key(String model, String id, int run) {
        return model + "\u0000" + id + "\u0000" + run;
    }

    /** Natural order: "p2" before "p10". */
    static int natural(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i), cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i, sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                while (si < i - 1 && a.charAt(si) == '0') {
                    si++;
                }
                while (sj < j - 1 && b.charAt(sj) == '0') {
                    sj++;
                }
                int c = Integer.compare(i - si, j - sj);
                for (int k = 0; c == 0 && k < i - si; k++) {
                    c = Character.compare(a.charAt(si + k), b.charAt(sj + k));
                }
                if (c != 0) {
                    return c;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
