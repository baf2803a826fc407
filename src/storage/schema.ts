import type { AgentTables } from './tables/agent-tables.js';
import type { AssistantTables } from './tables/assistant-tables.js';
import type { CatalogTables } from './tables/catalog-tables.js';
import type { CommerceTables } from './tables/commerce-tables.js';
import type { CoreTables } from './tables/core-tables.js';
import type { FraudTables } from './tables/fraud-tables.js';
import type { PromotionTables } from './tables/promotion-tables.js';

/**
 * The whole relational schema as Kysely sees it. Timestamps are epoch milliseconds (bigint),
 * money is integer minor units beside a currency column, JSON is stored as text so that both
 * SQLite and PostgreSQL hold it the same way.
 */
export interface Database
  extends CoreTables,
    CatalogTables,
    CommerceTables,
    PromotionTables,
    AssistantTables,
    AgentTables,
    FraudTables {}
