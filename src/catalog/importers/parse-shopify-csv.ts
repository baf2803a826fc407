import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { currencyExponent, parseMajorUnits } from '../../shared/money.js';
import { CATALOG_LIMITS, type ProductInput, ProductInputSchema } from '../product-input.js';
import { type ImportProblem, importFailed } from './import-errors.js';

/** One CSV record with its spreadsheet row number. */
interface CsvRow {
  readonly line: number;
  readonly fields: Readonly<Record<string, string>>;
}

/** A product being gathered from the rows that share its handle. */
interface Draft {
  readonly handle: string;
  readonly line: number;
  readonly first: Readonly<Record<string, string>>;
  readonly optionNames: readonly string[];
  readonly variants: {
    line: number;
    options: Record<string, string>;
    sku?: string;
    price: number;
    stock: number;
  }[];
  readonly images: string[];
}

const OPTION_COLUMNS = [1, 2, 3] as const;

/**
 * Reads Shopify's product CSV export. Rows sharing a Handle are one product: the first carries the
 * product's columns, later ones only variant or image columns. Prices are decimals in `currency`.
 * Throws IMPORT_FAILED naming the CSV line of every bad row.
 */
export function parseShopifyCsv(text: string, currency = 'USD'): ProductInput[] {
  const rows = readRows(text);
  const problems: ImportProblem[] = [];
  const drafts = new Map<string, Draft>();

  for (const row of rows) {
    const field = (name: string) => (row.fields[name] ?? '').trim();
    const handle = field('Handle');
    if (handle === '') {
      problems.push({ row: row.line, path: 'Handle', message: 'every row needs a Handle' });
      continue;
    }
    let draft = drafts.get(handle);
    if (draft === undefined) {
      if (field('Title') === '') {
        problems.push({ row: row.line, path: 'Title', message: `the first row of ${handle} needs a Title` });
        continue;
      }
      draft = {
        handle,
        line: row.line,
        first: row.fields,
        optionNames: OPTION_COLUMNS.map((n) => field(`Option${n} Name`)),
        variants: [],
        images: [],
      };
      drafts.set(handle, draft);
    }
    for (const column of ['Image Src', 'Variant Image']) {
      const url = field(column);
      if (url !== '' && !draft.images.includes(url)) draft.images.push(url);
    }

    const isVariantRow =
      field('Variant Price') !== '' || field('Option1 Value') !== '' || field('Variant SKU') !== '';
    if (!isVariantRow) continue;
    const price = parseMajorUnits(field('Variant Price'), currency);
    if (price === undefined) {
      const digits = currencyExponent(currency);
      problems.push({
        row: row.line,
        path: 'Variant Price',
        message: `"${field('Variant Price').slice(0, 40)}" is not a ${currency} price (use digits with ${digits === 0 ? 'no decimals' : `up to ${digits} decimals`}, e.g. ${digits === 0 ? '1200' : `19.${'9'.repeat(digits)}`})`,
      });
      continue;
    }
    const quantity = field('Variant Inventory Qty');
    if (quantity !== '' && !/^-?\d{1,10}$/.test(quantity)) {
      problems.push({
        row: row.line,
        path: 'Variant Inventory Qty',
        message: `"${quantity.slice(0, 40)}" is not a whole number`,
      });
      continue;
    }
    const options: Record<string, string> = {};
    OPTION_COLUMNS.forEach((n, position) => {
      const name = draft.optionNames[position] ?? '';
      const value = field(`Option${n} Value`);
      // Shopify writes a product without options as Option1 "Title" = "Default Title".
      if (name === '' || value === '' || (name === 'Title' && value === 'Default Title')) return;
      options[name] = value;
    });
    const sku = field('Variant SKU');
    draft.variants.push({
      line: row.line,
      options,
      ...(sku === '' ? {} : { sku }),
      price,
      // Shopify allows overselling into negative inventory; here that simply means none on hand.
      stock: quantity === '' ? 0 : Math.max(0, Number(quantity)),
    });
  }

  const products: ProductInput[] = [];
  for (const draft of drafts.values()) {
    if (draft.variants.length === 0) {
      problems.push({
        row: draft.line,
        path: 'Variant Price',
        message: `product ${draft.handle} has no variant rows`,
      });
      continue;
    }
    const candidate = toInput(draft, currency);
    const parsed = ProductInputSchema.safeParse(candidate);
    if (parsed.success) {
      products.push(parsed.data);
      continue;
    }
    for (const issue of parsed.error.issues) {
      const [head, index] = issue.path;
      const line = head === 'variants' && typeof index === 'number' ? draft.variants[index]?.line : undefined;
      problems.push({ row: line ?? draft.line, path: columnFor(issue.path), message: issue.message });
    }
  }
  if (problems.length > 0) throw importFailed(problems.sort((a, b) => a.row - b.row));
  if (products.length === 0) throw importFailed([{ row: 1, message: 'the file contains no products' }]);
  return products;
}

function readRows(text: string): CsvRow[] {
  let records: { record: Record<string, string> }[];
  try {
    records = parse(text, {
      bom: true,
      columns: true,
      skip_empty_lines: true,
      info: true,
      max_record_size: 1_000_000,
    }) as { record: Record<string, string> }[];
  } catch (error) {
    // csv-parse's sync and stream entry points load separate copies of CsvError, so match on the code.
    if (error instanceof Error && String((error as Error & { code?: unknown }).code).startsWith('CSV_')) {
      const line = (error as Error & { lines?: number }).lines ?? 0;
      throw importFailed([{ row: line, message: `not a valid CSV file: ${error.message}` }]);
    }
    throw error;
  }
  const header = records[0]?.record;
  if (header === undefined) throw importFailed([{ row: 1, message: 'the file contains no products' }]);
  for (const required of ['Handle', 'Title', 'Variant Price']) {
    if (!(required in header)) {
      throw importFailed([
        {
          row: 1,
          path: required,
          message: `the header has no "${required}" column (expected Shopify's product CSV)`,
        },
      ]);
    }
  }
  // Rows are numbered as a spreadsheet shows them (the header is row 1), whatever line breaks quoted fields hold.
  return records.map(({ record }, index) => ({ line: index + 2, fields: record }));
}

function toInput(draft: Draft, currency: string): unknown {
  const field = (name: string) => (draft.first[name] ?? '').trim();
  const vendor = field('Vendor');
  const category = field('Type') || field('Product Category').split('>').at(-1)?.trim() || undefined;
  const tags = [
    ...new Set(
      field('Tags')
        .split(',')
        .map((tag) => tag.trim())
        .filter((tag) => tag !== ''),
    ),
  ];
  return {
    id: productIdForHandle(draft.handle),
    title: field('Title'),
    description: htmlToText(field('Body (HTML)')).slice(0, CATALOG_LIMITS.descriptionLength),
    ...(category === undefined ? {} : { category }),
    brand: vendor === '' ? null : vendor,
    tags: tags.slice(0, CATALOG_LIMITS.tags),
    images: draft.images.filter((url) => /^https?:\/\//.test(url)).slice(0, CATALOG_LIMITS.images),
    variants: draft.variants.map((variant) => ({
      ...(variant.sku === undefined ? {} : { sku: variant.sku }),
      options: variant.options,
      price: { amount: variant.price, currency },
      stock: variant.stock,
    })),
  };
}

/** Our product id for a Shopify handle: readable when the handle is tame, hashed otherwise. */
export function productIdForHandle(handle: string): string {
  if (/^[a-z0-9][a-z0-9-]{0,59}$/i.test(handle)) return `prd_shopify_${handle.toLowerCase()}`;
  return `prd_shopify_${createHash('sha256').update(handle).digest('hex').slice(0, 24)}`;
}

/** Plain text from a product description's HTML: tags dropped, common entities decoded, spaces collapsed. */
export function htmlToText(html: string): string {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return html
    .replace(/<(br|\/p|\/li|\/h\d)\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (entity, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X'))
        return safeCodePoint(Number.parseInt(name.slice(2), 16), entity);
      if (name.startsWith('#')) return safeCodePoint(Number(name.slice(1)), entity);
      return entities[name.toLowerCase()] ?? entity;
    })
    .replace(/\p{Cc}/gu, (character) => (character === '\n' ? '\n' : ' '))
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

function safeCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code > 0x1f && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
    ? String.fromCodePoint(code)
    : fallback;
}

function columnFor(path: readonly PropertyKey[]): string {
  const [head, , field] = path;
  if (head === 'variants') {
    if (field === 'price') return 'Variant Price';
    if (field === 'stock') return 'Variant Inventory Qty';
    if (field === 'sku') return 'Variant SKU';
    if (field === 'options') return 'Option Values';
    return 'Variant';
  }
  const columns: Record<string, string> = {
    title: 'Title',
    description: 'Body (HTML)',
    category: 'Type',
    brand: 'Vendor',
    tags: 'Tags',
    images: 'Image Src',
  };
  return typeof head === 'string' ? (columns[head] ?? head) : '';
}
