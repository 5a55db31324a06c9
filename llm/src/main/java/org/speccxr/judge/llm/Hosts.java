package org.speccxr.judge.llm;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.genai.Client;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import dev.langchain4j.model.chat.ChatModel;
import org.speccxr.judge.JudgeOptions;
import org.speccxr.util.InputException;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The cloud hosts reached through their vendors' SDKs rather than LangChain4j: Amazon Bedrock ({@code bedrock:}),
 * the Gemini API ({@code gemini:}) and Vertex AI ({@code vertex:}). Here are their endpoints, where their
 * credentials come from (the standard environment, then the vendor's own default chain) and how their clients are
 * built: one client per judge, the SDK's retries off ({@link RetryPolicy} retries), the judge's timeout.
 */
final class Hosts {
    private Hosts() {
    }

    static final String AWS_REGION = "AWS_REGION";
    static final String AWS_DEFAULT_REGION = "AWS_DEFAULT_REGION";
    static final String AWS_ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    static final String AWS_SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    static final String AWS_SESSION_TOKEN = "AWS_SESSION_TOKEN";
    static final String GEMINI_API_KEY = "GEMINI_API_KEY";
    static final String GOOGLE_API_KEY = "GOOGLE_API_KEY";
    static final String GOOGLE_CLOUD_PROJECT = "GOOGLE_CLOUD_PROJECT";
    static final String GOOGLE_CLOUD_LOCATION = "GOOGLE_CLOUD_LOCATION";
    /** An OAuth access token for Vertex AI instead of application default credentials (the name Google's Terraform provider reads). */
    static final String GOOGLE_OAUTH_ACCESS_TOKEN = "GOOGLE_OAUTH_ACCESS_TOKEN";
    /** Vertex AI's location when GOOGLE_CLOUD_LOCATION is not set: the global endpoint serves current Gemini models. */
    static final String DEFAULT_VERTEX_LOCATION = "global";

    static boolean isHost(Provider p) {
        return p == Provider.BEDROCK || p == Provider.GEMINI || p == Provider.VERTEX;
    }

    /**
     * The endpoint of a Bedrock region ({@code https://bedrock-runtime.REGION.amazonaws.com}) or a Vertex AI location
     * ({@code https://LOCATION-aiplatform.googleapis.com}, or {@code https://aiplatform.googleapis.com} for global);
     * null when the region is unknown.
     */
    static String defaultEndpoint(Provider p, JudgeOptions o) {
        if (p == Provider.BEDROCK) {
            String region = awsRegion(o.env());
            return region == null ? null : "https://bedrock-runtime." + region + ".amazonaws.com";
        }
        if (p == Provider.VERTEX) {
            String location = vertexLocation(o.env());
            return location.equals("global") ? "https://aiplatform.googleapis.com"
                    : "https://" + location + "-aiplatform.googleapis.com";
        }
        return null;
    }

    /** AWS_REGION, AWS_DEFAULT_REGION, then the region of the AWS profile (config file); null when none. */
    static String awsRegion(Function<String, String> env) {
        for (String v : List.of(AWS_REGION, AWS_DEFAULT_REGION)) {
            String r = env.apply(v);
            if (r != null && !r.isBlank()) {
                return r.strip().toLowerCase(Locale.ROOT);
            }
        }
        try {
            Region r = new AwsProfileRegionProvider().getRegion();
            return r == null ? null : r.id();
        } catch (RuntimeException e) {
            return null; // no profile, or one without a region
        }
    }

    static String vertexLocation(Function<String, String> env) {
        String l = env.apply(GOOGLE_CLOUD_LOCATION);
        return l == null || l.isBlank() ? DEFAULT_VERTEX_LOCATION : l.strip().toLowerCase(Locale.ROOT);
    }

    /** The Gemini API key: GOOGLE_API_KEY, else GEMINI_API_KEY (the SDK's order); null for a local server without one. */
    static String geminiKey(String baseUrl, JudgeOptions o) {
        for (String v : List.of(GOOGLE_API_KEY, GEMINI_API_KEY)) {
            String k = o.env().apply(v);
            if (k != null && !k.isBlank()) {
                return k.strip();
            }
        }
        if (Provider.isLoopback(baseUrl)) {
            return null;
        }
        throw new InputException(GEMINI_API_KEY + " is not set; export it (or " + GOOGLE_API_KEY
                + ") with your Gemini API key from Google AI Studio (or point --base-url at a local server that needs none)");
    }

    /**
     * A host's credentials, resolved once per judge, and how to build its chat model for given settings. The
     * secrets are what must never be written anywhere (the judge redacts them from every message).
     */
    static final class Access {
        private final Provider provider;
        private final List<String> secrets;
        private final Function<ChatModels.Settings, ChatModel> build;

        private Access(Provider provider, List<String> secrets, Function<ChatModels.Settings, ChatModel> build) {
            this.provider = provider;
            this.secrets = List.copyOf(secrets);
            this.build = build;
        }

        Provider provider() {
            return provider;
        }

        List<String> secrets() {
            return secrets;
        }

        ChatModel build(ChatModels.Settings s) {
            return build.apply(s);
        }
    }

    /** The credentials of a host from the options' environment, or a one-line InputException saying what to set. */
    static Access access(Provider p, JudgeOptions o, String baseUrl, String apiKey) {
        return switch (p) {
            case BEDROCK -> bedrock(o, baseUrl);
            case GEMINI -> gemini(baseUrl, apiKey);
            case VERTEX -> vertex(o, baseUrl);
            default -> throw new IllegalArgumentException(p + " is not a host");
        };
    }

    private static Access bedrock(JudgeOptions o, String baseUrl) {
        Function<String, String> env = o.env();
        String region = awsRegion(env);
        if (region == null) {
            throw new InputException("bedrock judges need an AWS region: export AWS_REGION (e.g. us-east-1), or set one"
                    + " in your AWS profile");
        }
        List<String> secrets = new ArrayList<>();
        AwsCredentialsProvider credentials;
        String id = env.apply(AWS_ACCESS_KEY_ID);
        String secret = env.apply(AWS_SECRET_ACCESS_KEY);
        String token = env.apply(AWS_SESSION_TOKEN);
        if (id != null && !id.isBlank() && secret != null && !secret.isBlank()) {
            secrets.add(secret.strip());
            if (token != null && !token.isBlank()) {
                secrets.add(token.strip());
                credentials = StaticCredentialsProvider.create(AwsSessionCredentials.create(id.strip(), secret.strip(), token.strip()));
            } else {
                credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(id.strip(), secret.strip()));
            }
        } else if (Provider.isLoopback(baseUrl) && !hasAwsProfile(env)) {
            credentials = AnonymousCredentialsProvider.create(); // a local stand-in: nothing to sign with
        } else {
            // profiles, SSO, web identity, container and instance roles: the SDK's default chain, resolved at the
            // first request (a failure there stops the run as a bad key does)
            credentials = DefaultCredentialsProvider.builder().build();
        }
        String defaultEndpoint = "https://bedrock-runtime." + region + ".amazonaws.com";
        boolean override = !baseUrl.equalsIgnoreCase(defaultEndpoint);
        AwsCredentialsProvider chosen = credentials;
        // one client per judge: the base model and the doubled-limit model share its connections
        java.util.concurrent.ConcurrentHashMap<Duration, BedrockRuntimeClient> clients = new java.util.concurrent.ConcurrentHashMap<>();
        return new Access(Provider.BEDROCK, secrets, s -> {
            BedrockRuntimeClient client = clients.computeIfAbsent(s.timeout(), timeout -> {
                var b = BedrockRuntimeClient.builder()
                        .region(Region.of(region))
                        .credentialsProvider(chosen)
                        .httpClientBuilder(UrlConnectionHttpClient.builder()
                                .connectionTimeout(Duration.ofSeconds(15)).socketTimeout(timeout))
                        .overrideConfiguration(ClientOverrideConfiguration.builder()
                                .retryStrategy(AwsRetryStrategy.doNotRetry())
                                .apiCallAttemptTimeout(timeout).build());
                if (override) {
                    b.endpointOverride(URI.create(baseUrl));
                }
                return b.build();
            });
            return new BedrockChatModel(client, s.model(), s.temperature(), s.maxTokens(), s.reasoningEffort(), s.edits());
        });
    }

    private static boolean hasAwsProfile(Function<String, String> env) {
        String profile = env.apply("AWS_PROFILE");
        return profile != null && !profile.isBlank();
    }

    private static Access gemini(String baseUrl, String apiKey) {
        List<String> secrets = apiKey == null ? List.of() : List.of(apiKey);
        return new Access(Provider.GEMINI, secrets, s -> new GeminiChatModel(
                googleClient(false, apiKey, null, null, null, baseUrl, s.timeout()), s.model(), s.temperature(), s.seed(),
                s.maxTokens(), s.reasoningEffort()));
    }

    private static Access vertex(JudgeOptions o, String baseUrl) {
        Function<String, String> env = o.env();
        String project = env.apply(GOOGLE_CLOUD_PROJECT);
        if (project == null || project.isBlank()) {
            throw new InputException("vertex judges need a Google Cloud project: export " + GOOGLE_CLOUD_PROJECT
                    + "=PROJECT_ID (and " + GOOGLE_CLOUD_LOCATION + ", default global)");
        }
        String location = vertexLocation(env);
        String token = env.apply(GOOGLE_OAUTH_ACCESS_TOKEN);
        List<String> secrets = new ArrayList<>();
        GoogleCredentials credentials;
        if (token != null && !token.isBlank()) {
            secrets.add(token.strip());
            credentials = GoogleCredentials.create(new AccessToken(token.strip(), null));
        } else {
            try {
                credentials = GoogleCredentials.getApplicationDefault()
                        .createScoped("https://www.googleapis.com/auth/cloud-platform");
            } catch (IOException e) {
                throw new InputException("vertex judges need Google credentials: run `gcloud auth application-default"
                        + " login`, set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file, or export "
                        + GOOGLE_OAUTH_ACCESS_TOKEN + " (" + RetryPolicy.oneLine(e.getMessage()) + ")");
            }
        }
        GoogleCredentials chosen = credentials;
        String defaultEndpoint = defaultEndpoint(Provider.VERTEX, o);
        String override = baseUrl.equalsIgnoreCase(defaultEndpoint) ? null : baseUrl;
        return new Access(Provider.VERTEX, secrets, s -> new GeminiChatModel(
                googleClient(true, null, project.strip(), location, chosen, override, s.timeout()), s.model(),
                s.temperature(), s.seed(), s.maxTokens(), s.reasoningEffort()));
    }

    private static Client googleClient(boolean vertex, String apiKey, String project, String location,
                                       GoogleCredentials credentials, String baseUrl, Duration timeout) {
        HttpOptions.Builder http = HttpOptions.builder()
                .timeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .retryOptions(HttpRetryOptions.builder().attempts(1).build());
        if (baseUrl != null) {
            http.baseUrl(baseUrl + "/");
        }
        if (!vertex) {
            // responseJsonSchema is documented on v1beta (the Gemini API's structured-output guide); the SDK's
            // default is v1
            http.apiVersion("v1beta");
        }
        Client.Builder b = Client.builder().vertexAI(vertex).httpOptions(http.build());
        if (vertex) {
            b.project(project).location(location).credentials(credentials);
        } else {
            // a local server without a key still gets one: the SDK insists on a key for the Gemini API
            b.apiKey(apiKey == null ? "none" : apiKey);
        }
        return b.build();
    }
}
