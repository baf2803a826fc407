/** One line of a chart: a name, a colour, its points and which y axis it uses. */
export interface ChartSeries {
  readonly name: string;
  readonly color: string;
  readonly points: readonly (readonly [number, number])[];
  readonly axis: 'left' | 'right';
}

/** Writes a line chart as a standalone SVG string (no browser): two y axes, a legend, grid lines. */
export function lineChart(options: {
  title: string;
  xLabel: string;
  leftLabel: string;
  rightLabel: string;
  series: readonly ChartSeries[];
  width?: number;
  height?: number;
}): string {
  const width = options.width ?? 900;
  const height = options.height ?? 420;
  const margin = { top: 48, right: 70, bottom: 48, left: 70 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const all = options.series.flatMap((series) => series.points);
  const maxX = Math.max(1, ...all.map(([x]) => x));
  const maxFor = (axis: 'left' | 'right') =>
    niceMax(
      Math.max(
        1,
        ...options.series.filter((s) => s.axis === axis).flatMap((s) => s.points.map(([, y]) => y)),
      ),
    );
  const maxLeft = maxFor('left');
  const maxRight = maxFor('right');
  const x = (value: number) => margin.left + (value / maxX) * plotWidth;
  const y = (value: number, axis: 'left' | 'right') =>
    margin.top +
    plotHeight -
    (Math.min(value, axis === 'left' ? maxLeft : maxRight) / (axis === 'left' ? maxLeft : maxRight)) *
      plotHeight;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    // The title names the chart for screen readers and for tools that show SVG tooltips.
    `<title>${escapeXml(options.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="15">${escapeXml(options.title)}</text>`,
  ];
  for (let tick = 0; tick <= 5; tick++) {
    const fraction = tick / 5;
    const lineY = margin.top + plotHeight - fraction * plotHeight;
    parts.push(
      `<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${lineY}" y2="${lineY}" stroke="#e5e5e5"/>`,
    );
    parts.push(
      `<text x="${margin.left - 6}" y="${lineY + 4}" text-anchor="end">${format(maxLeft * fraction)}</text>`,
    );
    parts.push(
      `<text x="${margin.left + plotWidth + 6}" y="${lineY + 4}">${format(maxRight * fraction)}</text>`,
    );
    const tickX = margin.left + fraction * plotWidth;
    parts.push(
      `<text x="${tickX}" y="${margin.top + plotHeight + 16}" text-anchor="middle">${format(maxX * fraction)}</text>`,
    );
  }
  parts.push(
    `<rect x="${margin.left}" y="${margin.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#999"/>`,
    `<text x="${width / 2}" y="${height - 8}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`,
    `<text transform="translate(16 ${margin.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${escapeXml(options.leftLabel)}</text>`,
    `<text transform="translate(${width - 12} ${margin.top + plotHeight / 2}) rotate(90)" text-anchor="middle">${escapeXml(options.rightLabel)}</text>`,
  );
  options.series.forEach((series, index) => {
    const path = series.points.map(
      ([px, py], point) => `${point === 0 ? 'M' : 'L'}${x(px).toFixed(1)},${y(py, series.axis).toFixed(1)}`,
    );
    if (path.length > 0)
      parts.push(`<path d="${path.join('')}" fill="none" stroke="${series.color}" stroke-width="2"/>`);
    const legendX = margin.left + 10 + index * 190;
    parts.push(
      `<line x1="${legendX}" x2="${legendX + 20}" y1="${margin.top - 10}" y2="${margin.top - 10}" stroke="${series.color}" stroke-width="3"/>`,
      `<text x="${legendX + 26}" y="${margin.top - 6}">${escapeXml(series.name)} (${series.axis})</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function niceMax(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function format(value: number): string {
  return value >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}

/** Escapes text for SVG content. */
export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
