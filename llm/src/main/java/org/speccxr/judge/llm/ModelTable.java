package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import org.speccxr.util.InputException;
import org.speccxr.util.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What each model accepts: the bundled, dated table {@code models.yaml} (next to this class), with the rows of a
 * {@code --model-config} file put in front of it. For each key the first matching row that sets it wins, and the
 * bundled table ends every provider with a {@code *} row that sets every key, so every model resolves fully.
 */
public final class ModelTable {
    static final String BUNDLED = "models.yaml";
    private static final Set<String> TOP_KEYS = Set.of("date", "models");
    private static final List<String> ROW_KEYS = List.of("provider", "model", "model_regex", "temperature", "seed",
            "token_limit_field", "reasoning", "reasoning_effort", "structured_output", "num_ctx");
    private static final List<String> PROVIDERS = List.of("openai", "anthropic", "ollama", "azure", "bedrock", "gemini",
            "vertex");
    private static final Pattern EFFORT = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    /** What a model accepts, resolved from the table. */
    public record Capabilities(boolean temperature, boolean seed, String tokenLimitField, boolean reasoning,
                               List<String> reasoningEfforts, String structuredOutput, int numCtx) {
        public boolean takesEffort(String effort) {
            return reasoningEfforts.contains(effort);
        }
    }

    /** One row: a pattern and the keys it sets (null: not set). */
    record Row(String provider, Pattern model, String pattern, Boolean temperature, Boolean seed, String tokenLimitField,
               Boolean reasoning, List<String> reasoningEfforts, String structuredOutput, Integer numCtx) {
        boolean matches(String providerId, String modelName) {
            return provider.equals(providerId) && model.matcher(modelName.toLowerCase(Locale.ROOT)).matches();
        }
    }

    private static volatile ModelTable bundled;

    private final String date;
    private final List<Row> rows;

    private ModelTable(String date, List<Row> rows) {
        this.date = date;
        this.rows = rows;
    }

    /** The bundled table. */
    public static ModelTable bundled() {
        ModelTable t = bundled;
        if (t == null) {
            try (InputStream in = ModelTable.class.getResourceAsStream(BUNDLED)) {
                if (in == null) {
                    throw new IllegalStateException("bundled model table " + BUNDLED + " is missing");
                }
                t = parse(Json.YAML.readTree(in), "bundled " + BUNDLED);
            } catch (IOException e) {
                throw new IllegalStateException("bundled model table " + BUNDLED + " is unreadable", e);
            }
            if (t.date == null) {
                throw new IllegalStateException("bundled model table " + BUNDLED + " has no date");
            }
            bundled = t;
        }
        return t;
    }

    /** The bundled table with the rows of {@code file} in front (null: the bundled table alone). */
    public static ModelTable load(Path file) {
        if (file == null) {
            return bundled();
        }
        if (!Files.isRegularFile(file)) {
            throw new InputException("--model-config file not found: " + file);
        }
        JsonNode root;
        try {
            root = Json.YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new InputException("--model-config " + file + " is not valid YAML: "
                    + RetryPolicy.oneLine(e.getMessage()).replaceAll(" at \\[Source.*", ""));
        }
        ModelTable user = parse(root, file.toString());
        List<Row> all = new ArrayList<>(user.rows);
        all.addAll(bundled().rows);
        return new ModelTable(bundled().date, all);
    }

    /** The date the bundled table was checked against the providers' documentation. */
    public String date() {
        return date;
    }

    /**
     * What {@code model} accepts. An Azure deployment is looked up in the azure rows, then in the openai rows (Azure
     * serves OpenAI's models; name a deployment after its model, or add an azure row).
     */
    public Capabilities resolve(String providerId, String model) {
        Boolean temperature = null, seed = null, reasoning = null;
        String field = null, structured = null;
        List<String> efforts = null;
        Integer numCtx = null;
        List<Row> candidates = new ArrayList<>();
        rows.stream().filter(r -> r.matches(providerId, model)).forEach(candidates::add);
        if (providerId.equals("azure")) {
            rows.stream().filter(r -> r.matches("openai", model)).forEach(candidates::add);
        }
        String vendorModel = vendorModel(providerId, model);
        if (vendorModel != null) {
            // a host serving another vendor's models: that vendor's specific rows before the host's own '*' row
            String vendor = providerId.equals("vertex") ? "gemini" : "anthropic";
            List<Row> own = candidates.stream().filter(r -> !r.pattern().equals("*")).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
            rows.stream().filter(r -> !r.pattern().equals("*") && r.matches(vendor, vendorModel)).forEach(own::add);
            candidates.stream().filter(r -> r.pattern().equals("*")).forEach(own::add);
            candidates = own;
        }
        for (Row r : candidates) {
            temperature = temperature != null ? temperature : r.temperature();
            seed = seed != null ? seed : r.seed();
            reasoning = reasoning != null ? reasoning : r.reasoning();
            field = field != null ? field : r.tokenLimitField();
            structured = structured != null ? structured : r.structuredOutput();
            efforts = efforts != null ? efforts : r.reasoningEfforts();
            numCtx = numCtx != null ? numCtx : r.numCtx();
        }
        if (temperature == null || seed == null || reasoning == null || structured == null || efforts == null) {
            throw new IllegalStateException("the model table has no complete '*' row for " + providerId);
        }
        return new Capabilities(temperature, seed, field == null ? "max_tokens" : field, reasoning, efforts, structured,
                numCtx == null ? ChatModels.OLLAMA_NUM_CTX : numCtx);
    }

    /**
     * The model name as its vendor's rows know it, for hosts that serve another vendor's models: a Bedrock id of
     * Anthropic's ({@code anthropic.claude-sonnet-4-5-20250929-v1:0}, or an inference profile such as
     * {@code us.anthropic.claude-...}) as {@code claude-sonnet-4-5-20250929-v1:0}; a Vertex AI model as the Gemini
     * API's. Null when none.
     */
    static String vendorModel(String providerId, String model) {
        if (providerId.equals("vertex")) {
            return model;
        }
        if (providerId.equals("bedrock")) {
            int i = model.toLowerCase(Locale.ROOT).indexOf("anthropic.");
            return i < 0 ? null : model.substring(i + "anthropic.".length());
        }
        return null;
    }

    static ModelTable parse(JsonNode root, String source) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw bad(source, "the file is empty; it needs a 'models' list");
        }
        if (!root.isObject()) {
            throw bad(source, "the top level must be a mapping with 'models' (and optionally 'date')");
        }
        DatedTable.onlyKeys(root, TOP_KEYS, "date, models", source, ModelTable::bad);
        String date = DatedTable.date(root, "", source, ModelTable::bad);
        List<Row> rows = DatedTable.rows(root, "models", source, ModelTable::row, ModelTable::bad);
        return new ModelTable(date, rows);
    }

    private static Row row(JsonNode row, String where) {
        DatedTable.rowKeys(row, ROW_KEYS, where, ModelTable::bad);
        String provider = text(row, "provider", where);
        if (provider == null) {
            throw bad(where, "'provider' is required (" + String.join(", ", PROVIDERS) + ")");
        }
        provider = provider.toLowerCase(Locale.ROOT);
        if (!PROVIDERS.contains(provider)) {
            throw bad(where, "provider must be one of " + String.join(", ", PROVIDERS) + " (got '" + provider + "')");
        }
        String glob = text(row, "model", where);
        String regex = text(row, "model_regex", where);
        if ((glob == null) == (regex == null)) {
            throw bad(where, "give exactly one of 'model' (a glob such as gpt-5*) and 'model_regex'");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex != null ? regex.toLowerCase(Locale.ROOT) : globRegex(glob.toLowerCase(Locale.ROOT)));
        } catch (PatternSyntaxException e) {
            throw bad(where, "model_regex is not a valid regular expression (got '" + regex + "'): "
                    + e.getDescription());
        }
        String field = text(row, "token_limit_field", where);
        if (field != null && !field.matches("max_tokens|max_completion_tokens")) {
            throw bad(where, "token_limit_field must be max_tokens or max_completion_tokens (got '" + field + "')");
        }
        if (field != null && !provider.matches("openai|azure")) {
            throw bad(where, "token_limit_field applies to openai and azure rows only (got it for " + provider + ")");
        }
        String structured = text(row, "structured_output", where);
        if (structured != null && !structured.matches("native|tools")) {
            throw bad(where, "structured_output must be native or tools (got '" + structured + "')");
        }
        if ("tools".equals(structured) && provider.equals("ollama")) {
            throw bad(where, "structured_output tools is not available for ollama (it gets the schema as its format)");
        }
        Integer numCtx = null;
        if (row.has("num_ctx")) {
            JsonNode v = row.get("num_ctx");
            if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 512) {
                throw bad(where, "num_ctx must be a whole number of at least 512 (got '" + v.asText() + "')");
            }
            if (!provider.equals("ollama")) {
                throw bad(where, "num_ctx applies to ollama rows only (got it for " + provider + ")");
            }
            numCtx = v.asInt();
        }
        List<String> efforts = null;
        if (row.has("reasoning_effort")) {
            JsonNode v = row.get("reasoning_effort");
            if (!v.isArray()) {
                throw bad(where, "reasoning_effort must be a list such as [low, medium, high] (got '" + v.asText() + "')");
            }
            efforts = new ArrayList<>();
            for (JsonNode e : v) {
                if (!e.isTextual() || !EFFORT.matcher(e.asText()).matches()) {
                    throw bad(where, "reasoning_effort values must be words such as low or high (got '" + e.asText() + "')");
                }
                efforts.add(e.asText());
            }
            efforts = List.copyOf(efforts);
        }
        Boolean reasoning = bool(row, "reasoning", where);
        if (Boolean.FALSE.equals(reasoning) && efforts != null && !efforts.isEmpty()) {
            throw bad(where, "reasoning_effort " + efforts + " needs reasoning: true");
        }
        return new Row(provider, pattern, glob != null ? glob : regex, bool(row, "temperature", where),
                bool(row, "seed", where), field, reasoning, efforts, structured, numCtx);
    }

    /** A glob as a regex: * any run of characters, ? one, everything else literal. */
    static String globRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return sb.toString();
    }

    private static String text(JsonNode row, String key, String where) {
        return DatedTable.text(row, key, where, ModelTable::bad);
    }

    private static Boolean bool(JsonNode row, String key, String where) {
        JsonNode v = row.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw bad(where, key + " must be true or false (got '" + v.asText() + "')");
        }
        return v.asBoolean();
    }

    private static InputException bad(String where, String what) {
        return new InputException("model config " + where + ": " + what);
    }
}
