import type { Migration, MigrationProvider } from 'kysely';
import * as core from './001-core.js';
import * as catalog from './002-catalog.js';
import * as commerce from './003-commerce.js';
import * as promotions from './004-promotions.js';
import * as claimBatch from './005-claim-batch.js';
import * as redemption from './006-redemption.js';
import * as assistant from './007-assistant.js';
import * as cartCheckoutLock from './008-cart-checkout-lock.js';
import * as claimBatchSet from './009-claim-batch-set.js';
import * as claimProbeLateral from './010-claim-probe-lateral.js';
import * as orderCouponRelease from './011-order-coupon-release.js';
import * as couponIndexes from './012-coupon-indexes.js';
import * as idempotencyOwner from './013-idempotency-owner.js';
import * as agentCheckoutSessions from './014-agent-checkout-sessions.js';
import * as orderChannel from './015-order-channel.js';
import * as paymentKeys from './016-payment-keys.js';
import * as testPaymentCards from './017-test-payment-cards.js';
import * as scrubCardNumbers from './018-scrub-card-numbers.js';
import * as idempotencyAnswers from './019-idempotency-answers.js';
import * as agentPlatforms from './020-agent-platforms.js';
import * as delegatedPayments from './021-delegated-payments.js';
import * as fraud from './022-fraud.js';

/** Every migration in order. The same list creates the SQLite and the PostgreSQL schema. */
const MIGRATIONS: Record<string, Migration> = {
  '001-core': core,
  '002-catalog': catalog,
  '003-commerce': commerce,
  '004-promotions': promotions,
  '005-claim-batch': claimBatch,
  '006-redemption': redemption,
  '007-assistant': assistant,
  '008-cart-checkout-lock': cartCheckoutLock,
  '009-claim-batch-set': claimBatchSet,
  '010-claim-probe-lateral': claimProbeLateral,
  '011-order-coupon-release': orderCouponRelease,
  '012-coupon-indexes': couponIndexes,
  '013-idempotency-owner': idempotencyOwner,
  '014-agent-checkout-sessions': agentCheckoutSessions,
  '015-order-channel': orderChannel,
  '016-payment-keys': paymentKeys,
  '017-test-payment-cards': testPaymentCards,
  '018-scrub-card-numbers': scrubCardNumbers,
  '019-idempotency-answers': idempotencyAnswers,
  '020-agent-platforms': agentPlatforms,
  '021-delegated-payments': delegatedPayments,
  '022-fraud': fraud,
};

/** Hands Kysely's migrator the migrations compiled into the program (no file-system scan). */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
