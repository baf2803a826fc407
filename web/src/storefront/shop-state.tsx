import i18next from 'i18next';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, describeError } from '../shared/api.js';
import type { Cart } from '../shared/types.js';
import { shopperRequest } from './session.js';

/** What every storefront screen shares: the cart, the drawer, and a polite live announcer. */
export interface ShopState {
  readonly cart: Cart | undefined;
  /** Why the cart cannot be shown (route missing, server down), when it cannot. */
  readonly cartError: string | undefined;
  readonly cartOpen: boolean;
  openCart(): void;
  closeCart(): void;
  refreshCart(): Promise<void>;
  setCart(cart: Cart): void;
  addToCart(variantId: string, quantity: number, title?: string): Promise<void>;
  announce(message: string): void;
  readonly announcement: string;
}

const ShopContext = createContext<ShopState | undefined>(undefined);

/** Reads the shared storefront state. */
export function useShop(): ShopState {
  const state = useContext(ShopContext);
  if (state === undefined) throw new Error('useShop outside ShopProvider');
  return state;
}

/** Number of items in a cart. */
export function cartCount(cart: Cart | undefined): number {
  return cart?.lines.reduce((sum, line) => sum + line.quantity, 0) ?? 0;
}

/** Holds the storefront's shared state. */
export function ShopProvider({ children }: { children: React.ReactNode }) {
  const [cart, setCart] = useState<Cart>();
  const [cartError, setCartError] = useState<string>();
  const [cartOpen, setCartOpen] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const announceTimer = useRef<number | undefined>(undefined);

  const announce = useCallback((message: string) => {
    setAnnouncement('');
    window.clearTimeout(announceTimer.current);
    // Clearing first makes screen readers repeat an identical message.
    announceTimer.current = window.setTimeout(() => setAnnouncement(message), 50);
  }, []);

  const refreshCart = useCallback(async () => {
    try {
      const { data } = await shopperRequest<Cart>('/api/v1/cart');
      setCart(data);
      setCartError(undefined);
    } catch (error) {
      setCartError(
        error instanceof ApiError && error.code === 'ROUTE_NOT_FOUND'
          ? i18next.t('storefront:cart.unavailable')
          : describeError(error),
      );
    }
  }, []);

  const addToCart = useCallback(
    async (variantId: string, quantity: number, title?: string) => {
      const { data } = await shopperRequest<Cart>('/api/v1/cart/lines', {
        method: 'POST',
        body: { variantId, quantity },
      });
      setCart(data);
      setCartError(undefined);
      announce(i18next.t('storefront:cart.added', { title: title ?? i18next.t('storefront:cart.item') }));
    },
    [announce],
  );

  useEffect(() => {
    void refreshCart();
  }, [refreshCart]);

  const value = useMemo<ShopState>(
    () => ({
      cart,
      cartError,
      cartOpen,
      openCart: () => setCartOpen(true),
      closeCart: () => setCartOpen(false),
      refreshCart,
      setCart,
      addToCart,
      announce,
      announcement,
    }),
    [cart, cartError, cartOpen, refreshCart, addToCart, announce, announcement],
  );
  return <ShopContext.Provider value={value}>{children}</ShopContext.Provider>;
}
