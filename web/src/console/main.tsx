import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/base.css';
import './console.css';
import { startI18n } from '../shared/i18n.js';
import { ConsoleApp } from './app.js';
import { consoleMessages } from './locales/messages.js';

startI18n(consoleMessages);

const root = document.getElementById('root');
if (root !== null) {
  createRoot(root).render(
    <StrictMode>
      <ConsoleApp />
    </StrictMode>,
  );
}
