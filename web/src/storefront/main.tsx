import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/base.css';
import './storefront.css';
import { startI18n } from '../shared/i18n.js';
import { StorefrontApp } from './app.js';
import { storefrontMessages } from './locales/messages.js';

startI18n(storefrontMessages);

const root = document.getElementById('root');
if (root !== null) {
  createRoot(root).render(
    <StrictMode>
      <StorefrontApp />
    </StrictMode>,
  );
}
