/** The assistant domain's public surface: other domains import only from here. */
export type { AssistantEvent, AssistantService, TurnReply } from './assistant-service.js';
export { createAssistantService, SYSTEM_PROMPT } from './assistant-service.js';
export type { Card } from './cards.js';
export type {
  ConversationRecord,
  ConversationStore,
  NewMessage,
  StoredMessage,
} from './conversation-store.js';
export { newConversation } from './conversation-store.js';
export type { ConversationView } from './conversation-views.js';
export { type Assistant, createAssistant, type ModelStatus } from './create-assistant.js';
export { type AssistantDomains, createAssistantServices } from './domain-adapters.js';
export { LOCAL_MODEL_ID, LocalModel } from './local-model/local-model.js';
export type {
  AssistantAddress,
  AssistantCart,
  AssistantOrder,
  AssistantServices,
} from './services.js';
export { describeReward } from './tools/describe-reward.js';
export { type ConfirmableAction, hashArgs } from './tools/pending-confirmation.js';
export { TOOL_NAMES } from './tools/tool-names.js';
export {
  cartView,
  checkoutSummary,
  cleanText,
  couponView,
  offerView,
  orderView,
  productDetail,
  productRow,
} from './tools/tool-output.js';
