package org.speccxr.judge.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.speccxr.util.InputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The dated list prices the dry run estimates a bill with: the bundled {@code prices.yaml}, with the rows of a
 * {@code --price-table} file before its own. Prices are US dollars per million tokens.
 */
public final class PriceTable {
    static final String RESOURCE = "/org/speccxr/judge/llm/prices.yaml";
    private static final Set<String> TOP_KEYS = Set.of("date", "currency", "prices");
    private static final List<String> ROW_KEYS = List.of("provider", "model", "input", "cached_input", "cache_write",
            "output", "batch", "batch_caching", "min_cache_tokens", "source");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * One row: prices of the models whose name matches {@code model} (a glob).
     *
     * @param cachedInput  null when the provider caches no prompts
     * @param cacheWrite   null when writing the cache costs what input does
     * @param batch        the price factor in the provider's batch API; null when it has none
     * @param batchCaching whether the cache prices apply within a batch too
     */
    public record Row(String provider, String model, Pattern pattern, double input, Double cachedInput,
                      Double cacheWrite, double output, Double batch, boolean batchCaching, int minCacheTokens,
                      String source) {
        boolean matches(String provider, String model) {
            return this.provider.equals(provider) && pattern.matcher(model.toLowerCase(Locale.ROOT)).matches();
        }
    }

    private final String date;
    private final String currency;
    private final List<Row> rows;

    private PriceTable(String date, String currency, List<Row> rows) {
        this.date = date;
        this.currency = currency;
        this.rows = rows;
    }

    /** The bundled table, with the rows of {@code file} (null: none) first; a bad file is a one-line InputException. */
    public static PriceTable load(Path file) {
        PriceTable bundled = parse(bundledText(), "bundled prices.yaml");
        if (file == null) {
            return bundled;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException("--price-table: no such file " + file);
        } catch (IOException e) {
            throw new InputException("--price-table: cannot read " + file + ": " + e.getMessage());
        }
        PriceTable own = parse(text, file.toString());
        List<Row> rows = new ArrayList<>(own.rows);
        rows.addAll(bundled.rows);
        return new PriceTable(own.date != null ? own.date : bundled.date,
                own.currency != null ? own.currency : bundled.currency, List.copyOf(rows));
    }

    public String date() {
        return date;
    }

    public String currency() {
        return currency == null ? "USD" : currency;
    }

    public List<Row> rows() {
        return rows;
    }

    /** The row for a judge's model, or null; azure deployments fall back to the openai rows by their name. */
    public Row find(String provider, String model) {
        for (Row r : rows) {
            if (r.matches(provider, model)) {
                return r;
            }
        }
        if (provider.equals(Provider.AZURE.id())) {
            return find(Provider.OPENAI.id(), model);
        }
        return null;
    }

    private static String bundledText() {
        try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PriceTable parse(String text, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
            throw bad(source, "not valid YAML (" + msg + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw bad(source, "expected a mapping with date and prices");
        }
        DatedTable.onlyKeys(root, TOP_KEYS, "date, currency, prices", source, PriceTable::bad);
        String date = DatedTable.date(root, ", the day the prices were read", source, PriceTable::bad);
        String currency = null;
        if (root.has("currency")) {
            currency = root.get("currency").asText();
            if (!currency.matches("[A-Z]{3}")) {
                throw bad(source, "currency must be a three-letter code such as USD (got '" + currency + "')");
            }
        }
        List<Row> rows = DatedTable.rows(root, "prices", source, PriceTable::row, PriceTable::bad);
        return new PriceTable(date, currency, rows);
    }

    private static Row row(JsonNode row, String where) {
        DatedTable.rowKeys(row, ROW_KEYS, where, PriceTable::bad);
        String provider = text(row, "provider", where);
        if (provider == null || !provider.toLowerCase(Locale.ROOT).matches("[a-z][a-z0-9_-]*")) {
            throw bad(where, "'provider' is required: the judge spec's prefix, such as openai or anthropic");
        }
        String model = text(row, "model", where);
        if (model == null) {
            throw bad(where, "'model' is required (a name, or a glob such as gpt-4o*)");
        }
        String source = text(row, "source", where);
        if (source == null || !source.matches("https?://\\S+")) {
            throw bad(where, "'source' is required: the URL of the pricing page the row was taken from");
        }
        double input = price(row, "input", where, true);
        double output = price(row, "output", where, true);
        Double cached = row.has("cached_input") ? price(row, "cached_input", where, false) : null;
        Double write = row.has("cache_write") ? price(row, "cache_write", where, false) : null;
        if (write != null && cached == null) {
            throw bad(where, "cache_write needs cached_input (the price of reading what was written)");
        }
        Double batch = null;
        if (row.has("batch")) {
            JsonNode v = row.get("batch");
            if (!v.isNumber() || v.asDouble() <= 0 || v.asDouble() > 1) {
                throw bad(where, "batch must be a price factor above 0 and at most 1, such as 0.5 (got '" + v.asText() + "')");
            }
            batch = v.asDouble();
        }
        boolean batchCaching = false;
        if (row.has("batch_caching")) {
            if (!row.get("batch_caching").isBoolean()) {
                throw bad(where, "batch_caching must be true or false (got '" + row.get("batch_caching").asText() + "')");
            }
            batchCaching = row.get("batch_caching").asBoolean();
        }
        int minCache = 1024;
        if (row.has("min_cache_tokens")) {
            JsonNode v = row.get("min_cache_tokens");
            if (!v.isIntegralNumber() || v.asInt() < 0) {
                throw bad(where, "min_cache_tokens must be a whole number of 0 or more (got '" + v.asText() + "')");
            }
            minCache = v.asInt();
        }
        return new Row(provider.toLowerCase(Locale.ROOT), model,
                Pattern.compile(ModelTable.globRegex(model.toLowerCase(Locale.ROOT))), input, cached, write, output,
                batch, batchCaching, minCache, source);
    }

    private static double price(JsonNode row, String key, String where, boolean required) {
        JsonNode v = row.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw bad(where, "'" + key + "' is required (US dollars per million tokens)");
            }
            return 0;
        }
        if (!v.isNumber() || v.asDouble() < 0 || Double.isNaN(v.asDouble()) || Double.isInfinite(v.asDouble())) {
            throw bad(where, key + " must be a price of 0 or more per million tokens (got '" + v.asText() + "')");
        }
        return v.asDouble();
    }

    private static String text(JsonNode row, String key, String where) {
        return DatedTable.text(row, key, where, PriceTable::bad);
    }

    private static InputException bad(String where, String what) {
        return new InputException("price table " + where + ": " + what);
    }
}
