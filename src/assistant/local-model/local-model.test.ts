import type {
  JSONValue,
  LanguageModelV3CallOptions,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
} from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { readConversation } from './conversation-view.js';
import { dialogueState } from './dialogue-state.js';
import { LocalModel } from './local-model.js';

const TOOLS: LanguageModelV3CallOptions['tools'] = ['search_products', 'get_product', 'add_to_cart'].map(
  (name) => ({
    type: 'function' as const,
    name,
    inputSchema: { type: 'object' as const },
  }),
);

const user = (text: string): LanguageModelV3Prompt[number] => ({
  role: 'user',
  content: [{ type: 'text', text }],
});
const searchResult = {
  ok: true,
  total: 2,
  offset: 0,
  items: [
    {
      ref: 1,
      productId: 'p1',
      variantId: 'v1',
      title: 'Canvas Sneakers',
      brand: 'Nike',
      price: { amount: 4_999, currency: 'USD' },
      rating: 4.5,
      inStock: true,
      options: { size: ['9', '10'] },
    },
    {
      ref: 2,
      productId: 'p2',
      variantId: 'v2',
      title: 'Trail Boots',
      brand: null,
      price: { amount: 11_900, currency: 'USD' },
      rating: null,
      inStock: true,
      options: {},
    },
  ],
};
const afterSearch = (text: string): LanguageModelV3Prompt => [
  user('sneakers under $120'),
  {
    role: 'assistant',
    content: [
      {
        type: 'tool-call',
        toolCallId: 't1',
        toolName: 'search_products',
        input: { query: 'sneakers', maxPrice: 12_000 },
      },
    ],
  },
  {
    role: 'tool',
    content: [
      {
        type: 'tool-result',
        toolCallId: 't1',
        toolName: 'search_products',
        output: { type: 'json', value: searchResult },
      },
    ],
  },
  { role: 'assistant', content: [{ type: 'text', text: 'Here are results' }] },
  user(text),
];

describe('LocalModel (LanguageModelV3)', () => {
  const model = new LocalModel();

  it('turns a request into a search_products call with parsed constraints', async () => {
    const result = await model.doGenerate({
      prompt: [user('waterproof hiking boots under $120 in size 10')],
      tools: TOOLS,
    });
    expect(result.finishReason.unified).toBe('tool-calls');
    const call = result.content[0];
    expect(call?.type).toBe('tool-call');
    expect(call?.type === 'tool-call' && JSON.parse(call.input)).toEqual({
      query: 'waterproof hiking boots',
      maxPrice: 12_000,
      sizes: ['10'],
    });
  });

  it('writes the reply from the tool results of the turn', async () => {
    const prompt: LanguageModelV3Prompt = afterSearch('x').slice(0, 3);
    const result = await model.doGenerate({ prompt, tools: TOOLS });
    const text = result.content[0]?.type === 'text' ? result.content[0].text : '';
    expect(text).toContain('1. **Canvas Sneakers** by Nike: $49.99, rated 4.5');
    expect(text).toContain('2. **Trail Boots**: $119.00');
  });

  it('resolves references and refinements against earlier turns', async () => {
    const nike = await model.doGenerate({ prompt: afterSearch('how much is the Nike one?'), tools: TOOLS });
    expect(nike.content[0]).toMatchObject({
      type: 'tool-call',
      toolName: 'get_product',
      input: '{"productId":"p1"}',
    });
    const cheaper = await model.doGenerate({ prompt: afterSearch('cheaper'), tools: TOOLS });
    expect(cheaper.content[0]?.type === 'tool-call' && JSON.parse(cheaper.content[0].input)).toMatchObject({
      query: 'sneakers',
      maxPrice: 4_998,
    });
  });

  it('answers "which is the cheapest?" from the list shown, not with a new search', async () => {
    for (const [question, productId] of [
      ['which is the cheapest?', 'p1'],
      ['which one is the most expensive', 'p2'],
      ['which is best rated?', 'p1'],
    ] as const) {
      const result = await model.doGenerate({ prompt: afterSearch(question), tools: TOOLS });
      expect(result.content[0]).toMatchObject({
        type: 'tool-call',
        toolName: 'get_product',
        input: JSON.stringify({ productId }),
      });
    }
  });

  it('does not call tools that are not offered', async () => {
    const result = await model.doGenerate({ prompt: [user("what's in my cart?")], tools: TOOLS });
    expect(result.content[0]).toMatchObject({ type: 'text' });
  });

  it('streams the same answer as parts', async () => {
    const { stream } = await model.doStream({ prompt: [user('hello')], tools: TOOLS });
    const parts: LanguageModelV3StreamPart[] = [];
    for await (const part of stream as unknown as AsyncIterable<LanguageModelV3StreamPart>) parts.push(part);
    expect(parts[0]?.type).toBe('stream-start');
    expect(
      parts
        .filter((part) => part.type === 'text-delta')
        .map((part) => (part.type === 'text-delta' ? part.delta : ''))
        .join(''),
    ).toMatch(/^Hi!/);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'stop' } });
  });
});

describe('dialogue state', () => {
  it('holds the list shown, the product in focus and the pending confirmation as data', () => {
    const detail = {
      ok: true,
      product: { productId: 'p2', title: 'Trail Boots', price: { amount: 11_900, currency: 'USD' } },
    };
    const pending = {
      ok: true,
      needsConfirmation: true,
      pendingConfirmation: { id: 'cnf_1', summary: 'Add 9 × Trail Boots.' },
    };
    const prompt: LanguageModelV3Prompt = [
      ...afterSearch('tell me about the second one'),
      {
        role: 'assistant',
        content: [
          { type: 'tool-call', toolCallId: 't2', toolName: 'get_product', input: { productId: 'p2' } },
          {
            type: 'tool-call',
            toolCallId: 't3',
            toolName: 'add_to_cart',
            input: { variantId: 'v2', quantity: 9 },
          },
        ],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 't2',
            toolName: 'get_product',
            output: { type: 'json', value: detail },
          },
          {
            type: 'tool-result',
            toolCallId: 't3',
            toolName: 'add_to_cart',
            output: { type: 'json', value: pending },
          },
        ],
      },
      user('hmm'),
    ];
    const state = dialogueState(readConversation(prompt));
    expect(state.shown.map((item) => item.productId)).toEqual(['p1', 'p2']);
    expect(state.focus).toMatchObject({ productId: 'p2', title: 'Trail Boots' });
    expect(state.pending).toEqual({ id: 'cnf_1', summary: 'Add 9 × Trail Boots.' });
    expect(state.question).toBeUndefined();
  });
});

describe('constraints across a relaxed search', () => {
  const model = new LocalModel();
  const search = (id: string, input: Record<string, unknown>, items: JSONValue[]): LanguageModelV3Prompt => [
    {
      role: 'assistant' as const,
      content: [{ type: 'tool-call' as const, toolCallId: id, toolName: 'search_products', input }],
    },
    {
      role: 'tool' as const,
      content: [
        {
          type: 'tool-result' as const,
          toolCallId: id,
          toolName: 'search_products',
          output: { type: 'json' as const, value: { ok: true, total: items.length, offset: 0, items } },
        },
      ],
    },
  ];

  it('refines the search the shopper asked for, not the retry without their colour', async () => {
    const prompt: LanguageModelV3Prompt = [
      user('black sneakers'),
      // Nothing in black: the model retried with the colour as a word only, which found one.
      ...search('t1', { query: 'sneakers', colors: ['black'] }, []),
      ...search('t2', { query: 'sneakers black' }, searchResult.items.slice(0, 1) as JSONValue[]),
      { role: 'assistant', content: [{ type: 'text', text: 'Nothing matched all your filters' }] },
      user('size 10'),
    ];
    const result = await model.doGenerate({ prompt, tools: TOOLS });
    const call = result.content[0];
    expect(call?.type === 'tool-call' && JSON.parse(call.input)).toMatchObject({
      query: 'sneakers',
      colors: ['black'],
      sizes: ['10'],
    });
  });

  it('reads constraints alone as a refinement even when the last search found nothing', async () => {
    const prompt: LanguageModelV3Prompt = [
      user('wool hoodie'),
      ...search('t1', { query: 'wool hoodie' }, []),
      { role: 'assistant', content: [{ type: 'text', text: 'I could not find anything' }] },
      user('size medium'),
    ];
    const result = await model.doGenerate({ prompt, tools: TOOLS });
    const call = result.content[0];
    expect(call?.type === 'tool-call' && JSON.parse(call.input)).toMatchObject({
      query: 'wool hoodie',
      sizes: ['M'],
    });
  });
});
