/**
 * Connection types n8n writes: `main` carries items; the `ai_*` types wire AI sub-nodes into a root node.
 *
 * @example
 * CONNECTION_TYPES.has("ai_tool"); // true
 */
export const CONNECTION_TYPES: ReadonlySet<string> = new Set([
  "main",
  "ai_languageModel",
  "ai_tool",
  "ai_memory",
  "ai_outputParser",
  "ai_embedding",
  "ai_document",
  "ai_textSplitter",
  "ai_vectorStore",
  "ai_retriever",
  "ai_reranker",
  "ai_agent",
  "ai_chain",
]);
