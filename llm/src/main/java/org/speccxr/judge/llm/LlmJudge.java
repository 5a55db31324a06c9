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

import java.io.PrintStream;
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

/**
 * A judge over a LangChain4j {@link ChatModel}: one low-level {@code chat(ChatRequest)} per pair, with the
 * {@link PromptBuilder} prompt and the {@link ResponseSchema} as a JSON-schema response format (OpenAI
 * {@code response_format} strict, Anthropic {@code output_config}, Ollama {@code format}), or, for models without
 * structured outputs, as the input schema of one tool the model must call (OpenAI {@code tools} with
 * {@code tool_choice: required}, Anthropic {@code tools} with {@code tool_choice: any}). Failed requests are
 * retried by the {@link RetryPolicy} (the model's own retries are off); an answer that is not valid against the
 * schema is asked again, at most {@code maxReasks} times. What still fails becomes a {@link JudgeException}, which
 * the runner records in failures.jsonl. After a fatal error (bad key, unknown model) no further request is sent.
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
    private final PrintStream notes;

    /** A 400 that names the structured-output request field: the model (or server) may not support it. */
    private static final java.util.regex.Pattern STRUCTURED_OUTPUT_REFUSED = java.util.regex.Pattern.compile(
            "(?i)output_config|output_format|response_format|json_schema|structured output");

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong successes = new AtomicLong();
    private final LongAdder reasks = new LongAdder();
    private final LongAdder failedTokens = new LongAdder();
    private final Map<String, LongAdder> retries = new ConcurrentHashMap<>();
    private final AtomicReference<String> fatal = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    LlmJudge(Provider provider, String modelName, ChatModel model, PromptBuilder prompt, ResponseSchema schema,
             RetryPolicy retry, int maxReasks, Map<String, Object> parameters, Secrets secrets, PrintStream notes) {
        this(provider, modelName, model, prompt, schema, retry, maxReasks, parameters, secrets, notes, false);
    }

    LlmJudge(Provider provider, String modelName, ChatModel model, PromptBuilder prompt, ResponseSchema schema,
             RetryPolicy retry, int maxReasks, Map<String, Object> parameters, Secrets secrets, PrintStream notes,
             boolean toolOutput) {
        this.provider = provider;
        this.model = model;
        this.prompt = prompt;
        this.retry = retry;
        this.maxReasks = maxReasks;
        this.secrets = secrets;
        this.notes = notes;
        this.format = ResponseFormat.builder().type(ResponseFormatType.JSON)
                .jsonSchema(JsonSchema.builder().name(ResponseSchema.NAME).rootElement(JsonRawSchema.from(schema.json())).build())
                .build();
        this.tool = toolOutput ? tool(schema) : null;
        Map<String, Object> params = new TreeMap<>(parameters);
        params.put("schema_version", ResponseSchema.VERSION);
        this.info = new JudgeInfo(provider.id() + ":" + modelName, provider.id(), modelName, params, prompt.hash());
    }

    @Override
    public JudgeInfo info() {
        return info;
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
        for (int ask = 0; ; ask++) {
            ChatResponse response = call(messages);
            used = used.plus(usage(response.tokenUsage()));
            String text = answerText(response.aiMessage());
            try {
                List<EntityVerdict> entities = parser.parse(text);
                return new JudgeOutput(entities, used, false);
            } catch (ResponseParser.InvalidResponseException e) {
                boolean cut = response.finishReason() == FinishReason.LENGTH;
                String why = e.getMessage() + (cut ? "; the answer was cut at the token limit (raise --max-tokens)" : "");
                if (ask >= maxReasks) {
                    // the runner records the failure without usage; keep the spend visible here
                    failedTokens.add(used.input() + used.output());
                    throw new JudgeException(secrets.redact("invalid answer after " + (ask + 1) + " tries: " + why));
                }
                reasks.increment();
                if (!cut && text != null && !text.isBlank()) {
                    // show the model its answer and what is wrong with it; a cut answer is simply asked again
                    messages = new ArrayList<>(messages.subList(0, 2));
                    messages.add(AiMessage.from(text));
                    messages.add(UserMessage.from("That answer is not valid: " + e.getMessage()
                            + ". Answer again with only the JSON object, following the schema exactly."));
                }
            }
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

    /** One request, retried on 429/5xx/timeouts as the policy says. */
    private ChatResponse call(List<ChatMessage> messages) throws JudgeException {
        ChatRequest request = tool == null
                ? ChatRequest.builder().messages(messages).responseFormat(format).build()
                : ChatRequest.builder().messages(messages).toolSpecifications(tool).toolChoice(ToolChoice.REQUIRED).build();
        for (int attempt = 1; ; attempt++) {
            String f = fatal.get();
            if (f != null) {
                throw new JudgeException("not sent: an earlier request failed for good (" + f + ")");
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
                        note(info.spec() + ": " + detail + "; no further requests will be sent");
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

    /** Provider usage as ours: input counts every prompt token, cached ones included; cachedInput those read from cache. */
    static TokenUsage usage(dev.langchain4j.model.output.TokenUsage u) {
        if (u == null) {
            return TokenUsage.NONE;
        }
        long in = nz(u.inputTokenCount());
        long out = nz(u.outputTokenCount());
        long cached = 0;
        if (u instanceof OpenAiTokenUsage o && o.inputTokensDetails() != null) {
            cached = nz(o.inputTokensDetails().cachedTokens());
        } else if (u instanceof AnthropicTokenUsage a) {
            // Anthropic's input_tokens leaves out the tokens written to and read from its prompt cache
            cached = nz(a.cacheReadInputTokens());
            in += cached + nz(a.cacheCreationInputTokens());
        }
        return new TokenUsage(in, out, cached);
    }

    private static long nz(Integer i) {
        return i == null ? 0 : i;
    }

    private void note(String s) {
        if (notes != null) {
            synchronized (notes) {
                notes.println("spec-cxr: " + secrets.redact(s));
                notes.flush();
            }
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
