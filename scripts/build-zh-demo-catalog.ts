/**
 * `npx tsx scripts/build-zh-demo-catalog.ts`: writes the Chinese demo catalog slice
 * (`data/demo-catalog-zh.json`, prices in CNY) and its labelled query set (`eval/zh-queries.json`).
 *
 * The products are written for this project (no outside data): twenty product types a Chinese shop
 * sells, each from three or four brands shoppers there know, with colours, sizes and prices in yuan.
 * Each product also carries its English type words as tags, so a mixed query ("耐克 running 鞋")
 * finds it. The query set is hand-written phrasings (colloquial, Traditional characters, synonyms,
 * brand in pinyin or English, a price bound), each labelled with the products that should match:
 * every product of the named type (and brand, colour or price bound when the query names one).
 * Deterministic: running it again writes the same files.
 */
import { writeFileSync } from 'node:fs';

interface ProductType {
  readonly key: string;
  readonly zh: string;
  readonly en: string[];
  readonly category: string;
  /** Base price in yuan. */
  readonly price: number;
  readonly brands: readonly (readonly [string, string])[];
  readonly colors?: readonly string[];
  readonly sizes?: readonly string[];
  readonly models: readonly string[];
  readonly about: string;
}

const TYPES: readonly ProductType[] = [
  {
    key: 'running',
    zh: '跑步鞋',
    en: ['running', 'shoes'],
    category: '鞋靴',
    price: 399,
    brands: [
      ['耐克', 'Nike'],
      ['阿迪达斯', 'Adidas'],
      ['李宁', 'Li-Ning'],
      ['安踏', 'Anta'],
    ],
    colors: ['黑色', '白色', '蓝色'],
    sizes: ['40', '41', '42', '43'],
    models: ['轻量缓震', '竞速', '经典'],
    about: '透气网面，缓震回弹，适合日常慢跑和长距离训练。',
  },
  {
    key: 'basketball',
    zh: '篮球鞋',
    en: ['basketball', 'shoes'],
    category: '鞋靴',
    price: 599,
    brands: [
      ['耐克', 'Nike'],
      ['李宁', 'Li-Ning'],
      ['安踏', 'Anta'],
    ],
    colors: ['黑色', '红色'],
    sizes: ['41', '42', '43', '44'],
    models: ['实战', '高帮'],
    about: '高帮护踝，耐磨橡胶大底，抓地力强。',
  },
  {
    key: 'tshirt',
    zh: '运动T恤',
    en: ['sports', 't-shirt'],
    category: '服装',
    price: 129,
    brands: [
      ['优衣库', 'Uniqlo'],
      ['李宁', 'Li-Ning'],
      ['耐克', 'Nike'],
    ],
    colors: ['白色', '黑色', '灰色'],
    sizes: ['S', 'M', 'L', 'XL'],
    models: ['速干', '纯棉'],
    about: '圆领短袖，吸湿速干，运动休闲都合适。',
  },
  {
    key: 'hoodie',
    zh: '连帽卫衣',
    en: ['hoodie', 'sweatshirt'],
    category: '服装',
    price: 259,
    brands: [
      ['优衣库', 'Uniqlo'],
      ['太平鸟', 'Peacebird'],
      ['安踏', 'Anta'],
    ],
    colors: ['黑色', '灰色', '藏青色'],
    sizes: ['S', 'M', 'L', 'XL'],
    models: ['加绒', '宽松'],
    about: '加厚面料，连帽设计，秋冬保暖。',
  },
  {
    key: 'jeans',
    zh: '牛仔裤',
    en: ['jeans'],
    category: '服装',
    price: 299,
    brands: [
      ['优衣库', 'Uniqlo'],
      ['李维斯', "Levi's"],
      ['太平鸟', 'Peacebird'],
    ],
    colors: ['浅蓝色', '深蓝色'],
    sizes: ['28', '30', '32', '34'],
    models: ['直筒', '修身'],
    about: '弹力牛仔布，百搭版型。',
  },
  {
    key: 'down',
    zh: '羽绒服',
    en: ['down', 'jacket'],
    category: '服装',
    price: 899,
    brands: [
      ['波司登', 'Bosideng'],
      ['优衣库', 'Uniqlo'],
      ['太平鸟', 'Peacebird'],
    ],
    colors: ['黑色', '白色', '红色'],
    sizes: ['M', 'L', 'XL'],
    models: ['长款', '轻薄'],
    about: '白鸭绒填充，防风保暖，冬季出行必备。',
  },
  {
    key: 'dress',
    zh: '连衣裙',
    en: ['dress'],
    category: '服装',
    price: 359,
    brands: [
      ['太平鸟', 'Peacebird'],
      ['优衣库', 'Uniqlo'],
      ['欧时力', 'Ochirly'],
    ],
    colors: ['黑色', '碎花', '米白色'],
    sizes: ['S', 'M', 'L'],
    models: ['法式', '收腰'],
    about: '垂感面料，显瘦收腰，通勤约会都好看。',
  },
  {
    key: 'bottle',
    zh: '保温杯',
    en: ['water', 'bottle', 'insulated'],
    category: '厨房',
    price: 89,
    brands: [
      ['膳魔师', 'Thermos'],
      ['象印', 'Zojirushi'],
      ['苏泊尔', 'Supor'],
      ['小米', 'Xiaomi'],
    ],
    colors: ['黑色', '白色', '粉色'],
    models: ['500ml 不锈钢', '便携'],
    about: '316不锈钢内胆，12小时保温保冷。',
  },
  {
    key: 'ricecooker',
    zh: '电饭煲',
    en: ['rice', 'cooker'],
    category: '厨房电器',
    price: 499,
    brands: [
      ['美的', 'Midea'],
      ['苏泊尔', 'Supor'],
      ['小米', 'Xiaomi'],
    ],
    models: ['4L 智能', 'IH 电磁加热'],
    about: '多功能预约，柴火饭口感，一键操作。',
  },
  {
    key: 'earbuds',
    zh: '蓝牙耳机',
    en: ['bluetooth', 'earbuds', 'headphones'],
    category: '数码',
    price: 299,
    brands: [
      ['小米', 'Xiaomi'],
      ['华为', 'Huawei'],
      ['漫步者', 'Edifier'],
      ['索尼', 'Sony'],
    ],
    colors: ['黑色', '白色'],
    models: ['真无线 降噪', '入耳式'],
    about: '主动降噪，长续航，通话清晰。',
  },
  {
    key: 'watch',
    zh: '智能手表',
    en: ['smart', 'watch'],
    category: '数码',
    price: 999,
    brands: [
      ['华为', 'Huawei'],
      ['小米', 'Xiaomi'],
      ['苹果', 'Apple'],
    ],
    colors: ['黑色', '银色'],
    models: ['运动版', 'Pro'],
    about: '心率血氧监测，运动模式丰富，长续航。',
  },
  {
    key: 'powerbank',
    zh: '充电宝',
    en: ['power', 'bank', 'charger'],
    category: '数码',
    price: 149,
    brands: [
      ['小米', 'Xiaomi'],
      ['倍思', 'Baseus'],
      ['安克', 'Anker'],
    ],
    colors: ['黑色', '白色'],
    models: ['20000mAh 快充', '10000mAh 轻薄'],
    about: '双向快充，大容量，可带上飞机。',
  },
  {
    key: 'keyboard',
    zh: '机械键盘',
    en: ['mechanical', 'keyboard'],
    category: '电脑外设',
    price: 399,
    brands: [
      ['罗技', 'Logitech'],
      ['雷蛇', 'Razer'],
      ['达尔优', 'Dareu'],
    ],
    colors: ['黑色', '白色'],
    models: ['青轴', '红轴 无线'],
    about: '全键无冲，RGB背光，手感清脆。',
  },
  {
    key: 'backpack',
    zh: '双肩包',
    en: ['backpack', 'bag'],
    category: '箱包',
    price: 199,
    brands: [
      ['新秀丽', 'Samsonite'],
      ['小米', 'Xiaomi'],
      ['耐克', 'Nike'],
    ],
    colors: ['黑色', '灰色', '藏青色'],
    models: ['商务 电脑包', '休闲 大容量'],
    about: '防泼水面料，可放15.6寸电脑，减压背带。',
  },
  {
    key: 'lipstick',
    zh: '口红',
    en: ['lipstick', 'makeup'],
    category: '美妆',
    price: 229,
    brands: [
      ['完美日记', 'Perfect Diary'],
      ['花西子', 'Florasis'],
      ['迪奥', 'Dior'],
    ],
    colors: ['正红色', '豆沙色', '橘色'],
    models: ['丝绒哑光', '滋润'],
    about: '显色持久，不易沾杯，滋润不干。',
  },
  {
    key: 'facecream',
    zh: '面霜',
    en: ['face', 'cream', 'moisturizer'],
    category: '美妆',
    price: 329,
    brands: [
      ['自然堂', 'Chando'],
      ['百雀羚', 'Pechoin'],
      ['兰蔻', 'Lancome'],
    ],
    models: ['补水保湿', '修护'],
    about: '深层补水，温和不油腻，适合干性和混合性肌肤。',
  },
  {
    key: 'yogamat',
    zh: '瑜伽垫',
    en: ['yoga', 'mat'],
    category: '运动',
    price: 129,
    brands: [
      ['Keep', 'Keep'],
      ['李宁', 'Li-Ning'],
      ['迪卡侬', 'Decathlon'],
    ],
    colors: ['紫色', '蓝色', '黑色'],
    models: ['加厚 防滑', 'TPE 双面'],
    about: '加厚防滑，回弹好，家用健身入门。',
  },
  {
    key: 'teaset',
    zh: '茶具套装',
    en: ['tea', 'set'],
    category: '家居',
    price: 268,
    brands: [
      ['景德镇', 'Jingdezhen'],
      ['故宫文创', 'Palace Museum'],
    ],
    models: ['陶瓷 功夫茶', '青花瓷'],
    about: '一壶六杯，礼盒包装，送礼自用皆宜。',
  },
  {
    key: 'phonecase',
    zh: '手机壳',
    en: ['phone', 'case'],
    category: '数码配件',
    price: 59,
    brands: [
      ['倍思', 'Baseus'],
      ['小米', 'Xiaomi'],
      ['华为', 'Huawei'],
    ],
    colors: ['透明', '黑色'],
    models: ['防摔 硅胶', '磁吸'],
    about: '四角气囊防摔，贴合机身，不发黄。',
  },
  {
    key: 'umbrella',
    zh: '雨伞',
    en: ['umbrella'],
    category: '家居',
    price: 79,
    brands: [
      ['天堂伞', 'Paradise'],
      ['蕉下', 'Beneunder'],
    ],
    colors: ['黑色', '蓝色'],
    models: ['晴雨两用 折叠', '自动 防晒'],
    about: '黑胶防晒，防风骨架，晴雨两用。',
  },
];

interface Product {
  id: string;
  title: string;
  description: string;
  category: string;
  brand: string;
  tags: string[];
  attributes: Record<string, string>;
  rating: number;
  images: string[];
  variants: {
    id: string;
    sku: string;
    options: Record<string, string>;
    price: { amount: number; currency: string };
    stock: number;
  }[];
}

/** What a product was built from, for labelling the queries. */
interface Built {
  readonly product: Product;
  readonly type: string;
  readonly brandEn: string;
  readonly minYuan: number;
  readonly colors: readonly string[];
}

function buildCatalog(): Built[] {
  const built: Built[] = [];
  let number = 0;
  for (const type of TYPES) {
    type.brands.forEach(([brandZh, brandEn], brandIndex) => {
      const model = type.models[brandIndex % type.models.length] ?? '';
      number += 1;
      const id = `prd_zh_${String(number).padStart(3, '0')}`;
      // Prices spread around the type's base, a different step per brand.
      const yuan = Math.round(type.price * (0.7 + 0.2 * brandIndex));
      const colors = type.colors ?? [];
      const sizes = type.sizes ?? [];
      const combos: Record<string, string>[] = [];
      for (const color of colors.length === 0 ? [undefined] : colors) {
        for (const size of sizes.length === 0 ? [undefined] : sizes.slice(0, 3)) {
          combos.push({
            ...(color === undefined ? {} : { 颜色: color }),
            ...(size === undefined ? {} : { 尺码: size }),
          });
        }
      }
      built.push({
        type: type.key,
        brandEn,
        minYuan: yuan,
        colors,
        product: {
          id,
          title: `${brandZh} ${model} ${type.zh}`,
          description: `${brandZh}（${brandEn}）${type.zh}，${type.about}`,
          category: type.category,
          brand: brandZh,
          tags: [type.zh, brandEn.toLowerCase(), ...type.en],
          attributes: { 发货: '48小时内发货', 退换: '7天无理由退换' },
          rating: Math.round((3.8 + ((number * 7) % 12) / 10) * 10) / 10,
          images: [],
          variants: combos.map((options, index) => ({
            id: `var_zh_${String(number).padStart(3, '0')}_${index + 1}`,
            sku: `ZH-${number}-${index + 1}`,
            options,
            price: { amount: (yuan + (index % 3) * 10) * 100, currency: 'CNY' },
            stock: 20 + ((number * 13 + index * 7) % 60),
          })),
        },
      });
    });
  }
  return built;
}

interface Query {
  readonly query: string;
  /** The price bound the query names, in fen, read by the assistant's constraint parser. */
  readonly maxPrice?: number;
  readonly expected: string[];
}

function buildQueries(catalog: readonly Built[]): Query[] {
  const of = (type: string, filter: (item: Built) => boolean = () => true) =>
    catalog.filter((item) => item.type === type && filter(item)).map((item) => item.product.id);
  const brand = (name: string) => (item: Built) => item.brandEn === name;
  const color = (name: string) => (item: Built) => item.colors.includes(name);
  const under = (yuan: number) => (item: Built) => item.minYuan <= yuan;
  const q = (query: string, expected: string[], maxYuan?: number): Query => ({
    query,
    ...(maxYuan === undefined ? {} : { maxPrice: maxYuan * 100 }),
    expected,
  });
  return [
    // The type as the catalog names it.
    q('跑步鞋', of('running')),
    q('篮球鞋', of('basketball')),
    q('运动T恤', of('tshirt')),
    q('连帽卫衣', of('hoodie')),
    q('牛仔裤', of('jeans')),
    q('羽绒服', of('down')),
    q('连衣裙', of('dress')),
    q('保温杯', of('bottle')),
    q('电饭煲', of('ricecooker')),
    q('蓝牙耳机', of('earbuds')),
    q('智能手表', of('watch')),
    q('充电宝', of('powerbank')),
    q('机械键盘', of('keyboard')),
    q('双肩包', of('backpack')),
    q('口红', of('lipstick')),
    q('面霜', of('facecream')),
    q('瑜伽垫', of('yogamat')),
    q('茶具', of('teaset')),
    q('手机壳', of('phonecase')),
    q('雨伞', of('umbrella')),
    // Colloquial requests around the type.
    q('我想买一双跑鞋', of('running')),
    q('有没有保温杯', of('bottle')),
    q('推荐一款蓝牙耳机', of('earbuds')),
    q('给我找个双肩包', of('backpack')),
    q('想要一件羽绒服', of('down')),
    q('帮我找一条牛仔裤', of('jeans')),
    q('买个电饭锅', of('ricecooker')),
    q('有卫衣吗', of('hoodie')),
    q('送女朋友的口红', of('lipstick')),
    q('冬天穿的羽绒服', of('down')),
    // Brand and type.
    q('耐克跑步鞋', of('running', brand('Nike'))),
    q('李宁篮球鞋', of('basketball', brand('Li-Ning'))),
    q('小米充电宝', of('powerbank', brand('Xiaomi'))),
    q('华为智能手表', of('watch', brand('Huawei'))),
    q('优衣库牛仔裤', of('jeans', brand('Uniqlo'))),
    q('波司登羽绒服', of('down', brand('Bosideng'))),
    q('美的电饭煲', of('ricecooker', brand('Midea'))),
    q('罗技键盘', of('keyboard', brand('Logitech'))),
    q('完美日记口红', of('lipstick', brand('Perfect Diary'))),
    q('膳魔师保温杯', of('bottle', brand('Thermos'))),
    q('安踏的跑鞋', of('running', brand('Anta'))),
    q('新秀丽双肩包', of('backpack', brand('Samsonite'))),
    // Traditional characters, as typed in Taiwan or Hong Kong.
    q('藍牙耳機', of('earbuds')),
    q('保溫杯', of('bottle')),
    q('雙肩包', of('backpack')),
    q('連衣裙', of('dress')),
    q('羽絨服', of('down')),
    q('電飯煲', of('ricecooker')),
    q('機械鍵盤', of('keyboard')),
    q('智能手錶', of('watch')),
    // Mixed Chinese and English.
    q('nike 跑步鞋', of('running', brand('Nike'))),
    q('耐克 running 鞋', of('running', brand('Nike'))),
    q('xiaomi 充电宝', of('powerbank', brand('Xiaomi'))),
    q('yoga 垫', of('yogamat')),
    q('bluetooth 耳机', of('earbuds')),
    q('Uniqlo T恤', of('tshirt', brand('Uniqlo'))),
    // Colour and type.
    q('黑色双肩包', of('backpack', color('黑色'))),
    q('白色运动T恤', of('tshirt', color('白色'))),
    q('红色羽绒服', of('down', color('红色'))),
    q('紫色瑜伽垫', of('yogamat', color('紫色'))),
    // A price bound in yuan.
    q('300元以内的蓝牙耳机', of('earbuds', under(300)), 300),
    q('1000块以下的智能手表', of('watch', under(1000)), 1000),
    q('100元以内的手机壳', of('phonecase', under(100)), 100),
    q('500元以内的跑步鞋', of('running', under(500)), 500),
  ];
}

const catalog = buildCatalog();
const queries = buildQueries(catalog);
writeFileSync(
  'data/demo-catalog-zh.json',
  `${JSON.stringify({ products: catalog.map((item) => item.product) }, null, 2)}\n`,
);
writeFileSync('eval/zh-queries.json', `${JSON.stringify({ queries }, null, 2)}\n`);
process.stdout.write(`wrote ${catalog.length} products and ${queries.length} queries\n`);
