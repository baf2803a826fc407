import { readFileSync } from 'node:fs';

/** One account of the abuse crowd. */
export interface Actor {
  readonly abuser: boolean;
  readonly ip: string;
  readonly deviceId: string;
  readonly email: string;
}

/** The crowd, shuffled with a seeded generator: abusers' accounts mostly in the first half (they are scripts, and early). */
export function crowd(honest: number, operators: number, accounts: number, seed: number): Actor[] {
  const random = mulberry32(seed);
  const providers = ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'qq.com'];
  const honestActors: Actor[] = [];
  for (let index = 0; index < honest; index += 1) {
    // A tenth share a household address with the shopper before them.
    const household = index > 0 && random() < 0.1 ? index - 1 : index;
    honestActors.push({
      abuser: false,
      ip: `10.${(household >> 16) & 255}.${(household >> 8) & 255}.${household & 255}`,
      deviceId: `device-h${index}`,
      // Four in five at a big provider; the rest at a work or family domain shared by a few.
      email:
        index % 5 === 4
          ? `shopper${index}@work${Math.floor(index / 5) % 40}.example`
          : `shopper${index}@${providers[index % providers.length]}`,
    });
  }
  const abusers: Actor[] = [];
  const disposable = ['mailinator.com', 'guerrillamail.com', 'yopmail.com', '10minutemail.com'];
  for (let operator = 0; operator < operators; operator += 1) {
    for (let account = 0; account < accounts; account += 1) {
      const style = operator % 3;
      const email =
        style === 0
          ? `bot${account}@${disposable[account % disposable.length]}`
          : style === 1
            ? `${'operator'.slice(0, 1 + (account % 7))}.${'operator'.slice(1 + (account % 7))}${operator}+${account}@gmail.com`
            : `a${account}@farm${operator}.example`;
      abusers.push({
        abuser: true,
        ip: `172.16.${operator}.${account % 2}`,
        deviceId: `device-op${operator}-${account % 3}`,
        email,
      });
    }
  }
  const early = abusers.map((actor) => ({ actor, at: random() * 0.5 }));
  const rest = honestActors.map((actor) => ({ actor, at: random() }));
  return [...early, ...rest].sort((a, b) => a.at - b.at).map((entry) => entry.actor);
}

/** Reads codes from the file mailer's outbox, keeping its place. */
export function mailbox(outbox: string): (to: string) => string | undefined {
  const latest = new Map<string, string>();
  return (to) => {
    let text = '';
    try {
      text = readFileSync(outbox, 'utf8');
    } catch {
      return undefined;
    }
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const mail = JSON.parse(line) as { to: string; text: string };
      const code = mail.text.match(/\b(\d{6})\b/)?.[1];
      if (code !== undefined) latest.set(mail.to, code);
    }
    return latest.get(to);
  };
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
