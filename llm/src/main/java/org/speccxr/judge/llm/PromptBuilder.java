package org.speccxr.judge.llm;

import org.speccxr.entity.Entity;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.Group;
import org.speccxr.judge.ReportPair;
import org.speccxr.util.Hashing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the judge prompt: the system message holds the instructions and then the entity set (ids, names,
 * synonyms, grouped), the user message holds the two reports. The long system message is the same for every pair,
 * so providers can cache it (OpenAI prefix caching, Anthropic {@code cache_control}).
 * <p>
 * Templates are resources under {@code org/speccxr/prompts/}; {@link #hash()} covers both templates and the version
 * of the entity-set rendering below, and is recorded as the judge's prompt hash.
 */
public final class PromptBuilder {
    static final String SYSTEM_RESOURCE = "/org/speccxr/prompts/system.txt";
    static final String USER_RESOURCE = "/org/speccxr/prompts/user.txt";
    /** Bump when {@link #entityBlock} changes its output, so cached answers to the old prompt are not reused. */
    static final int RENDER_VERSION = 1;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z_]+)}}");

    private final String system;
    private final String userTemplate;
    private final String hash;

    public PromptBuilder(EntitySet set) {
        String systemTemplate = resource(SYSTEM_RESOURCE);
        this.userTemplate = resource(USER_RESOURCE);
        this.system = render(systemTemplate, Map.of("ENTITY_SET", entityBlock(set)));
        this.hash = Hashing.sha256("render-v" + RENDER_VERSION + "\n" + systemTemplate + "\u0000" + userTemplate);
    }

    /** Instructions followed by the entity set: identical for every pair. */
    public String system() {
        return system;
    }

    /** The two reports of a pair. */
    public String user(ReportPair pair) {
        return render(userTemplate, Map.of("REFERENCE", pair.reference().strip(), "CANDIDATE", pair.candidate().strip()));
    }

    /** Content hash of the templates ("sha256:..."). */
    public String hash() {
        return hash;
    }

    /** Replaces {{NAME}} placeholders in one pass, so text inserted for one is never scanned for another. */
    static String render(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder(template.length() + 256);
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalStateException("prompt template has no value for {{" + m.group(1) + "}}");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The entity set as prompt text, group by group, in the set's order. */
    static String entityBlock(EntitySet set) {
        StringBuilder sb = new StringBuilder(32_768);
        for (Group g : set.groups()) {
            List<Entity> members = set.inGroup(g.id());
            if (members.isEmpty()) {
                continue;
            }
            sb.append("## ").append(g.name()).append('\n');
            for (Entity e : members) {
                sb.append("- ").append(e.id()).append(": ").append(e.name()).append(" (").append(e.kind().label());
                List<String> attrs = new ArrayList<>(2);
                if (e.location()) {
                    attrs.add("location");
                }
                if (e.severity()) {
                    attrs.add("severity");
                }
                sb.append("; ").append(attrs.isEmpty() ? "presence only" : String.join(", ", attrs)).append(')');
                if (!e.synonyms().isEmpty()) {
                    sb.append(" e.g. ").append(String.join("; ", e.synonyms()));
                }
                if (!e.exclude().isEmpty()) {
                    sb.append(" | not: ").append(String.join("; ", e.exclude()));
                }
                sb.append('\n');
            }
            sb.append('\n');
        }
        return sb.toString().stripTrailing();
    }

    private static String resource(String name) {
        try (InputStream in = PromptBuilder.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing prompt resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
