export { loadSecrets, type Secrets } from './secrets.js';
export { createSqlShopperStore, type Shopper, type ShopperStore } from './shopper-store.js';
export { createTokenService, type ShopperClaims, type TokenService } from './token-service.js';
