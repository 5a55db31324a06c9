package org.speccxr.judge.llm;

import org.speccxr.util.InputException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The LLM providers a judge spec can name, with their defaults. Base URLs are taken in the form each provider's own
 * SDK takes them: OpenAI-compatible {@code http://host:port/v1}, Anthropic its API root
 * ({@code https://api.anthropic.com}), Ollama its root ({@code http://host:11434}).
 */
public enum Provider {
    OPENAI("openai", "https://api.openai.com/v1", "OPENAI_API_KEY", 8),
    ANTHROPIC("anthropic", "https://api.anthropic.com", "ANTHROPIC_API_KEY", 4),
    OLLAMA("ollama", "http://localhost:11434", null, 1),
    /** Azure OpenAI's v1 endpoint: no default URL (each resource has its own), the key in an api-key header. */
    AZURE("azure", null, "AZURE_OPENAI_API_KEY", 8),
    /**
     * Amazon Bedrock's Converse API through the AWS SDK: credentials and region from the AWS default chain, so no
     * key variable; the default endpoint is the region's {@code bedrock-runtime} host.
     */
    BEDROCK("bedrock", null, null, 4),
    /** The Gemini API (Google AI Studio) through Google's Gen AI SDK, the key from GEMINI_API_KEY or GOOGLE_API_KEY. */
    GEMINI("gemini", "https://generativelanguage.googleapis.com", "GEMINI_API_KEY", 4),
    /** Gemini on Vertex AI: project, location and application default credentials (or an access token). */
    VERTEX("vertex", null, null, 4);

    /** Where an Azure resource's endpoint is read from when --base-url is not given. */
    public static final String AZURE_ENDPOINT_VARIABLE = "AZURE_OPENAI_ENDPOINT";

    private final String id;
    private final String defaultBaseUrl;
    private final String keyVariable;
    private final int defaultConcurrency;

    Provider(String id, String defaultBaseUrl, String keyVariable, int defaultConcurrency) {
        this.id = id;
        this.defaultBaseUrl = defaultBaseUrl;
        this.keyVariable = keyVariable;
        this.defaultConcurrency = defaultConcurrency;
    }

    public String id() {
        return id;
    }

    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    /** The environment variable holding the API key, or null when the provider takes none. */
    public String keyVariable() {
        return keyVariable;
    }

    public int defaultConcurrency() {
        return defaultConcurrency;
    }

    public static Provider parse(String id) {
        for (Provider p : values()) {
            if (p.id.equals(id.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new InputException("unknown LLM provider '" + id + "' (use openai, anthropic, ollama, azure, bedrock, gemini or vertex)");
    }

    /**
     * The base URL in this provider's SDK form, validated, without trailing slashes. Anthropic URLs given without
     * the {@code /v1} suffix get it (the messages endpoint lives under it); an Ollama URL ending in {@code /api}
     * loses it.
     */
    public String normalizeBaseUrl(String given) {
        if ((this == BEDROCK || this == VERTEX) && (given == null || given.isBlank())) {
            // LlmJudges derives these hosts' endpoints from the region or location before calling this
            throw new InputException(this == BEDROCK
                    ? "bedrock judges need an AWS region: export AWS_REGION (e.g. us-east-1), set one in your AWS profile,"
                    + " or give --base-url"
                    : "vertex judges need a location: export GOOGLE_CLOUD_LOCATION (e.g. us-central1), or give --base-url");
        }
        if (this == AZURE && (given == null || given.isBlank())) {
            throw new InputException("azure judges need their resource's endpoint: export " + AZURE_ENDPOINT_VARIABLE
                    + "=https://RESOURCE.openai.azure.com (or give --base-url)");
        }
        String url = given == null || given.isBlank() ? defaultBaseUrl : given.strip();
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InputException("--base-url is not a URL: '" + given + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new InputException("--base-url must be an http(s) URL such as " + example() + " (got '" + given + "')");
        }
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (this == ANTHROPIC && !url.endsWith("/v1")) {
            url = url + "/v1";
        }
        if (this == OLLAMA && url.endsWith("/api")) {
            url = url.substring(0, url.length() - 4);
        }
        if (this == AZURE) {
            if (url.contains("/deployments/")) {
                throw new InputException("azure: give the resource endpoint, https://RESOURCE.openai.azure.com, not a"
                        + " deployment URL; the deployment is the judge's model (azure:DEPLOYMENT) (got '" + given + "')");
            }
            // the v1 API lives under /openai/v1 and needs no api-version
            if (url.endsWith("/openai")) {
                url = url + "/v1";
            } else if (!url.endsWith("/openai/v1")) {
                url = url + "/openai/v1";
            }
        }
        return url;
    }

    String example() {
        return switch (this) {
            case OPENAI -> "http://127.0.0.1:8000/v1";
            case ANTHROPIC -> "https://api.anthropic.com";
            case OLLAMA -> "http://127.0.0.1:11434";
            case AZURE -> "https://RESOURCE.openai.azure.com";
            case BEDROCK -> "https://bedrock-runtime.us-east-1.amazonaws.com";
            case GEMINI -> "https://generativelanguage.googleapis.com";
            case VERTEX -> "https://us-central1-aiplatform.googleapis.com";
        };
    }

    /** The base URL as recorded in provenance and cache keys: no user info, query or fragment. */
    static String recordable(String url) {
        try {
            URI u = new URI(url);
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            return url;
        }
    }

    /** True for localhost and loopback addresses, decided from the text alone (no DNS lookup). */
    static boolean isLoopback(String url) {
        try {
            String host = new URI(url).getHost();
            if (host == null) {
                return false;
            }
            host = host.toLowerCase(Locale.ROOT);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.")
                    || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1");
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
