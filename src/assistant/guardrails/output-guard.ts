import { stripInvisible } from '../tools/tool-output.js';

/** Longest reply the assistant sends, in characters. */
export const MAX_REPLY_CHARS = 2_000;

/**
 * Makes a reply safe to render as markdown: no raw HTML (tags become plain text), no script links,
 * no images pointing anywhere, bounded length.
 */
export function sanitizeReply(text: string): string {
  let safe = stripInvisible(text, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|iframe|object)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<\/?[a-zA-Z][^>]*>/g, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\(\s*(?:javascript|data|vbscript):(?:[^()]|\([^)]*\))*\)/gi, '$1');

  if (safe.length > MAX_REPLY_CHARS) safe = `${safe.slice(0, MAX_REPLY_CHARS - 1)}…`;
  return safe.trim();
}
