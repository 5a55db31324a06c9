package org.speccxr.judge.rules;

import org.speccxr.entity.Entity;
import org.speccxr.entity.EntitySet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Single-report extraction: sentences, entity mentions (synonyms, patterns, normal statements), negation and
 * uncertainty (NegEx/ConText-style triggers with scope), and each mention's location, severity and comparison.
 * Stateless after construction and safe to share between threads.
 */
public final class ReportExtractor {
    /*
     * What a sentence says depends on the sentence (and its section) alone, and reports repeat their sentences a great
     * deal: remembered, bounded (see SentenceMemo). Mentions are immutable, so the same list can be handed out again.
     */
    private final SentenceMemo<Boolean> noFindingMemo = new SentenceMemo<>(1 << 16);
    private final SentenceMemo<Boolean> wholeStudyMemo = new SentenceMemo<>(1 << 16);
    private final SentenceMemo<List<Mention>> mentionsMemo = new SentenceMemo<>(1 << 16);

    /** Blocks a shorter synonym inside an excluded phrase ("pericardial effusion" for pleural effusion). */
    private static final String BLOCK = "\u0000block";
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*-?\\s*(mm|cm)\\b", Pattern.CASE_INSENSITIVE);
    /** Words that join list items: a post-trigger reaches back over another mention only through one of them. */
    private static final Set<String> LIST_JOINERS = Set.of("and", "or", "nor");
    /** Hedges that stand between two alternatives and make both uncertain ("atelectasis versus scarring"). */
    private static final Set<String> SYMMETRIC = Set.of("versus", "vs");
    /** Words that start a new phrase between two mentions: modifiers after it belong to the next mention. */
    private static final Set<String> PHRASE_BREAKS = Set.of("and", "or", "with", "without", "plus", "but", "while",
            "whereas", "also", "despite", "after", "following");
    private static final int MAX_PRE_SCOPE = 20;
    private static final int MAX_POST_SCOPE = 8;

    private final EntitySet set;
    private final RuleSet rules;
    private final PhraseMatcher<String> entities = new PhraseMatcher<>();
    /** Mention patterns whose entity is in the set. */
    private final List<RuleSet.MentionPattern> patterns;
    /** Regex rules that run on every sentence (no required words), indexed patterns first, then normal rules. */
    private final boolean[] always;
    private final Map<String, int[]> byWord = new java.util.HashMap<>();

    public ReportExtractor(EntitySet set, RuleSet rules) {
        rules.checkEntities(set); // a user's rules naming an id outside the set are refused, not silently dropped
        this.set = set;
        this.rules = rules;
        this.patterns = rules.patterns.stream().filter(p -> set.contains(p.entity())).toList();
        List<Set<String>> requires = new ArrayList<>();
        patterns.forEach(p -> requires.add(p.requires()));
        rules.normals.forEach(n -> requires.add(n.requires()));
        this.always = new boolean[requires.size()];
        Map<String, List<Integer>> index = new java.util.HashMap<>();
        for (int i = 0; i < requires.size(); i++) {
            always[i] = requires.get(i).isEmpty();
            for (String word : requires.get(i)) {
                index.computeIfAbsent(word, k -> new ArrayList<>()).add(i);
            }
        }
        index.forEach((k, v) -> byWord.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        for (Entity e : set.entities()) {
            for (String s : e.synonyms()) {
                entities.add(s, e.id());
            }
            entities.add(e.id().replace('_', ' '), e.id());
            for (String x : e.exclude()) {
                entities.add(x, BLOCK);
            }
        }
    }

    public EntitySet entitySet() {
        return set;
    }

    /**
     * The sentence states nothing about the images ("PA and lateral views were obtained.", "2 images.", a
     * notification): one of the rules' {@code not_findings} statements.
     */
    public boolean statesNoFinding(String sentence) {
        return statesNoFinding(sentence, Tokens.of(sentence).words);
    }

    private boolean statesNoFinding(String sentence, String[] words) {
        return noFindingMemo.get(sentence, s -> matchesNoFinding(s, words));
    }

    private boolean matchesNoFinding(String sentence, String[] words) {
        for (RuleSet.NormalRule p : rules.notFindings) {
            if (!p.requires().isEmpty() && !containsAny(words, p.requires())) {
                continue;
            }
            if (p.pattern().matcher(sentence).find()) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsAny(String[] words, Set<String> wanted) {
        for (String w : words) {
            if (wanted.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** The sentence requests or recommends something ("Recommend followup radiographs."): the rules' {@code requests}. */
    public boolean requests(String sentence) {
        for (Pattern p : rules.requests) {
            if (p.matcher(sentence).find()) {
                return true;
            }
        }
        return false;
    }

    /** The sentence compares the whole study with a prior one ("No interval change.", "Stable chest."). */
    public boolean comparesWholeStudy(String sentence) {
        return wholeStudyMemo.get(sentence, this::matchesWholeStudy);
    }

    private boolean matchesWholeStudy(String sentence) {
        for (Pattern g : rules.globalComparisons) {
            if (g.matcher(sentence).find()) {
                return true;
            }
        }
        return false;
    }

    /** Findings keyed by entity id, in entity-set order. */
    public Map<String, Finding> extract(String report) {
        Map<String, Finding> found = new LinkedHashMap<>();
        if (report == null || report.isBlank()) {
            return found;
        }
        boolean wholeStudyCompared = false;
        for (ReportSegmenter.Segment seg : ReportSegmenter.segments(report)) {
            String sentence = seg.text(), section = seg.section();
            // a header sentence of a non-findings section says why the study was made ("INDICATION: known right
            // pneumothorax."); only that sentence, because reports often go on to their findings without a header
            if (sentence.isEmpty() || (seg.opensSection() && seg.inNonFindingsSection())) {
                continue;
            }
            for (Mention m : sentence(sentence, section)) {
                found.computeIfAbsent(m.entity(), Finding::new).add(m);
            }
            wholeStudyCompared |= comparesWholeStudy(sentence);
        }
        if (wholeStudyCompared) {
            found.values().forEach(f -> f.comparedAsAWhole = true);
        }
        explainAcrossSentences(found);
        Map<String, Finding> ordered = new LinkedHashMap<>();
        found.values().stream().sorted(Comparator.comparingInt(f -> set.ordinal(f.entity())))
                .forEach(f -> ordered.put(f.entity(), f));
        return ordered;
    }

    /**
     * A descriptor stated at a place ("streaky opacity in the right lower lung") that the report names elsewhere as a
     * more specific finding of the descriptor's list at the same place ("right basilar atelectasis") only describes
     * that finding, as an opacity attributed to it in its own sentence does ({@link #mergeDescriptors}). Both mentions
     * are affirmed, the finding is not named as one of alternatives ("edema or airspace disease"), and their locations
     * agree: the same side where both state one, a shared zone where both state one, and at least one of the two
     * stated by both.
     */
    private void explainAcrossSentences(Map<String, Finding> found) {
        for (Finding d : found.values()) {
            Set<String> targets = rules.descriptors.get(d.entity);
            if (targets == null || d.status != Status.POSITIVE) {
                continue;
            }
            for (int i = 0; i < d.mentions.size(); i++) {
                Mention m = d.mentions.get(i);
                if (m.status() != Status.POSITIVE || m.explains() != null || (m.sides().isEmpty() && m.zones().isEmpty())) {
                    continue;
                }
                for (Finding t : found.values()) {
                    if (targets.contains(t.entity) && t.status == Status.POSITIVE && t.mentions.stream().anyMatch(
                            x -> x.status() == Status.POSITIVE && x.explains() == null && !alternative(x) && samePlace(m, x))) {
                        d.mentions.set(i, m.explaining(t.entity));
                        break;
                    }
                }
            }
        }
    }

    private static final Pattern ALTERNATIVE = Pattern.compile("\\b(or|versus|vs)\\W+$|^\\W*(or|versus|vs)\\b",
            Pattern.CASE_INSENSITIVE);

    /** A mention named as one of alternatives ("edema or airspace disease"): the report does not commit to it. */
    private static boolean alternative(Mention m) {
        int at = m.sentence().indexOf(m.phrase());
        if (at < 0) {
            return false;
        }
        String before = m.sentence().substring(Math.max(0, at - 12), at);
        String after = m.sentence().substring(at + m.phrase().length(), Math.min(m.sentence().length(), at + m.phrase().length() + 12));
        return ALTERNATIVE.matcher(before).find() || ALTERNATIVE.matcher(after).find();
    }

    private static boolean samePlace(Mention a, Mention b) {
        Set<String> as = bothSides(a), bs = bothSides(b);
        boolean sideBoth = !as.isEmpty() && !bs.isEmpty(), zoneBoth = !a.zones().isEmpty() && !b.zones().isEmpty();
        return (sideBoth || zoneBoth) && (!sideBoth || as.equals(bs))
                && (!zoneBoth || a.zones().stream().anyMatch(b.zones()::contains));
    }

    private static Set<String> bothSides(Mention m) {
        Set<String> s = m.sides();
        return s.contains("bilateral") || (s.contains("left") && s.contains("right")) ? Set.of("left", "right") : s;
    }

    private record Span(String entity, int start, int end, boolean pattern) {
    }

    List<Mention> sentence(String text, String section) {
        String key = section == null ? text : section + '\u0000' + text;
        return mentionsMemo.get(key, k -> List.copyOf(readSentence(text, section)));
    }

    private List<Mention> readSentence(String text, String section) {
        Tokens t = Tokens.of(text);
        String[] w = t.words;
        if (w.length > 0 && text.endsWith("?") && rules.questionWords.contains(w[0])) {
            return new ArrayList<>(); // "Does this patient have a history of malignancy?" asks, it reports nothing
        }
        if (statesNoFinding(text, w)) {
            return new ArrayList<>(); // "PA and lateral views were obtained."
        }
        List<PhraseMatcher.Match<RuleSet.Trigger>> triggers = rules.triggers.findAll(w);
        // Entity mentions: longest synonym match at each position, then regex patterns.
        List<Span> spans = new ArrayList<>();
        for (PhraseMatcher.Match<String> m : entities.findAll(w)) {
            for (String id : m.values()) {
                if (!id.equals(BLOCK)) {
                    spans.add(new Span(id, m.start(), m.end(), false));
                }
            }
        }
        boolean[] candidates = candidates(w);
        for (int pi = 0; pi < patterns.size(); pi++) {
            if (!candidates[pi]) {
                continue;
            }
            RuleSet.MentionPattern p = patterns.get(pi);
            Matcher m = p.pattern().matcher(text);
            while (m.find()) {
                int s = tokenAt(t, m.start(), true), e = tokenAt(t, m.end(), false);
                int fs0 = s, fe0 = e;
                // a one-word synonym of this entity inside the match is this pattern's word ("the aorta is mildly
                // tortuous and calcified": the tortuosity is read whole, so no other pattern takes its word)
                if (s < e) {
                    spans.removeIf(x -> !x.pattern && x.entity.equals(p.entity()) && x.end - x.start == 1
                            && fs0 <= x.start && x.end <= fe0);
                }
                if (s < e && spans.stream().noneMatch(x -> x.entity.equals(p.entity()) && x.start < e && s < x.end)) {
                    spans.add(new Span(p.entity(), s, e, true));
                    if (!p.replaces().isEmpty()) {
                        int fs = s, fe = e;
                        spans.removeIf(x -> !x.pattern && p.replaces().contains(x.entity) && fs <= x.start && x.end <= fe);
                    }
                }
            }
        }
        // A pattern is the more specific reading of a single word it spans: "fracture of the left sixth rib" is a rib
        // fracture, not also the generic fracture its word "fracture" names. A phrase of its own inside a pattern's
        // reach is another finding ("the aorta is tortuous and calcified").
        List<Span> patternSpans = spans.stream().filter(Span::pattern).toList();
        if (!patternSpans.isEmpty()) {
            spans.removeIf(x -> !x.pattern && x.end - x.start == 1 && patternSpans.stream().anyMatch(p -> !p.entity.equals(x.entity)
                    && p.start <= x.start && x.end <= p.end && set.get(p.entity).group().equals(set.get(x.entity).group())));
        }
        // A generic device word ("catheter", "line") beside a named device is that device's word, not another one:
        // "left PICC line with catheter tip in the SVC" is one PICC.
        if (!rules.genericDeviceWords.isEmpty()) {
            List<Span> named = spans.stream().filter(x -> rules.tipEntities.contains(x.entity)
                    && !(x.end - x.start == 1 && rules.genericDeviceWords.contains(w[x.start]))).toList();
            if (!named.isEmpty()) {
                spans.removeIf(x -> rules.tipEntities.contains(x.entity) && x.end - x.start == 1
                        && rules.genericDeviceWords.contains(w[x.start])
                        && named.stream().anyMatch(n -> !n.entity.equals(x.entity)));
            }
        }
        spans.sort(Comparator.comparingInt(Span::start));
        List<Mention> out = new ArrayList<>(spans.size() + 2);
        List<Span> outSpans = new ArrayList<>(spans.size());
        List<int[]> reaches = new ArrayList<>(spans.size());
        boolean question = text.endsWith("?");
        // where the list each mention belongs to ends ("effusion, pneumothorax or consolidation")
        int[] listEnd = new int[spans.size()];
        for (int i = spans.size() - 1; i >= 0; i--) {
            listEnd[i] = i + 1 < spans.size() && listGap(text, t, spans.get(i).end, spans.get(i + 1).start)
                    ? listEnd[i + 1] : spans.get(i).end;
        }
        // where a pre-trigger's scope ends: at an earlier mention that a clause break, not a list, separates from this
        // one ("No new effusion, the known small right effusion is unchanged": the second effusion is not negated)
        int[] clauseStart = new int[spans.size()];
        for (int i = 0; i < spans.size(); i++) {
            Span sp = spans.get(i);
            clauseStart[i] = -1;
            if (i > 0) {
                Span prev = spans.get(i - 1);
                boolean listed = listGap(text, t, prev.end, sp.start);
                clauseStart[i] = listed ? clauseStart[i - 1]
                        : prev.end <= sp.start && hasBreakChar(text, t.end[prev.end - 1], t.start[sp.start])
                        && !hasJoiner(w, prev.end, sp.start) ? prev.end : clauseStart[i - 1];
            }
        }
        for (int i = 0; i < spans.size(); i++) {
            Span sp = spans.get(i);
            int prevEnd = i > 0 ? split(text, t, spans.get(i - 1).end, sp.start, false) : 0;
            int nextStart = i + 1 < spans.size() ? split(text, t, sp.end, spans.get(i + 1).start, true) : w.length;
            Status status = status(sp, triggers, w, i + 1 < spans.size() ? spans.get(i + 1).start : Integer.MAX_VALUE,
                    listEnd[i], rules.tipEntities.contains(sp.entity), clauseStart[i]);
            if (status == null) {
                continue;
            }
            // "Pneumonia?", "opacity, ?pneumonia": a question asks, it does not report
            if (status == Status.POSITIVE && (question || (t.start[sp.start] > 0 && text.charAt(t.start[sp.start] - 1) == '?'))) {
                status = Status.UNCERTAIN;
            }
            out.add(new Mention(sp.entity, status, sides(w, sp, prevEnd, nextStart), zones(text, t, sp, prevEnd, nextStart),
                    severity(w, sp, prevEnd, nextStart), size(text, t, sp, prevEnd, nextStart), comparison(w, sp, prevEnd, nextStart),
                    text.substring(t.start[sp.start], t.end[sp.end - 1]), text, section));
            outSpans.add(sp);
            reaches.add(window(sp, prevEnd, nextStart, rules.locationWindow, w.length));
            int affirmed = status == Status.NEGATIVE ? contrasted(w, sp.end, nextStart) : -1;
            if (affirmed >= 0) {
                // "Pneumothorax is absent on the left but present on the right": the clause after the contrast word
                // states the finding where it is
                Span rest = new Span(sp.entity, affirmed, affirmed, false);
                out.add(new Mention(sp.entity, Status.POSITIVE, sides(w, rest, affirmed, nextStart),
                        zones(text, t, rest, affirmed, nextStart), severity(w, rest, affirmed, nextStart), null, false,
                        text.substring(t.start[sp.start], t.end[sp.end - 1]), text, section));
                outSpans.add(rest);
                reaches.add(new int[]{affirmed, affirmed});
            }
        }
        if (!rules.descriptors.isEmpty()) {
            mergeDescriptors(out, outSpans, triggers, w);
        }
        distributeOverLists(out, outSpans, reaches.toArray(new int[0][]), text, t);
        if (rules.genericSiteEntity != null) {
            siteGenericMentions(out, outSpans, w);
        }
        out.removeIf(java.util.Objects::isNull);
        // Normal statements encode absence ("lungs are clear", "heart size is normal").
        for (int ni = 0; ni < rules.normals.size(); ni++) {
            if (!candidates[patterns.size() + ni]) {
                continue;
            }
            RuleSet.NormalRule n = rules.normals.get(ni);
            Matcher m = n.pattern().matcher(text);
            if (m.find()) {
                for (String id : n.entities()) {
                    if (set.contains(id)) {
                        out.add(new Mention(id, Status.NEGATIVE, Set.of(), Set.of(), null, null, false, m.group(), text, section));
                    }
                }
            }
        }
        return out;
    }

    /**
     * A generic mention ("fracture") with a site word near it in the sentence is the site's finding: "old fracture,
     * right mid clavicle" is a clavicle fracture, "rib deformities compatible with old fractures" rib fractures.
     */
    private void siteGenericMentions(List<Mention> out, List<Span> spans, String[] w) {
        for (int i = 0; i < out.size(); i++) {
            Mention m = out.get(i);
            if (m == null || !m.entity().equals(rules.genericSiteEntity)) {
                continue;
            }
            Span sp = spans.get(i);
            String site = null;
            int best = Integer.MAX_VALUE;
            for (int k = Math.max(0, sp.start - rules.siteWindow); k < Math.min(w.length, sp.end + rules.siteWindow); k++) {
                PhraseMatcher.Match<String> sw = rules.siteWords.longestAt(w, k);
                if (sw != null && set.contains(sw.values().get(0))) {
                    int dist = k < sp.start ? sp.start - sw.end() : k - sp.end;
                    if (dist < best) {
                        best = dist;
                        site = sw.values().get(0);
                    }
                    k = sw.end() - 1;
                }
            }
            if (site != null) {
                out.set(i, new Mention(site, m.status(), m.sides(), m.zones(), m.severity(), m.sizeMm(), m.comparison(),
                        m.phrase(), m.sentence(), m.section(), m.explains()));
            }
        }
    }

    /**
     * Which regex rules (mention patterns, then normal statements) may match a sentence: those without required
     * words, and those with one of their required words among the sentence's words. One map lookup per word.
     */
    private boolean[] candidates(String[] w) {
        boolean[] c = always.clone();
        for (String word : w) {
            int[] rs = byWord.get(word);
            if (rs != null) {
                for (int r : rs) {
                    c[r] = true;
                }
            }
        }
        return c;
    }

    /**
     * Where the words between two mentions divide: at the first comma, semicolon or joining word ("and", "with"...)
     * if there is one, so that "right upper lobe pneumonia with a left effusion" gives "left" to the effusion only.
     * Without one the whole gap stays in reach of both, as before. Returns a token index: the end of the earlier
     * mention's reach ({@code forEarlier}) or the start of the later one's.
     */
    private static int split(String text, Tokens t, int gapStart, int gapEnd, boolean forEarlier) {
        // the last break wins: in "cardiomegaly, unchanged, and small effusions" the words between the commas still
        // speak of the cardiomegaly
        for (int k = Math.min(gapEnd, t.size() - 1); k >= gapStart; k--) {
            if (k < gapEnd && PHRASE_BREAKS.contains(t.words[k])) {
                return forEarlier ? k : k + 1;
            }
            if (k > 0 && k > gapStart - 1 && hasBreakChar(text, t.end[k - 1], t.start[k]) && k >= gapStart) {
                return k; // the comma sits before token k: k starts the later mention's part
            }
        }
        return forEarlier ? gapEnd : gapStart;
    }

    /**
     * "Streaky opacity at the left base, likely atelectasis": a descriptor (lung opacity) explained, in the same
     * phrase, by the finding that follows it. The finding is where the descriptor is: it takes the descriptor's
     * location and severity when it states none, whether the explanation is affirmed ("likely", "consistent with") or
     * hedged ("may represent"). An affirmed explanation by a more specific finding of the descriptor's list marks the
     * descriptor as only describing it, so that a report naming just the finding is not missing the descriptor (see
     * {@link RulesJudge}). Only the next finding can explain, and not across "with" or "and" ("opacity with
     * possible small effusion").
     */
    private void mergeDescriptors(List<Mention> out, List<Span> spans, List<PhraseMatcher.Match<RuleSet.Trigger>> triggers,
                                  String[] w) {
        for (int d = 0; d + 1 < spans.size(); d++) {
            Set<String> targets = rules.descriptors.get(spans.get(d).entity);
            Mention desc = out.get(d), target = out.get(d + 1);
            Span ds = spans.get(d), ts = spans.get(d + 1);
            if (targets == null || desc == null || target == null || desc.status() != Status.POSITIVE
                    || target.status() == Status.NEGATIVE || ts.start - ds.end > 8) {
                continue;
            }
            boolean broken = false;
            for (int k = ds.end; k < ts.start; k++) {
                broken |= PHRASE_BREAKS.contains(w[k]) && !insideTrigger(triggers, k); // "consistent with" links
            }
            // only redacted words between them: the linking word was redacted ("opacities ... XXXX focal atelectasis",
            // "most XXXX a calcified granuloma")
            boolean redacted = ts.start > ds.end;
            for (int k = ds.end; k < ts.start; k++) {
                redacted &= w[k].equals("xxxx");
            }
            boolean affirmed = redacted || linked(triggers, ds.end, ts.start, RuleSet.Trigger.ATTR);
            if (broken || !(affirmed || linked(triggers, ds.end, ts.start, RuleSet.Trigger.PRE_UNC))) {
                continue;
            }
            out.set(d + 1, new Mention(target.entity(), target.status(),
                    target.sides().isEmpty() ? desc.sides() : target.sides(),
                    target.zones().isEmpty() ? desc.zones() : target.zones(),
                    target.severity() == null ? desc.severity() : target.severity(),
                    target.sizeMm() == null ? desc.sizeMm() : target.sizeMm(),
                    target.comparison() || desc.comparison(), target.phrase(), target.sentence(), target.section()));
            if (affirmed && targets.contains(ts.entity) && target.status() == Status.POSITIVE) {
                out.set(d, desc.explaining(ts.entity));
            }
        }
    }

    /**
     * Findings joined as a list ("left basilar atelectasis and effusion", "ETT, NG tube and right IJ line
     * unchanged") share the list's own words: location words before the first or after the last member go to the
     * members that state no location of their own, and comparison words there go to every member. Words between two
     * members stay with the one they modify ("right pneumothorax and new left effusion").
     */
    private void distributeOverLists(List<Mention> out, List<Span> spans, int[][] reach, String text, Tokens t) {
        String[] w = t.words;
        int n = spans.size();
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && out.get(j) != null && out.get(j + 1) != null
                    && (out.get(j).status() == Status.NEGATIVE) == (out.get(j + 1).status() == Status.NEGATIVE)
                    && listGap(text, t, spans.get(j).end, spans.get(j + 1).start)) {
                j++;
            }
            if (j > i) {
                Span first = spans.get(i), last = spans.get(j);
                int[] before = {reach[i][0], first.start};
                int[] after = {last.end, reach[j][1]};
                Set<String> preSides = locationWords(rules.sides, w, first, before), preZones = locationWords(rules.zones, w, first, before);
                Set<String> postSides = locationWords(rules.sides, w, first, after), postZones = locationWords(rules.zones, w, first, after);
                boolean preCompared = compares(w, before[0], before[1]);
                boolean postCompared = compares(w, after[0], Math.min(after[1], after[0] + 10));
                for (int k = i; k <= j; k++) {
                    Mention m = out.get(k);
                    // a bare member ("and effusion") takes what the list says before it; one with words of its own
                    // ("and small effusion") is its own phrase and takes only what follows the whole list
                    boolean bare = k == i || bareGap(w, spans.get(k - 1).end, spans.get(k).start);
                    boolean located = !m.sides().isEmpty() || !m.zones().isEmpty();
                    Set<String> sides = new LinkedHashSet<>(postSides), zones = new LinkedHashSet<>(postZones);
                    if (bare) {
                        // what the list says before it, and where its head is ("opacity may represent atelectasis or
                        // pneumonia": both are where the opacity is)
                        sides.addAll(preSides);
                        zones.addAll(preZones);
                        sides.addAll(out.get(i).sides());
                        zones.addAll(out.get(i).zones());
                    }
                    boolean device = rules.tipEntities.contains(m.entity());
                    out.set(k, new Mention(m.entity(), m.status(),
                            located ? m.sides() : sides,
                            located || device ? m.zones() : zones,
                            m.severity(), m.sizeMm(), m.comparison() || postCompared || (bare && preCompared),
                            m.phrase(), m.sentence(), m.section(), m.explains()));
                }
            }
            i = j + 1;
        }
    }

    private Set<String> locationWords(PhraseMatcher<String> vocab, String[] w, Span any, int[] region) {
        Set<String> s = collect(vocab, w, new Span(any.entity, region[0], region[0], false), region);
        s.remove("none");
        return s;
    }

    private static boolean hasJoiner(String[] w, int from, int to) {
        for (int k = from; k < to; k++) {
            if (LIST_JOINERS.contains(w[k])) {
                return true;
            }
        }
        return false;
    }

    /**
     * No severity or comparison words between two list members ("and", "and right IJ"): the later member has no
     * qualities of its own and shares the list's leading words; "and small effusion" has its own.
     */
    private boolean bareGap(String[] w, int from, int to) {
        for (int k = from; k < to; k++) {
            if (rules.severities.longestAt(w, k) != null) {
                return false;
            }
            PhraseMatcher.Match<Boolean> c = rules.comparisons.longestAt(w, k);
            if (c != null && c.values().contains(Boolean.TRUE)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Between two list members: nothing but a comma or slash ("ETT, NG tube"), or at most three words that start
     * with a list joiner ("and right IJ") or follow a comma (", right IJ").
     */
    private static boolean listGap(String text, Tokens t, int from, int to) {
        if (to < from || to - from > 3) {
            return false; // overlapping mentions ("multiple ... nodules" over "pulmonary nodules") are no list
        }
        if (to == from) {
            return true;
        }
        return LIST_JOINERS.contains(t.words[from]) || (from > 0 && hasBreakChar(text, t.end[from - 1], t.start[from]));
    }

    /** Comparison language among words [from, to); a look-alike ("more likely", "prior sternotomy") is skipped whole. */
    private boolean compares(String[] w, int from, int to) {
        for (int i = Math.max(0, from); i < Math.min(to, w.length); i++) {
            PhraseMatcher.Match<Boolean> m = rules.comparisons.longestAt(w, i);
            if (m != null) {
                if (m.values().contains(Boolean.TRUE)) {
                    return true;
                }
                i = m.end() - 1;
            }
        }
        return false;
    }

    /** Token k is part of a linking phrase ("consistent with", "may be due to"), not a break between phrases. */
    private static boolean insideTrigger(List<PhraseMatcher.Match<RuleSet.Trigger>> triggers, int k) {
        for (PhraseMatcher.Match<RuleSet.Trigger> tr : triggers) {
            if (tr.start() <= k && k < tr.end()
                    && (tr.values().contains(RuleSet.Trigger.ATTR) || tr.values().contains(RuleSet.Trigger.PRE_UNC))) {
                return true;
            }
        }
        return false;
    }

    private static boolean linked(List<PhraseMatcher.Match<RuleSet.Trigger>> triggers, int from, int to, RuleSet.Trigger type) {
        for (PhraseMatcher.Match<RuleSet.Trigger> tr : triggers) {
            if (tr.start() >= from && tr.end() <= to && tr.values().contains(type)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasBreakChar(String text, int from, int to) {
        for (int c = from; c < to; c++) {
            char ch = text.charAt(c);
            if (ch == ',' || ch == ';' || ch == '(' || ch == '\u2013' || ch == '\u2014') {
                return true;
            }
            if (ch == '-' && c > from && c + 1 < to && text.charAt(c - 1) == ' ' && text.charAt(c + 1) == ' ') {
                return true; // " - " between words, not "ground-glass"
            }
        }
        return false;
    }

    /** Token index at or after (start) / ending at or before (end) a character offset. */
    private static int tokenAt(Tokens t, int offset, boolean start) {
        if (start) {
            for (int i = 0; i < t.size(); i++) {
                if (t.end[i] > offset) {
                    return i;
                }
            }
            return t.size();
        }
        int last = 0;
        for (int i = 0; i < t.size(); i++) {
            if (t.start[i] < offset) {
                last = i + 1;
            }
        }
        return last;
    }

    /**
     * The mention's status from the triggers around it, or null when it is only hypothetical ("evaluate for
     * pneumonia", "could obscure a nodule"). A phrase can be listed under several trigger types ("cannot be
     * excluded" before or after): each side looks for the types that act from its side.
     */
    private static Status status(Span sp, List<PhraseMatcher.Match<RuleSet.Trigger>> triggers, String[] w, int nextMention,
                                 int listEnd, boolean device, int clauseStart) {
        boolean neg = false, unc = false, hyp = false;
        // Triggers are sorted and do not overlap: find the first at or after the mention once, then look only at
        // the few near it (a long list sentence has thousands of mentions and triggers).
        int at = firstAtOrAfter(triggers, sp.start);
        // Pattern mentions carry their trigger inside ("heart is not enlarged").
        for (int i = at; sp.pattern && i < triggers.size() && triggers.get(i).start() < sp.end; i++) {
            PhraseMatcher.Match<RuleSet.Trigger> tr = triggers.get(i);
            List<RuleSet.Trigger> v = tr.values();
            if (tr.end() <= sp.end && !v.contains(RuleSet.Trigger.TERM) && !v.contains(RuleSet.Trigger.PSEUDO)) {
                neg |= v.contains(RuleSet.Trigger.PRE_NEG) || v.contains(RuleSet.Trigger.POST_NEG);
                unc |= v.contains(RuleSet.Trigger.PRE_UNC) || v.contains(RuleSet.Trigger.POST_UNC);
            }
        }
        // Before the mention: triggers that start before it (a trigger may overlap the mention's first word, as in
        // "no focal" + "focal consolidation"), nearest first, until scope ends. Negation governs its whole scope: "no
        // opacity to suggest pneumonia" is negative although "suggest" is nearer. Uncertainty and hypothetical
        // triggers stack ("may be compatible with", "evaluate for possible"); attribution is transparent.
        for (int i = at - 1; i >= 0; i--) {
            PhraseMatcher.Match<RuleSet.Trigger> tr = triggers.get(i);
            if (sp.start - tr.end() > MAX_PRE_SCOPE || tr.end() <= clauseStart) {
                break;
            }
            List<RuleSet.Trigger> v = tr.values();
            if (v.contains(RuleSet.Trigger.PRE_NEG)) {
                neg = true;
                break;
            }
            if (v.contains(RuleSet.Trigger.PRE_UNC)) {
                unc = true;
            } else if (v.contains(RuleSet.Trigger.PRE_HYP)) {
                hyp = true;
            } else if (v.contains(RuleSet.Trigger.TERM) || v.contains(RuleSet.Trigger.PSEUDO)) {
                break;
            }
        }
        // After the mention: the nearest trigger, if it acts backwards, unless the scope ends first. It reaches back
        // over another mention only through a list ("effusion or pneumothorax is not seen"), not across a clause
        // ("stable cardiomegaly, pulmonary edema has resolved").
        for (int i = firstAtOrAfter(triggers, sp.end); i < triggers.size(); i++) {
            PhraseMatcher.Match<RuleSet.Trigger> tr = triggers.get(i);
            if (tr.start() - sp.end > MAX_POST_SCOPE) {
                break;
            }
            if (nextMention < tr.start() && !(tr.start() >= listEnd && tr.start() - listEnd <= 2
                    && hasJoiner(w, sp.end, listEnd))) {
                break; // past another finding: only through a list ("A, B or C are not seen") that the trigger follows
            }
            if (nextMention >= tr.end() && nextMention - tr.end() <= 2 && (tr.values().contains(RuleSet.Trigger.PRE_UNC)
                    || tr.values().contains(RuleSet.Trigger.PRE_NEG)) && !SYMMETRIC.contains(w[tr.start()])) {
                break; // "opacity and possible effusion": the trigger leads the next finding ("versus" joins both)
            }
            if (tr.values().contains(RuleSet.Trigger.NEUTRAL) && tr.values().size() == 1) {
                continue; // "effusion previously noted has resolved"
            }
            if (device && tr.values().contains(RuleSet.Trigger.POST_NEG) && saysTip(w, sp.start - 4, tr.start())) {
                break; // "PICC, tip not visualized", "the tip of the PICC is not seen": the line is there
            }
            List<RuleSet.Trigger> v = tr.values();
            if (v.contains(RuleSet.Trigger.POST_NEG)) {
                neg = true;
            } else if (v.contains(RuleSet.Trigger.POST_UNC)) {
                unc = true;
            } else if (v.contains(RuleSet.Trigger.POST_HYP)) {
                hyp = true;
            }
            break;
        }
        if (neg) {
            return Status.NEGATIVE;
        }
        if (hyp) {
            return null;
        }
        return unc ? Status.UNCERTAIN : Status.POSITIVE;
    }

    /**
     * After a negated mention and before the next one: a contrast word followed within two words by a word that
     * affirms the finding ("but present", "however seen"). Returns where the affirming clause starts, or -1.
     */
    private int contrasted(String[] w, int from, int to) {
        if (rules.contrastWords.isEmpty()) {
            return -1;
        }
        for (int k = from; k < Math.min(to, w.length); k++) {
            if (rules.contrastWords.contains(w[k])) {
                for (int j = k + 1; j <= k + 3 && j < Math.min(to, w.length); j++) {
                    if (rules.affirmWords.contains(w[j])) {
                        return j;
                    }
                }
                return -1;
            }
        }
        return -1;
    }

    private static boolean saysTip(String[] w, int from, int to) {
        for (int k = Math.max(0, from); k < to; k++) {
            if (w[k].equals("tip")) {
                return true;
            }
        }
        return false;
    }

    /** Index of the first trigger starting at or after token {@code pos} (binary search; size when none). */
    private static int firstAtOrAfter(List<PhraseMatcher.Match<RuleSet.Trigger>> triggers, int pos) {
        int lo = 0, hi = triggers.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (triggers.get(mid).start() < pos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Words near the mention, before it first (nearest first) then after, not reaching into other mentions. */
    private static int[] window(Span sp, int prevEnd, int nextStart, int size, int n) {
        return new int[]{Math.max(prevEnd, sp.start - size), Math.min(nextStart, Math.min(n, sp.end + size))};
    }

    private Set<String> sides(String[] w, Span sp, int prevEnd, int nextStart) {
        Set<String> s = collect(rules.sides, w, sp, window(sp, prevEnd, nextStart, rules.locationWindow, w.length));
        s.remove("none"); // words that look like a side and are not ("right atrium")
        return s;
    }

    /**
     * Lobe and zone words; for a device, where its tip is ("tip:svc", "tip:above_carina") instead, since lung zone
     * words say nothing of a line ("central line" is not in the middle zone).
     */
    private Set<String> zones(String text, Tokens t, Span sp, int prevEnd, int nextStart) {
        String[] w = t.words;
        int[] win = window(sp, prevEnd, nextStart, rules.locationWindow, w.length);
        if (!rules.tipEntities.contains(sp.entity)) {
            return collect(rules.zones, w, sp, win);
        }
        Set<String> tips = collect(rules.tips, w, sp, win);
        if (tips.contains(ABOVE_CARINA) && win[1] > win[0]) {
            // "1 cm above the carina" is too low, "9 cm above" too high: the distance decides the site
            Matcher m = SIZE.matcher(text.substring(t.start[win[0]], t.end[win[1] - 1]));
            if (m.find()) {
                double cm = Double.parseDouble(m.group(1)) / (m.group(2).equalsIgnoreCase("mm") ? 10 : 1);
                tips.remove(ABOVE_CARINA);
                tips.add(cm < 2 ? "tip:at_carina" : cm > 7 ? "tip:high" : ABOVE_CARINA);
            }
        }
        return tips;
    }

    private static final String ABOVE_CARINA = "tip:above_carina";

    private static Set<String> collect(PhraseMatcher<String> vocab, String[] w, Span sp, int[] win) {
        Set<String> out = new LinkedHashSet<>();
        for (int i = win[0]; i < win[1]; i++) {
            PhraseMatcher.Match<String> m = vocab.longestAt(w, i);
            if (m != null && m.end() <= win[1]) {
                out.addAll(m.values());
                i = m.end() - 1;
            }
        }
        // The mention's own words count too ("right upper lobe collapse", "bibasilar atelectasis").
        for (int i = sp.start; i < sp.end; i++) {
            PhraseMatcher.Match<String> m = vocab.longestAt(w, i);
            if (m != null && m.end() <= sp.end) {
                out.addAll(m.values());
            }
        }
        return out;
    }

    private Severity severity(String[] w, Span sp, int prevEnd, int nextStart) {
        int[] win = window(sp, prevEnd, nextStart, rules.severityWindow, w.length);
        Severity best = null;
        int bestDist = Integer.MAX_VALUE;
        for (int i = win[0]; i < win[1]; i++) {
            PhraseMatcher.Match<Severity> m = rules.severities.longestAt(w, i);
            if (m != null && m.end() <= win[1]) {
                int dist = i < sp.start ? sp.start - m.end() : i - sp.end + 1;
                if (dist < bestDist) {
                    bestDist = dist;
                    best = m.values().get(0);
                }
                i = m.end() - 1;
            }
        }
        return best;
    }

    private static Double size(String text, Tokens t, Span sp, int prevEnd, int nextStart) {
        int from = t.start[Math.min(sp.start, Math.max(Math.max(0, prevEnd), sp.start - 6))];
        int to = t.end[Math.max(sp.end - 1, Math.min(Math.min(t.size(), nextStart) - 1, sp.end + 8))];
        String window = text.substring(from, to);
        Matcher m = SIZE.matcher(window);
        Double first = null;
        while (m.find()) {
            double v = Double.parseDouble(m.group(1));
            v = m.group(2).equalsIgnoreCase("cm") ? v * 10 : v;
            if (first == null) {
                first = v;
            }
            // "previously 3 cm, now 1 cm": the size that is not said to be a former one
            if (!FORMER_SIZE.matcher(window.substring(Math.max(0, m.start() - 14), m.start())).find()) {
                return v;
            }
        }
        return first;
    }

    private static final Pattern FORMER_SIZE = Pattern.compile("(?i)\\b(previously|prior|formerly|from|was|were)\\b[^,;]*$");

    private boolean comparison(String[] w, Span sp, int prevEnd, int nextStart) {
        // Comparison words sit further from the finding than modifiers do ("the granuloma in the right lower lobe
        // is stable"), so the window is wider; it still stops at neighbouring mentions.
        int[] win = window(sp, prevEnd, nextStart, 10, w.length);
        if (sp.pattern) {
            return compares(w, win[0], win[1]); // a pattern's gap may hold "remains", "again"
        }
        // a synonym's own words are the finding
        return compares(w, win[0], sp.start) || compares(w, sp.end, win[1]);
    }
}
