import { createRequire } from 'node:module';

/** A Han character: Chinese text is written without spaces between words. */
const HAN = /\p{Script=Han}/u;
/** Runs of Han characters and runs of anything else, so "nike跑步鞋" splits into "nike" and "跑步鞋". */
const HAN_RUNS = /\p{Script=Han}+|[^\p{Script=Han}]+/gu;

/**
 * Words and characters of Chinese shopping requests that tell no products apart: particles,
 * pronouns, measure words, request framing and the words around a price bound.
 */
const CHINESE_STOP_WORDS = new Set(
  `的 了 吗 呢 吧 啊 呀 和 与 或 及 在 是 有 没 没有 有没有 我 你 他 她 它 我们 想 要 想要 需要 买 购买 给 给我 帮 帮我
  请 找 找找 推荐 推荐一下 一下 一个 一款 一双 一件 一条 一些 这个 那个 这 那 个 双 件 条 款 只 些 什么 哪 哪个 哪些
  以内 以下 以上 之内 左右 元 块 块钱 钱 价格 便宜 便宜点 便宜的 贵 好 好的 最 很 太 都 也 还 就 又 能 可以`.split(
    /\s+/,
  ),
);

/** True when the text holds Chinese. */
export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/** True for a stop word of Chinese shopping requests. */
export function isChineseStopWord(word: string): boolean {
  return CHINESE_STOP_WORDS.has(word);
}

/**
 * Splits a word that holds Chinese into index words: Traditional folded to Simplified (a shopper
 * in Taipei typing 藍牙耳機 finds 蓝牙耳机), each Han run cut by jieba in search mode (every
 * dictionary word and the shorter words inside long ones: 跑步鞋 gives 跑步, 鞋), and each
 * character of a word on its own as well, so a synonym sharing characters (跑鞋 for 跑步鞋) still
 * meets its product (`characters`; queries first search without them, which is far cheaper, as
 * one character is in many more products than a word). Other runs are left as they are.
 */
export function splitChinese(word: string, characters = true): string[] {
  const parts: string[] = [];
  for (const run of word.match(HAN_RUNS) ?? []) {
    if (!hasHan(run)) {
      parts.push(run);
      continue;
    }
    const simplified = tools().toSimplified(run);
    for (const segment of tools().segment(simplified)) {
      if (segment.trim() === '' || isChineseStopWord(segment)) continue;
      parts.push(segment);
      if (!characters || segment.length === 1) continue;
      for (const character of segment) if (!isChineseStopWord(character)) parts.push(character);
    }
  }
  return parts;
}

interface ChineseTools {
  readonly segment: (run: string) => string[];
  readonly toSimplified: (text: string) => string;
}

let loaded: ChineseTools | undefined;

/**
 * jieba (`@node-rs/jieba`, a prebuilt binary with its dictionary) and OpenCC's Traditional to
 * Simplified table (`opencc-js`), loaded on the first Chinese text so an English-only store pays
 * nothing. Where jieba's binary is missing for the platform, `Intl.Segmenter` cuts the words.
 */
function tools(): ChineseTools {
  if (loaded !== undefined) return loaded;
  const require = createRequire(import.meta.url);
  const opencc = require('opencc-js/t2cn') as {
    Converter(options: { from: string; to: string }): (text: string) => string;
  };
  const toSimplified = opencc.Converter({ from: 't', to: 'cn' });
  let segment: (run: string) => string[];
  try {
    const { Jieba } = require('@node-rs/jieba') as {
      Jieba: { withDict(dict: Uint8Array): { cutForSearch(text: string, hmm: boolean): string[] } };
    };
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    const jieba = Jieba.withDict(dict);
    segment = (run) => jieba.cutForSearch(run, true);
  } catch {
    const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
    segment = (run) => [...segmenter.segment(run)].map((part) => part.segment);
  }
  loaded = { segment, toSimplified };
  return loaded;
}
