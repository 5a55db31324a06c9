package org.speccxr.judge.llm;

import org.speccxr.entity.EntitySet;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeOptions;
import org.speccxr.judge.JudgeProvider;
import org.speccxr.judge.ReportPair;

import java.util.List;

/**
 * The LLM judges, one provider per API: {@code openai:MODEL}, {@code anthropic:MODEL}, {@code ollama:MODEL},
 * {@code azure:DEPLOYMENT}, {@code bedrock:MODEL_ID}, {@code gemini:MODEL}, {@code vertex:MODEL}.
 */
public abstract class LlmJudgeProvider implements JudgeProvider {
    private final Provider provider;

    LlmJudgeProvider(Provider provider) {
        this.provider = provider;
    }

    @Override
    public String name() {
        return provider.id();
    }

    @Override
    public boolean needsModel() {
        return true;
    }

    @Override
    public Judge create(String model, JudgeOptions options, EntitySet set) {
        return LlmJudges.create(provider.id(), model, options, set);
    }

    @Override
    public String dryRun(String model, JudgeOptions options, EntitySet set, List<ReportPair> pairs, int runs) {
        return LlmJudges.dryRun(provider.id(), model, options, set, pairs, runs);
    }

    public static final class OpenAi extends LlmJudgeProvider {
        public OpenAi() {
            super(Provider.OPENAI);
        }
    }

    public static final class Anthropic extends LlmJudgeProvider {
        public Anthropic() {
            super(Provider.ANTHROPIC);
        }
    }

    /** Azure OpenAI's v1 endpoint: {@code azure:DEPLOYMENT}. */
    public static final class Azure extends LlmJudgeProvider {
        public Azure() {
            super(Provider.AZURE);
        }
    }

    /** Amazon Bedrock's Converse API: {@code bedrock:MODEL_ID}. */
    public static final class Bedrock extends LlmJudgeProvider {
        public Bedrock() {
            super(Provider.BEDROCK);
        }
    }

    /** The Gemini API: {@code gemini:MODEL}. */
    public static final class Gemini extends LlmJudgeProvider {
        public Gemini() {
            super(Provider.GEMINI);
        }
    }

    /** Gemini on Vertex AI: {@code vertex:MODEL}. */
    public static final class Vertex extends LlmJudgeProvider {
        public Vertex() {
            super(Provider.VERTEX);
        }
    }

    public static final class Ollama extends LlmJudgeProvider {
        public Ollama() {
            super(Provider.OLLAMA);
        }
    }
}
