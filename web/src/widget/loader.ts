/**
 * The embeddable widget loader served as /widget.js. One script tag on any page adds a corner button that opens
 * the Rushcart assistant in a panel. The panel is an iframe of this server's /widget page, so the host page's
 * styles and scripts never touch the shop, and the shop never reads the host page.
 *
 * Options (attributes on the script tag): data-position="left" | "right" (default right), data-open="true"
 * to start open, data-label="Ask us" for the button text, data-lang="zh-CN" | "en" for the language (default:
 * the host page's `<html lang>`, else the visitor's browser).
 */
interface RushcartWidget {
  open(): void;
  close(): void;
  toggle(): void;
}

declare global {
  interface Window {
    RushcartWidget?: RushcartWidget;
  }
}

(() => {
  if (window.RushcartWidget !== undefined) return;
  const script = document.currentScript as HTMLScriptElement | null;
  const origin = new URL(script?.src ?? '/widget.js', window.location.href).origin;
  const side = script?.dataset.position === 'left' ? 'left' : 'right';
  // The loader stays tiny, so its one default string is here rather than in the apps' translations.
  const pageLang = script?.dataset.lang ?? (document.documentElement.lang || undefined);
  const chinese = /^zh\b/i.test(pageLang ?? navigator.language);
  const label = script?.dataset.label ?? (chinese ? '购物助手' : 'Shopping assistant');

  const host = document.createElement('div');
  host.setAttribute('data-rushcart-widget', '');
  const shadow = host.attachShadow({ mode: 'open' });

  const button = document.createElement('button');
  button.type = 'button';
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', 'rushcart-panel');
  Object.assign(button.style, {
    position: 'fixed',
    bottom: '20px',
    [side]: '20px',
    zIndex: '2147483646',
    display: 'flex',
    alignItems: 'center',
    gap: '8px',
    minHeight: '52px',
    padding: '0 18px',
    border: 'none',
    borderRadius: '999px',
    background: '#0b5cad',
    color: '#ffffff',
    font: '600 16px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    boxShadow: '0 4px 16px rgba(0,0,0,0.25)',
    cursor: 'pointer',
  } satisfies Partial<CSSStyleDeclaration> & Record<string, string>);
  const icon = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  icon.setAttribute('viewBox', '0 0 24 24');
  icon.setAttribute('width', '22');
  icon.setAttribute('height', '22');
  icon.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '2');
  icon.append(path);
  const text = document.createElement('span');
  text.textContent = label;
  button.append(icon, text);

  const panel = document.createElement('div');
  panel.id = 'rushcart-panel';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', label);
  panel.hidden = true;
  const narrow = () => window.innerWidth < 520;
  const placePanel = () => {
    Object.assign(panel.style, {
      position: 'fixed',
      zIndex: '2147483647',
      background: '#ffffff',
      boxShadow: '0 8px 32px rgba(0,0,0,0.3)',
      overflow: 'hidden',
      ...(narrow()
        ? { inset: '0', width: '100%', height: '100%', borderRadius: '0', left: '0', right: '0', bottom: '0' }
        : {
            bottom: '84px',
            [side]: '20px',
            width: '400px',
            height: 'min(640px, calc(100vh - 110px))',
            borderRadius: '14px',
          }),
    });
  };
  placePanel();
  window.addEventListener('resize', placePanel);

  let frame: HTMLIFrameElement | undefined;
  const open = () => {
    if (frame === undefined) {
      frame = document.createElement('iframe');
      // A page that names its language gets the panel in it; otherwise the frame reads the browser's.
      frame.src = `${origin}/widget${pageLang === undefined ? '' : `?lang=${encodeURIComponent(pageLang)}`}`;
      frame.title = label;
      frame.setAttribute('allow', 'clipboard-write');
      Object.assign(frame.style, { border: '0', width: '100%', height: '100%', display: 'block' });
      panel.append(frame);
    }
    panel.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    frame.focus();
  };
  const close = () => {
    panel.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  };
  const toggle = () => (panel.hidden ? open() : close());
  button.addEventListener('click', toggle);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !panel.hidden) close();
  });
  // The framed page asks to close (its close button, or Escape pressed inside it).
  window.addEventListener('message', (event) => {
    if (event.origin !== origin) return;
    if (event.data === 'rushcart:close') close();
  });

  shadow.append(panel, button);
  const attach = () => {
    document.body.append(host);
    if (script?.dataset.open === 'true') open();
  };
  if (document.body === null) document.addEventListener('DOMContentLoaded', attach);
  else attach();
  window.RushcartWidget = { open, close, toggle };
})();

export {};
