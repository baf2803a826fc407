/** Conversations with the assistant and their messages. */
export interface AssistantTables {
  assistant_conversations: {
    id: string;
    shopper_id: string;
    /** `assistant` while the model answers, `human` while a person has taken over. */
    status: string;
    /** 1 once the shopper asked for a person and no one has taken over yet. */
    handoff_requested: number;
    /** JSON of the pending confirmation the last assistant turn asked for, or null. */
    pending_confirmation: string | null;
    taken_over_by: string | null;
    message_count: number;
    created_at: number;
    updated_at: number;
  };
  assistant_messages: {
    id: string;
    conversation_id: string;
    /** Position in the conversation, from 1. */
    seq: number;
    /** `shopper`, `assistant` or `human`. */
    role: string;
    text: string;
    /** JSON array of cards shown with the message. */
    cards: string;
    /** The model that produced an assistant message (`local`, `openai-compatible:qwen-plus`, ...). */
    model_id: string | null;
    degraded: number;
    /** JSON array of AI SDK model messages of this turn (tool calls and results), for the next turns. */
    model_messages: string;
    created_at: number;
  };
}
