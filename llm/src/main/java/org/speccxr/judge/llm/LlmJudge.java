package org.speccxr.judge.llm;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.FinishReason;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeException;
import org.speccxr.judge.JudgeInfo;
import org.speccxr.judge.JudgeOutput;
import org.speccxr.judge.ReportPair;
import org.speccxr.judge.TokenUsage;
import org.speccxr.verdict.EntityVerdict;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * A judge over a LangChain4j {@link ChatModel}: one low-level {@code chat(ChatRequest)} per pair, with the
 * {@link PromptBuilder} prompt and the {@link ResponseSchema} as a JSON-schema response format (OpenAI
 * {@code response_format} strict, Anthropic {@code output_config}, Ollama {@code format}), or, for models without
 * structured outputs, as the input schema of one tool the model must call (OpenAI {@code tools} with
 * {@code tool_choice: required}, Anthropic {@code tools} with {@code tool_choice: any}). Failed requests are
 * retried by the {@link RetryPolicy} (the model's own retries are off); an answer that is not valid against the
 * schema is asked again, at most {@code maxReasks} times; an answer cut at the token limit is asked once more with
 * twice the limit. A 400 that names an optional field the model does not take (a temperature, say) drops that field
 * from this and later requests and tries once more. What still fails becomes a {@link JudgeException}, which the
 * runner records in failures.jsonl. After a fatal error (bad key, unknown model, billing) no further request is sent.
 */
public final class LlmJudge implements Judge {
    private final Provider provider;
    private final ChatModel model;
    private final PromptBuilder prompt;
    private final ResponseFormat format;
    /** Non-null in tool mode: the one tool whose input is the answer. */
    private final ToolSpecification tool;
    private final ResponseParser parser = new ResponseParser();
    private final RetryPolicy retry;
    private final int maxReasks;
    private final JudgeInfo info;
    private final Secrets secrets;
    private final Consumer<String> notes;
    private final Wire wire;
    /** The model asked again with twice the token limit after a cut answer; built on first need. */
    private volatile ChatModel doubled;

    /** A 400 that names the structured-output request field: the model (or server) may not support it. */
    private static final java.util.regex.Pattern STRUCTURED_OUTPUT_REFUSED = java.util.regex.Pattern.compile(
            "(?i)output_config|output_format|response_format|json_schema|structured output");

    /** The provenance parameter that lists what servers refused (not part of the cache key: see CachingJudge). */
    static final String DROPPED = "dropped_parameters";
    /** Optional request fields a judge may leave out when a server refuses them; model, messages, schema never. */
    private static final List<String> DROPPABLE = List.of("max_completion_tokens", "max_tokens", "temperature",
            "top_p", "top_k", "seed", "reasoning_effort", "effort", "store", "parallel_tool_calls", "prompt_cache_key",
            "shift", "truncate", "think");
    /** How servers word a 400 about a field they do not take. */
    private static final Pattern UNSUPPORTED = Pattern.compile("(?i)unsupported|not supported|does(n't| not) support"
            + "|deprecated|unrecognized|unknown (parameter|field|argument|name)|not allowed|not permitted"
            + "|extra (inputs|fields)|only the default|not available|invalid (parameter|argument)");
    /** Ollama with truncate:false answers 400 when the prompt does not fit the context window. */
    private static final Pattern CONTEXT_EXCEEDED = Pattern.compile("(?i)exceeds? (the )?(available )?context"
            + "|context (length|size|window) (exceeded|is too small)");

    /**
     * How requests are shaped beyond the model: the body edits (where refused parameters are dropped), the answer
     * token limit in effect (null: the provider's own) and how to build the model with another limit, and for
     * Ollama the context window asked for (0 otherwise).
     */
    record Wire(RequestEdits edits, Integer maxTokens, IntFunction<ChatModel> withMaxTokens, int numCtx) {
        static Wire none() {
            return new Wire(RequestEdits.none(), null, null, 0);
        }
    }

    private final AtomicLong requests = new AtomicLong();
    private final LongAdder cutReasks = new LongAdder();
    private final AtomicLong successes = new AtomicLong();
    private final LongAdder reasks = new LongAdder();
    private final LongAdder failedTokens = new LongAdder();
    private final Map<String, LongAdder> retries = new ConcurrentHashMap<>();
    private final AtomicReference<String> fatal = new AtomicReference<>();
    /**
     * When the fatal error was seen. It holds for {@link #FATAL_HOLD}, then one request may try again: a judge that
     * lives for days (a service, a training loop) must not stay dead after a server restart or a key rotation.
     */
    private volatile long fatalSince;
    static final Duration FATAL_HOLD = Duration.ofMinutes(1);
    private java.util.function.LongSupplier nanoTime = System::nanoTime;
    private final AtomicBoolean closed = new AtomicBoolean();

    LlmJudge(Provider provider, String modelName, ChatModel model, PromptBuilder prompt, ResponseSchema schema,
             RetryPolicy retry, int maxReasks, Map<String, Object> parameters, Secrets secrets, Consumer<String> notes) {
        this(provider, modelName, model, prompt, schema, retry, maxReasks, parameters, secrets, notes, false, Wire.none());
    }

    LlmJudge(Provider provider, String modelName, ChatModel model, PromptBuilder prompt, ResponseSchema schema,
             RetryPolicy retry, int maxReasks, Map<String, Object> parameters, Secrets secrets, Consumer<String> notes,
             boolean toolOutput, Wire wire) {
        this.provider = provider;
        this.model = model;
        this.prompt = prompt;
        this.retry = retry;
        this.maxReasks = maxReasks;
        this.secrets = secrets;
        this.notes = notes;
        this.wire = wire;
        this.format = ResponseFormat.builder().type(ResponseFormatType.JSON)
                .jsonSchema(JsonSchema.builder().name(ResponseSchema.NAME).rootElement(JsonRawSchema.from(schema.json())).build())
                .build();
        this.tool = toolOutput ? tool(schema) : null;
        Map<String, Object> params = new TreeMap<>(parameters);
        params.put("schema_version", ResponseSchema.VERSION);
        this.info = new JudgeInfo(provider.id() + ":" + modelName, provider.id(), modelName, params, prompt.hash());
    }

    /** The provenance; after a server refused parameters, they are listed under {@value #DROPPED}. */
    @Override
    public JudgeInfo info() {
        java.util.Set<String> dropped = wire.edits().dropped();
        if (dropped.isEmpty()) {
            return info;
        }
        Map<String, Object> params = new TreeMap<>(info.parameters());
        params.put(DROPPED, List.copyOf(new java.util.TreeSet<>(dropped)));
        return new JudgeInfo(info.spec(), info.provider(), info.model(), params, info.promptHash());
    }

    @Override
    public int defaultConcurrency() {
        return provider.defaultConcurrency();
    }

    @Override
    public JudgeOutput judge(ReportPair pair, int run) throws JudgeException {
        List<ChatMessage> messages = new ArrayList<>(4);
        messages.add(SystemMessage.from(prompt.system()));
        messages.add(UserMessage.from(prompt.user(pair)));
        TokenUsage used = TokenUsage.NONE;
        ChatModel asking = model;
        Integer limit = wire.maxTokens();
        boolean limitDoubled = false;
        for (int ask = 0; ; ask++) {
            ChatResponse response = call(asking, messages);
            used = used.plus(usage(response.tokenUsage()));
            if (provider == Provider.OLLAMA) {
                checkPromptFit(response, pair, used);
            }
            String text = answerText(response.aiMessage());
            try {
                List<EntityVerdict> entities = parser.parse(text);
                return new JudgeOutput(entities, used, false);
            } catch (ResponseParser.InvalidResponseException e) {
                if (response.finishReason() == FinishReason.LENGTH) {
                    // the same request would be cut at the same place: ask once more with twice the limit
                    if (limit != null && !limitDoubled && wire.withMaxTokens() != null) {
                        limitDoubled = true;
                        limit = limit * 2;
                        asking = doubledModel(limit);
                        cutReasks.increment();
                        ask--;
                        continue;
                    }
                    failedTokens.add(used.input() + used.output());
                    if (limit == null && provider == Provider.OLLAMA) {
                        // no answer cap: the answer ran into the end of the context window (shift is off)
                        throw new JudgeException(contextAdvice("the answer was cut at the end of the context window",
                                PromptSize.tokens(prompt.system()) + PromptSize.tokens(prompt.user(pair))));
                    }
                    throw new JudgeException(secrets.redact("the answer was cut at the token limit ("
                            + (limit == null ? "the model's own" : limitDoubled ? (limit / 2) + " tokens, then " + limit
                            : limit + " tokens") + "); run again with a larger --max-tokens"));
                }
                if (ask >= maxReasks) {
                    // the runner records the failure without usage; keep the spend visible here
                    failedTokens.add(used.input() + used.output());
                    throw new JudgeException(secrets.redact("invalid answer after " + (ask + 1) + " tries: " + e.getMessage()));
                }
                reasks.increment();
                if (text != null && !text.isBlank()) {
                    // show the model its answer and what is wrong with it
                    messages = new ArrayList<>(messages.subList(0, 2));
                    messages.add(AiMessage.from(text));
                    messages.add(UserMessage.from("That answer is not valid: " + e.getMessage()
                            + ". Answer again with only the JSON object, following the schema exactly."));
                }
            }
        }
    }

    /** The model with twice the base limit, shared by all pairs (each doubles once, from the base). */
    private ChatModel doubledModel(int limit) {
        ChatModel m = doubled;
        if (m == null) {
            synchronized (this) {
                m = doubled;
                if (m == null) {
                    m = wire.withMaxTokens().apply(limit);
                    doubled = m;
                }
            }
        }
        return m;
    }

    /**
     * Ollama cuts a prompt that does not fit its context window from the front and answers anyway (servers that
     * ignore {@code truncate: false}); the instructions would be gone. A prompt read at less than half its
     * estimated size was cut.
     */
    private void checkPromptFit(ChatResponse response, ReportPair pair, TokenUsage used) throws JudgeException {
        long read = response.tokenUsage() == null || response.tokenUsage().inputTokenCount() == null ? 0
                : response.tokenUsage().inputTokenCount();
        if (read <= 0) {
            return;
        }
        long estimate = PromptSize.tokens(prompt.system()) + PromptSize.tokens(prompt.user(pair));
        if (read < estimate / 2) {
            failedTokens.add(used.input() + used.output());
            throw new JudgeException(contextAdvice("the Ollama server cut the prompt to fit its context window: it read "
                    + read + " of about " + estimate + " prompt tokens", estimate));
        }
    }

    /** One line: what happened and the num_ctx to set. */
    private String contextAdvice(String what, long promptTokens) {
        int answer = wire.maxTokens() == null ? 4096 : wire.maxTokens();
        long needed = ((promptTokens + answer) / 1024 + 1) * 1024;
        return secrets.redact(what + "; set num_ctx to at least " + needed + " for " + info.spec()
                + " (a --model-config row: provider: ollama, model: \"" + info.model() + "\", num_ctx: " + needed
                + "; now " + wire.numCtx() + ")");
    }

    /** Counts prompt tokens with the o200k tokenizer, loaded on first use (Ollama judges only). */
    static final class PromptSize {
        private static final com.knuddels.jtokkit.api.Encoding O200K = com.knuddels.jtokkit.Encodings
                .newLazyEncodingRegistry().getEncoding(com.knuddels.jtokkit.api.EncodingType.O200K_BASE);
        private static final Map<String, Integer> SEEN = new ConcurrentHashMap<>();

        static int tokens(String text) {
            // the system prompt is the same for every pair: counted once
            return text.length() > 4000 ? SEEN.computeIfAbsent(text, O200K::countTokensOrdinary)
                    : O200K.countTokensOrdinary(text);
        }
    }

    /** The tool of tool mode: its input schema is the response schema ({"entities": [...]}, nothing else). */
    static ToolSpecification tool(ResponseSchema schema) {
        String entities = schema.tree().path("properties").path("entities").toString();
        return ToolSpecification.builder()
                .name("record_entity_verdicts")
                .description("Record the verdict on every entity mentioned in either report.")
                .parameters(JsonObjectSchema.builder()
                        .addProperty("entities", JsonRawSchema.from(entities))
                        .required("entities")
                        .additionalProperties(false)
                        .build())
                .build();
    }

    /** The answer's JSON: the tool call's arguments in tool mode, else the message text. */
    private String answerText(AiMessage m) {
        if (m == null) {
            return null;
        }
        if (tool != null && m.hasToolExecutionRequests()) {
            return m.toolExecutionRequests().get(0).arguments();
        }
        return m.text();
    }

    /** Tests: the clock that times the hold after a fatal error. */
    void clock(java.util.function.LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** One request, retried on 429/5xx/timeouts as the policy says. */
    /** The request a pair's first ask sends: what a batch carries for it (batch mode). */
    ChatRequest firstRequest(ReportPair pair) {
        return request(List.of(SystemMessage.from(prompt.system()), UserMessage.from(prompt.user(pair))));
    }

    private ChatRequest request(List<ChatMessage> messages) {
        return tool == null
                ? ChatRequest.builder().messages(messages).responseFormat(format).build()
                : ChatRequest.builder().messages(messages).toolSpecifications(tool).toolChoice(ToolChoice.REQUIRED).build();
    }

    private ChatResponse call(ChatModel model, List<ChatMessage> messages) throws JudgeException {
        ChatRequest request = request(messages);
        java.util.Set<String> refusedHere = new java.util.HashSet<>();
        for (int attempt = 1; ; attempt++) {
            String f = fatal.get();
            if (f != null) {
                if (nanoTime.getAsLong() - fatalSince < FATAL_HOLD.toNanos() || !fatal.compareAndSet(f, null)) {
                    throw new JudgeException("not sent: an earlier request failed for good (" + f + ")");
                }
                // the hold is over: requests are sent again, and a new fatal error starts a new hold
            }
            try {
                retry.awaitPause();
                requests.incrementAndGet();
                ChatResponse r = model.chat(request);
                successes.incrementAndGet();
                return r;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JudgeException("interrupted");
            } catch (RuntimeException e) {
                RetryPolicy.Problem p = RetryPolicy.classify(e);
                String detail = secrets.redact(p.detail());
                ProviderHttpException http = httpCause(e);
                if (p.status() == 400 && http != null) {
                    String refused = refusedParameter(http);
                    if (refused != null && refusedHere.add(refused)) {
                        leaveOut(refused, http.providerMessage(), detail);
                        attempt--; // the request was not wrong, only one field of it: once more without it
                        continue;
                    }
                    if (provider == Provider.OLLAMA && CONTEXT_EXCEEDED.matcher(detail).find()) {
                        throw new JudgeException(contextAdvice(detail, PromptSize.tokens(prompt.system())
                                + PromptSize.tokens(((UserMessage) messages.get(1)).singleText())));
                    }
                }
                if (tool == null && p.status() == 400 && provider != Provider.OLLAMA && STRUCTURED_OUTPUT_REFUSED.matcher(detail).find()) {
                    detail += "; if this model has no structured outputs, run with --structured-output tool";
                }
                // a server that has never answered and refuses connections is not there: give up after two tries
                // instead of backing off for half a minute per pair
                boolean unreachable = p.label().equals("connection refused") && successes.get() == 0
                        && attempt >= Math.min(2, retry.maxAttempts());
                if (unreachable) {
                    detail = secrets.redact("cannot connect to " + info.parameters().get("base_url")
                            + "; is the server running, and is --base-url right?");
                }
                if (p.kind() == RetryPolicy.Kind.FATAL || unreachable) {
                    if (fatal.compareAndSet(null, detail)) {
                        fatalSince = nanoTime.getAsLong();
                        note(info.spec() + ": " + detail + "; no further requests will be sent for "
                                + FATAL_HOLD.toMinutes() + " min");
                    }
                    throw new JudgeException(detail);
                }
                if (p.kind() == RetryPolicy.Kind.FAIL) {
                    throw new JudgeException(detail);
                }
                if (attempt >= retry.maxAttempts()) {
                    throw new JudgeException(detail + " (gave up after " + attempt + " attempts)");
                }
                retries.computeIfAbsent(p.label(), k -> new LongAdder()).increment();
                Duration wait = retry.waitAfter(attempt, p.retryAfter());
                if (p.status() == 429 && p.retryAfter() != null) {
                    retry.pauseAll(wait);
                }
                try {
                    retry.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new JudgeException("interrupted");
                }
            }
        }
    }

    private static ProviderHttpException httpCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ProviderHttpException p) {
                return p;
            }
        }
        return null;
    }

    /**
     * The optional field a 400 says the model or server does not take, if the refused request carried it: OpenAI
     * names it in {@code error.param}, the others in the message ("`temperature` is deprecated for this model").
     */
    String refusedParameter(ProviderHttpException e) {
        String message = e.providerMessage();
        if (!UNSUPPORTED.matcher(message).find()) {
            return null;
        }
        java.util.Set<String> sent = e.sentParameters();
        List<String> candidates = new ArrayList<>();
        String param = e.param();
        if (param != null) {
            candidates.add(param.substring(param.lastIndexOf('.') + 1));
        }
        for (String name : DROPPABLE) {
            if (Pattern.compile("(?<![A-Za-z0-9_])" + name + "(?![A-Za-z0-9_])").matcher(message).find()) {
                candidates.add(name);
            }
        }
        for (String name : candidates) {
            // Anthropic requires max_tokens: refusing it is about its value, not the field
            boolean required = provider == Provider.ANTHROPIC && name.equals("max_tokens");
            if (DROPPABLE.contains(name) && sent.contains(name) && !required) {
                return name;
            }
        }
        return null;
    }

    /** Leaves a refused field out of this and every later request (or renames a token-limit field), saying so once. */
    private void leaveOut(String name, String message, String detail) {
        String other = name.equals("max_tokens") ? "max_completion_tokens"
                : name.equals("max_completion_tokens") ? "max_tokens" : null;
        boolean first;
        String what;
        if (other != null && message.contains(other)) {
            first = wire.edits().rename(name, other);
            what = "sending the token limit as " + other + " instead";
        } else {
            first = wire.edits().drop(name);
            what = "leaving it out of this and later requests (recorded in the provenance as " + DROPPED + ")";
        }
        if (first) {
            note(info.spec() + ": the server refused " + name + " (" + detail + "); " + what);
        }
    }

    /** Provider usage as ours: input counts every prompt token, cached ones included; cachedInput those read from cache. */
    static TokenUsage usage(dev.langchain4j.model.output.TokenUsage u) {
        if (u == null) {
            return TokenUsage.NONE;
        }
        long in = nz(u.inputTokenCount());
        long out = nz(u.outputTokenCount());
        long cached = 0;
        long reasoning = 0;
        if (u instanceof OpenAiTokenUsage o) {
            cached = o.inputTokensDetails() == null ? 0 : nz(o.inputTokensDetails().cachedTokens());
            // completion_tokens_details.reasoning_tokens: part of the output, billed as output
            reasoning = o.outputTokensDetails() == null ? 0 : nz(o.outputTokensDetails().reasoningTokens());
        } else if (u instanceof HostTokenUsage h) {
            cached = h.cachedInput();
        } else if (u instanceof AnthropicTokenUsage a) {
            // Anthropic's input_tokens leaves out the tokens written to and read from its prompt cache
            cached = nz(a.cacheReadInputTokens());
            in += cached + nz(a.cacheCreationInputTokens());
        }
        return new TokenUsage(in, out, cached, reasoning);
    }

    private static long nz(Integer i) {
        return i == null ? 0 : i;
    }

    private void note(String s) {
        if (notes != null) {
            notes.accept(secrets.redact(s));
        }
    }

    /** Requests sent so far (retries and re-asks included). */
    public long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || requests.get() == 0) {
            return;
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s: %d request(s)", info.spec(), requests.get()));
        long retried = retries.values().stream().mapToLong(LongAdder::sum).sum();
        if (retried > 0) {
            sb.append(", ").append(retried).append(" retried (");
            List<String> parts = new ArrayList<>();
            new TreeMap<>(retries).forEach((k, v) -> parts.add(k + " x" + v.sum()));
            sb.append(String.join(", ", parts)).append(')');
        }
        if (cutReasks.sum() > 0) {
            sb.append(", ").append(cutReasks.sum()).append(" cut answer(s) asked again with twice the token limit");
        }
        if (reasks.sum() > 0) {
            sb.append(", ").append(reasks.sum()).append(" invalid answer(s) asked again");
        }
        if (failedTokens.sum() > 0) {
            sb.append(String.format(Locale.ROOT, ", %,d token(s) spent on pairs that still failed (not in summary.json)",
                    failedTokens.sum()));
        }
        note(sb.toString());
    }
}
