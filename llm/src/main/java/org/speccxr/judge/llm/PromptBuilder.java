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
 * phrasings, grouped), the user message holds the two reports. The long system message is the same for every pair,
 * so providers can cache it (OpenAI prefix caching, Anthropic {@code cache_control}).
 * <p>
 * Two renderings of the set ({@link Style}): {@code compact} (the default) lists per entity only the phrasings an
 * LLM would not derive from its name, every look-alike that is not it, and a definition where the name is ambiguous;
 * {@code full} lists every synonym the rules matcher needs. Both share the instructions word for word.
 * <p>
 * Templates are resources under {@code org/speccxr/prompts/}; {@link #hash()} covers the templates, the style and
 * the version of its rendering (and the compact style's definitions), and is recorded as the judge's prompt hash.
 */
public final class PromptBuilder {
    static final String SYSTEM_RESOURCE = "/org/speccxr/prompts/system.txt";
    static final String USER_RESOURCE = "/org/speccxr/prompts/user.txt";
    static final String COMPACT_LEGEND_RESOURCE = "/org/speccxr/prompts/entity-legend-compact.txt";
    static final String DEFINITIONS_RESOURCE = "/org/speccxr/prompts/definitions.yaml";
    /** Bump when {@link #entityBlock} changes its output, so cached answers to the old prompt are not reused. */
    static final int RENDER_VERSION = 1;
    /** Bump when {@link CompactEntities} changes its output. */
    static final int COMPACT_RENDER_VERSION = 1;
    /** Where the instructions end and the full style's legend of the entity set begins, in system.txt. */
    private static final String ENTITY_SET_HEADING = "\nENTITY SET\n";

    /** How the entity set is rendered. */
    public enum Style {
        COMPACT, FULL;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** "compact" or "full" (null: compact); anything else is an InputException. */
        public static Style parse(String s) {
            if (s == null || s.isBlank()) {
                return COMPACT;
            }
            return switch (s.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "compact" -> COMPACT;
                case "full" -> FULL;
                default -> throw new org.speccxr.util.InputException("--prompt must be compact or full (got '" + s + "')");
            };
        }
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z_]+)}}");

    private final Style style;
    private final String system;
    private final String userTemplate;
    private final String hash;

    /** The default, compact prompt. */
    public PromptBuilder(EntitySet set) {
        this(set, Style.COMPACT);
    }

    public PromptBuilder(EntitySet set, Style style) {
        this.style = style;
        String systemTemplate = resource(SYSTEM_RESOURCE);
        this.userTemplate = resource(USER_RESOURCE);
        if (style == Style.FULL) {
            this.system = render(systemTemplate, Map.of("ENTITY_SET", entityBlock(set)));
            // unchanged from before the compact style existed, so caches of full-prompt answers stay valid
            this.hash = Hashing.sha256("render-v" + RENDER_VERSION + "\n" + systemTemplate + "\u0000" + userTemplate);
        } else {
            int cut = systemTemplate.indexOf(ENTITY_SET_HEADING);
            if (cut < 0) {
                throw new IllegalStateException(SYSTEM_RESOURCE + " has no ENTITY SET heading");
            }
            String legend = resource(COMPACT_LEGEND_RESOURCE);
            String definitions = resource(DEFINITIONS_RESOURCE);
            this.system = systemTemplate.substring(0, cut + 1) + legend + "\n"
                    + CompactEntities.render(set, CompactEntities.definitions(definitions)) + "\n";
            this.hash = Hashing.sha256("compact-render-v" + COMPACT_RENDER_VERSION + "\n" + systemTemplate + "\u0000"
                    + legend + "\u0000" + definitions + "\u0000" + userTemplate);
        }
    }

    public Style style() {
        return style;
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

    static String resource(String name) {
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
