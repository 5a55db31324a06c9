package org.speccxr.judge.rules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything one report says about one entity: its overall status (strongest mention wins) and the modifiers of
 * the mentions with that status.
 */
public final class Finding {
    final String entity;
    Status status;
    final List<Mention> mentions = new ArrayList<>();
    /** The report compares the whole study with a prior one ("No interval change."). */
    boolean comparedAsAWhole;

    Finding(String entity) {
        this.entity = entity;
    }

    void add(Mention m) {
        if (status == null || m.status().strongerThan(status)) {
            status = m.status();
        }
        mentions.add(m);
    }

    public String entity() {
        return entity;
    }

    public Status status() {
        return status;
    }

    public List<Mention> mentions() {
        return mentions;
    }

    /** Mentions that carry the overall status. */
    public List<Mention> deciding() {
        return mentions.stream().filter(m -> m.status() == status).toList();
    }

    public Set<String> sides() {
        Set<String> s = new LinkedHashSet<>();
        deciding().forEach(m -> s.addAll(m.sides()));
        if (s.contains("bilateral") || (s.contains("left") && s.contains("right"))) {
            return Set.of("left", "right");
        }
        return s;
    }

    public Set<String> zones() {
        Set<String> s = new LinkedHashSet<>();
        deciding().forEach(m -> s.addAll(m.zones()));
        return s;
    }

    /** The widest severity range stated by the deciding mentions, or null. */
    public Severity severity() {
        Severity s = null;
        for (Mention m : deciding()) {
            if (m.severity() != null) {
                s = s == null ? m.severity() : s.span(m.severity());
            }
        }
        return s;
    }

    public Double sizeMm() {
        return deciding().stream().map(Mention::sizeMm).filter(x -> x != null).findFirst().orElse(null);
    }

    /**
     * The findings this one is only a description of, when every mention that makes it present (for a present finding,
     * its hedged mentions too) is a descriptor attributed to a finding ("opacity, likely atelectasis"); empty when the
     * report states it in its own right, even only as a possibility ("opacities due to effusions. Superimposed airspace
     * disease is possible.").
     */
    public Set<String> onlyExplaining() {
        Set<String> s = new LinkedHashSet<>();
        for (Mention m : status == Status.POSITIVE
                ? mentions.stream().filter(m -> m.status() != Status.NEGATIVE).toList() : deciding()) {
            if (m.explains() == null) {
                return Set.of();
            }
            s.add(m.explains());
        }
        return s;
    }

    /** True when the report compares the whole study with a prior one ("No interval change."). */
    public boolean wholeStudyCompared() {
        return comparedAsAWhole;
    }

    public boolean comparison() {
        return (comparedAsAWhole && status != Status.NEGATIVE) || deciding().stream().anyMatch(Mention::comparison);
    }

    /** The sentence(s) that decided the status, for evidence. */
    public String evidence() {
        Set<String> s = new LinkedHashSet<>();
        deciding().forEach(m -> s.add(m.sentence().strip()));
        return String.join(" … ", s);
    }
}
