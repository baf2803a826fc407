import { useState } from 'react';

/** Up to two initials of a product title, for the drawn placeholder. */
export function initials(title: string): string {
  const words = title
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const letters = words.slice(0, 2).map((word) => [...word][0]?.toUpperCase() ?? '');
  return letters.join('') || '?';
}

function hue(text: string): number {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 360;
  return hash;
}

/** A product image that falls back to a drawn tile with the title's initials when the image is missing or fails. */
export function ProductImage({
  src,
  title,
  size = 'card',
}: {
  src?: string | undefined;
  title: string;
  size?: 'card' | 'thumb' | 'hero';
}) {
  const [failed, setFailed] = useState(false);
  const className = `product-image product-image--${size}`;
  if (src === undefined || src === '' || failed) {
    const h = hue(title);
    return (
      <div className={className} role="img" aria-label={`${title} (no photo)`} data-placeholder="true">
        <svg viewBox="0 0 100 100" preserveAspectRatio="xMidYMid slice" aria-hidden="true" focusable="false">
          <rect width="100" height="100" fill={`hsl(${h} 45% 88%)`} />
          <circle cx="78" cy="22" r="30" fill={`hsl(${(h + 40) % 360} 50% 80%)`} />
          <text x="50" y="60" textAnchor="middle" fontSize="30" fontWeight="700" fill={`hsl(${h} 55% 25%)`}>
            {initials(title)}
          </text>
        </svg>
      </div>
    );
  }
  return (
    <div className={className}>
      <img
        src={src}
        alt={title}
        loading="lazy"
        decoding="async"
        referrerPolicy="no-referrer"
        onError={() => setFailed(true)}
      />
    </div>
  );
}
