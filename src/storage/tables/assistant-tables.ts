/** Conversations with the assistant. */
// biome-ignore lint/complexity/noBannedTypes: filled in by the assistant migration.
export type AssistantTables = {};
