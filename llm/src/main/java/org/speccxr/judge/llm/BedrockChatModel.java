package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import org.speccxr.util.Json;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.CachePointType;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.JsonSchemaDefinition;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.OutputConfig;
import software.amazon.awssdk.services.bedrockruntime.model.OutputFormat;
import software.amazon.awssdk.services.bedrockruntime.model.OutputFormatStructure;
import software.amazon.awssdk.services.bedrockruntime.model.OutputFormatType;
import software.amazon.awssdk.services.bedrockruntime.model.SpecificToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A LangChain4j {@link ChatModel} over Amazon Bedrock's Converse API (AWS SDK for Java v2, which signs every request
 * with SigV4). The judge's tool mode becomes a {@code toolConfig} with the one tool and {@code toolChoice.tool}
 * naming it; its schema mode becomes {@code outputConfig.textFormat} {@code json_schema}, Bedrock's native
 * structured output. A service error becomes a {@link ProviderHttpException} with its HTTP status, error code and
 * {@code Retry-After}, so that {@link RetryPolicy} treats it as it treats every provider's: ThrottlingException
 * (429), ServiceUnavailableException (503), InternalServerException (500) and ModelTimeoutException (408) are
 * retried, AccessDeniedException (403) and ResourceNotFoundException (404) stop the run, ValidationException (400)
 * and ModelErrorException (424) fail the pair. A 400 carries the optional parameters the request sent, under the
 * names the judge drops them by ({@code temperature}, {@code max_tokens}, {@code effort}): one the model refuses is
 * left out of this and later requests ({@link RequestEdits}), as on the other providers. The client is built with the
 * SDK's retries off.
 */
final class BedrockChatModel implements ChatModel {
    /** The names the judge drops optional parameters by, for Converse's inferenceConfig and outputConfig fields. */
    private static final String TEMPERATURE = "temperature";
    private static final String MAX_TOKENS = "max_tokens";
    private static final String EFFORT = "effort";

    private final BedrockRuntimeClient client;
    private final String modelId;
    private final Double temperature;
    private final Integer maxTokens;
    private final String effort;
    private final boolean promptCache;
    private final RequestEdits edits;

    /**
     * Bedrock's prompt caching (a {@code cachePoint} block) for the models its prompt-caching guide lists: Claude 3.5
     * Haiku, 3.7 Sonnet and the Claude 4 and later families, and Amazon Nova. Older models would refuse the block.
     */
    private static final java.util.regex.Pattern CACHING_MODELS = java.util.regex.Pattern.compile(
            "(?i).*(anthropic\\.claude-(3-5-haiku|3-7-sonnet|(opus|sonnet|haiku)-[4-9])|amazon\\.nova-).*");

    static boolean cachesPrompts(String modelId) {
        return CACHING_MODELS.matcher(modelId).matches();
    }

    /**
     * @param temperature null: not sent
     * @param maxTokens   null: the model's default
     * @param effort      null: not sent; else {@code outputConfig.effort} (Claude's effort)
     * @param edits       the parameters a 400 refused: not sent from then on
     */
    BedrockChatModel(BedrockRuntimeClient client, String modelId, Double temperature, Integer maxTokens, String effort,
                     RequestEdits edits) {
        this.client = client;
        this.modelId = modelId;
        this.temperature = temperature;
        this.maxTokens = maxTokens;
        this.effort = effort;
        this.promptCache = cachesPrompts(modelId);
        this.edits = edits;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        ConverseRequest converse = converseRequest(request);
        ConverseResponse r;
        try {
            r = client.converse(converse);
        } catch (AwsServiceException e) {
            throw asProviderError(e, e.statusCode() == 400 ? sentParameters(converse) : Set.of());
        } catch (ApiCallAttemptTimeoutException | ApiCallTimeoutException e) {
            throw new TimeoutException(e);
        } catch (SdkClientException e) {
            // I/O errors (connection refused, unknown host, a cut or malformed body) keep their cause for RetryPolicy
            throw e;
        }
        return chatResponse(r);
    }

    ConverseRequest converseRequest(ChatRequest request) {
        List<SystemContentBlock> system = new ArrayList<>();
        List<Message> messages = new ArrayList<>();
        for (ChatMessage m : request.messages()) {
            if (m instanceof SystemMessage s) {
                system.add(SystemContentBlock.fromText(s.text()));
                if (promptCache) {
                    // the ~12k-token instructions and entity set are the same for every pair: cache them (and the
                    // tool before them)
                    system.add(SystemContentBlock.fromCachePoint(c -> c.type(CachePointType.DEFAULT)));
                }
            } else if (m instanceof UserMessage u) {
                messages.add(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(u.singleText())).build());
            } else if (m instanceof AiMessage a) {
                messages.add(Message.builder().role(ConversationRole.ASSISTANT).content(ContentBlock.fromText(a.text())).build());
            }
        }
        ConverseRequest.Builder b = ConverseRequest.builder().modelId(modelId).system(system).messages(messages);
        Set<String> dropped = edits.dropped();
        InferenceConfiguration.Builder inference = InferenceConfiguration.builder();
        boolean anyInference = false;
        if (temperature != null && !dropped.contains(TEMPERATURE)) {
            inference.temperature(temperature.floatValue());
            anyInference = true;
        }
        if (maxTokens != null && !dropped.contains(MAX_TOKENS)) {
            inference.maxTokens(maxTokens);
            anyInference = true;
        }
        if (anyInference) {
            b.inferenceConfig(inference.build());
        }
        OutputConfig.Builder output = null;
        if (request.toolSpecifications() != null && !request.toolSpecifications().isEmpty()) {
            List<Tool> tools = new ArrayList<>();
            for (dev.langchain4j.agent.tool.ToolSpecification t : request.toolSpecifications()) {
                tools.add(Tool.fromToolSpec(ToolSpecification.builder().name(t.name()).description(t.description())
                        .inputSchema(ToolInputSchema.fromJson(document(toolSchema(t)))).build()));
            }
            String forced = request.toolSpecifications().get(0).name();
            b.toolConfig(ToolConfiguration.builder().tools(tools)
                    .toolChoice(ToolChoice.fromTool(SpecificToolChoice.builder().name(forced).build())).build());
        } else if (request.responseFormat() != null && request.responseFormat().jsonSchema() != null
                && request.responseFormat().jsonSchema().rootElement() instanceof JsonRawSchema raw) {
            output = OutputConfig.builder().textFormat(OutputFormat.builder().type(OutputFormatType.JSON_SCHEMA)
                    .structure(OutputFormatStructure.fromJsonSchema(JsonSchemaDefinition.builder()
                            .name(request.responseFormat().jsonSchema().name()).schema(raw.schema()).build()))
                    .build());
        }
        if (effort != null && !dropped.contains(EFFORT)) {
            output = (output == null ? OutputConfig.builder() : output).effort(effort);
        }
        if (output != null) {
            b.outputConfig(output.build());
        }
        return b.build();
    }

    /** The optional parameters a Converse request carries, by the names the judge drops them by. */
    static Set<String> sentParameters(ConverseRequest r) {
        Set<String> sent = new LinkedHashSet<>();
        if (r.inferenceConfig() != null && r.inferenceConfig().temperature() != null) {
            sent.add(TEMPERATURE);
        }
        if (r.inferenceConfig() != null && r.inferenceConfig().maxTokens() != null) {
            sent.add(MAX_TOKENS);
        }
        if (r.outputConfig() != null && r.outputConfig().effort() != null) {
            sent.add(EFFORT);
        }
        return sent;
    }

    /** A tool's input schema as JSON: the judge's tool carries the response schema's properties. */
    private static JsonNode toolSchema(dev.langchain4j.agent.tool.ToolSpecification t) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("type", "object");
        ObjectNode props = root.putObject("properties");
        ArrayNode required = root.putArray("required");
        if (t.parameters() != null) {
            t.parameters().properties().forEach((name, element) -> {
                if (element instanceof JsonRawSchema raw) {
                    try {
                        props.set(name, Json.MAPPER.readTree(raw.schema()));
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException("tool schema of " + name, e);
                    }
                } else {
                    throw new IllegalStateException("only raw JSON schemas are sent to Bedrock (" + name + ")");
                }
            });
            if (t.parameters().required() != null) {
                t.parameters().required().forEach(required::add);
            }
            if (Boolean.FALSE.equals(t.parameters().additionalProperties())) {
                root.put("additionalProperties", false);
            }
        }
        return root;
    }

    static ChatResponse chatResponse(ConverseResponse r) {
        StringBuilder text = new StringBuilder();
        List<ToolExecutionRequest> calls = new ArrayList<>();
        if (r.output() != null && r.output().message() != null) {
            for (ContentBlock c : r.output().message().content()) {
                if (c.toolUse() != null) {
                    ToolUseBlock u = c.toolUse();
                    calls.add(ToolExecutionRequest.builder().id(u.toolUseId()).name(u.name()).arguments(json(u.input()).toString()).build());
                } else if (c.text() != null) {
                    text.append(c.text());
                }
            }
        }
        AiMessage message = calls.isEmpty() ? AiMessage.from(text.toString())
                : text.length() == 0 ? AiMessage.from(calls) : AiMessage.from(text.toString(), calls);
        TokenUsage usage = null;
        if (r.usage() != null) {
            // Converse's inputTokens leaves out the tokens read from and written to the prompt cache, as Anthropic's does
            int read = r.usage().cacheReadInputTokens() == null ? 0 : r.usage().cacheReadInputTokens();
            int written = r.usage().cacheWriteInputTokens() == null ? 0 : r.usage().cacheWriteInputTokens();
            usage = new HostTokenUsage(nz(r.usage().inputTokens()) + read + written, nz(r.usage().outputTokens()), read);
        }
        return ChatResponse.builder().aiMessage(message).tokenUsage(usage).finishReason(finishReason(r)).build();
    }

    private static int nz(Integer i) {
        return i == null ? 0 : i;
    }

    private static FinishReason finishReason(ConverseResponse r) {
        if (r.stopReason() == null) {
            return null;
        }
        return switch (r.stopReason()) {
            case MAX_TOKENS, MODEL_CONTEXT_WINDOW_EXCEEDED -> FinishReason.LENGTH;
            case TOOL_USE -> FinishReason.TOOL_EXECUTION;
            case CONTENT_FILTERED, GUARDRAIL_INTERVENED -> FinishReason.CONTENT_FILTER;
            case END_TURN, STOP_SEQUENCE -> FinishReason.STOP;
            default -> FinishReason.OTHER;
        };
    }

    /**
     * The service error as the other providers' errors look: status, {"error": {"type", "message"}}, Retry-After, and
     * the optional parameters the refused request carried ({@code sent}).
     */
    static ProviderHttpException asProviderError(AwsServiceException e, Set<String> sent) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode err = body.putObject("error");
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        if (code != null) {
            err.put("type", code);
        }
        err.put("message", message != null ? message : e.getMessage() == null ? "" : e.getMessage());
        java.time.Duration retryAfter = null;
        if (e.awsErrorDetails() != null && e.awsErrorDetails().sdkHttpResponse() != null) {
            retryAfter = RetryPolicy.retryAfter(e.awsErrorDetails().sdkHttpResponse().headers(), Clock.systemUTC()).orElse(null);
        }
        int status = e.statusCode();
        if (status == 0) {
            // an error without an HTTP status: treat by its code
            status = code != null && code.contains("Throttling") ? 429 : 500;
        }
        return new ProviderHttpException(status, body.toString(), retryAfter, sent);
    }

    /** Jackson JSON to the SDK's document type (the tool's input schema). */
    static Document document(JsonNode n) {
        if (n == null || n.isNull()) {
            return Document.fromNull();
        }
        if (n.isObject()) {
            Map<String, Document> m = new LinkedHashMap<>();
            n.fields().forEachRemaining(f -> m.put(f.getKey(), document(f.getValue())));
            return Document.fromMap(m);
        }
        if (n.isArray()) {
            List<Document> l = new ArrayList<>();
            n.forEach(x -> l.add(document(x)));
            return Document.fromList(l);
        }
        if (n.isBoolean()) {
            return Document.fromBoolean(n.booleanValue());
        }
        if (n.isNumber()) {
            return Document.fromNumber(SdkNumber.fromBigDecimal(n.decimalValue()));
        }
        return Document.fromString(n.asText());
    }

    /** The SDK's document type to Jackson JSON (the tool call's input). */
    static JsonNode json(Document d) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (d == null || d.isNull()) {
            return f.nullNode();
        }
        if (d.isMap()) {
            ObjectNode o = f.objectNode();
            d.asMap().forEach((k, v) -> o.set(k, json(v)));
            return o;
        }
        if (d.isList()) {
            ArrayNode a = f.arrayNode();
            d.asList().forEach(v -> a.add(json(v)));
            return a;
        }
        if (d.isBoolean()) {
            return f.booleanNode(d.asBoolean());
        }
        if (d.isNumber()) {
            return f.numberNode(new BigDecimal(d.asNumber().stringValue()));
        }
        return f.textNode(d.asString());
    }
}
