/** One rule of RUSHCART_MODEL_POLICY: allow or deny a provider/model pattern (`*` matches anything). */
export interface PolicyRule {
  readonly effect: 'allow' | 'deny';
  readonly pattern: string;
}

/** The decision for one model. */
export interface PolicyDecision {
  readonly allowed: boolean;
  /** The rule that decided, or a note when none matched. */
  readonly reason: string;
}

/**
 * Parses a policy such as `deny:vendorx/*,allow:openai-compatible/qwen-*`. Rules are separated by
 * commas or semicolons; each is `allow:` or `deny:` and a `provider/model` glob. Throws on a
 * malformed rule, so a typo never silently allows everything.
 */
export function parseModelPolicy(text: string | undefined): PolicyRule[] {
  if (text === undefined || text.trim() === '') return [];
  return text
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^(allow|deny)\s*:\s*([^\s:]+)$/i.exec(part);
      if (match === null)
        throw new Error(
          `RUSHCART_MODEL_POLICY: cannot read rule "${part}" (want allow:<provider>/<model> or deny:<provider>/<model>)`,
        );
      const pattern = (match[2] ?? '').toLowerCase();
      return {
        effect: (match[1] ?? '').toLowerCase() as 'allow' | 'deny',
        pattern: pattern.includes('/') ? pattern : `${pattern}/*`,
      };
    });
}

/**
 * Decides whether `provider/model` may run. Deny rules win over allow rules; when any allow rule
 * exists, a model must match one. The local model is always allowed (it never leaves the process).
 */
export function decideModel(rules: readonly PolicyRule[], provider: string, model: string): PolicyDecision {
  const name = `${provider}/${model}`.toLowerCase();
  if (provider === 'rushcart' && model === 'local')
    return { allowed: true, reason: 'the local model is always allowed' };
  const deny = rules.find((rule) => rule.effect === 'deny' && globMatch(rule.pattern, name));
  if (deny !== undefined) return { allowed: false, reason: `denied by deny:${deny.pattern}` };
  const allows = rules.filter((rule) => rule.effect === 'allow');
  if (allows.length === 0) return { allowed: true, reason: 'no rule denies it' };
  const allow = allows.find((rule) => globMatch(rule.pattern, name));
  return allow === undefined
    ? { allowed: false, reason: 'no allow rule matches it' }
    : { allowed: true, reason: `allowed by allow:${allow.pattern}` };
}

function globMatch(pattern: string, name: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return regex.test(name);
}
