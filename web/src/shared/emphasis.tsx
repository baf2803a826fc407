import { Fragment, type ReactNode } from 'react';

/**
 * Assistant text with its **bold** spans shown bold. That is all the markdown the replies use; the
 * rest stays plain text, and React escapes every piece, so a reply can never inject markup.
 */
export function withEmphasis(text: string): ReactNode[] {
  return text.split(/\*\*(.+?)\*\*/gs).map((piece, index) =>
    // biome-ignore lint/suspicious/noArrayIndexKey: the pieces of one string never reorder
    index % 2 === 1 ? <strong key={index}>{piece}</strong> : <Fragment key={index}>{piece}</Fragment>,
  );
}
